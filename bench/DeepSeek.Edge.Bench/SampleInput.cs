using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Vision.Preprocessing;
using OpenCvSharp;

namespace DeepSeek.Edge.Bench;

/// <summary>A real frame of the video, preprocessed once into a model's input tensor (the prepared tensor of the raw runs).</summary>
internal static class SampleInput
{
    public static float[] Tensor(string video, InputSpec spec)
    {
        using var capture = new VideoCapture(video);
        using var frame = new Mat();
        for (var i = 0; i < 100 && capture.Read(frame); i++)
        {
            // the 100th frame: people in the street, not the first black frames
        }

        if (frame.Empty()) throw new InvalidDataException($"cannot read a frame from {video}");
        using var preprocessor = new FramePreprocessor(spec);
        var tensor = new float[spec.ElementCount];
        preprocessor.Process(frame, tensor);
        return tensor;
    }
}
