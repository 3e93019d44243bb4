using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Vision.Images;
using DeepSeek.Edge.Vision.Preprocessing;

namespace DeepSeek.Edge.Quantization.Samples;

/// <summary>
/// Image files turned into model inputs by the model's own manifest preprocessing (the same
/// <see cref="FramePreprocessor"/> the pipelines use), so calibration sees what the model sees in service.
/// </summary>
public static class ManifestImageSamples
{
    public static IReadOnlyList<ModelSample> Load(InputSpec input, IEnumerable<string> imagePaths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(imagePaths);
        if (input.DataType != InputDataType.Float32)
            throw new QuantizationException($"model input \"{input.Name}\" is {input.DataType}; calibration supports float32 image inputs");

        using var preprocessor = new FramePreprocessor(input);
        var samples = new List<ModelSample>();
        foreach (var path in imagePaths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var frame = ImageFiles.Read(path);
            var data = new float[input.ElementCount];
            preprocessor.Process(frame, data);
            samples.Add(new ModelSample(path, [new NamedTensor(input.Name, data, input.Shape)]));
        }

        return samples;
    }
}
