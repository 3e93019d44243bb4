using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Quantization.Onnx;
using DeepSeek.Edge.Quantization.Qdq;
using DeepSeek.Edge.Quantization.Samples;
using DeepSeek.Edge.Quantization.Sessions;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Quantization.Tests.Support;

/// <summary>BlazeFace (front, 128) quantized once with the default options, calibrated on the sample photos.</summary>
public sealed class QuantizedBlazeFace
{
    public QuantizedBlazeFace()
    {
        Bundle = ModelBundle.Open(TestAssets.BlazeFaceFront);
        Fp32 = File.ReadAllBytes(Bundle.ModelPath);
        Holdout = RealSamples.Media(Bundle);
        Result = StaticQuantizer.Quantize(OnnxModelFile.Parse(Fp32), RealSamples.Photos(Bundle), new StaticQuantizationOptions(), new SessionSettings(2));
        Int8 = OnnxModelFile.ToBytes(Result.Model);
    }

    public ModelBundle Bundle { get; }
    public byte[] Fp32 { get; }
    public byte[] Int8 { get; }
    public StaticQuantizationResult Result { get; }
    public IReadOnlyList<ModelSample> Holdout { get; }
}
