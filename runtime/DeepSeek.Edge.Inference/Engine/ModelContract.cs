using DeepSeek.Edge.Models.Manifest;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DeepSeek.Edge.Inference.Engine;

/// <summary>Checks the manifest's input and decoder outputs against the ONNX model's own metadata, at load.</summary>
internal static class ModelContract
{
    public static void Check(ModelManifest manifest, InferenceSession session, IReadOnlyList<string> decoderOutputs)
    {
        var input = manifest.Input;
        if (!session.InputMetadata.TryGetValue(input.Name, out var meta))
            throw new ModelContractException(manifest.Id, $"manifest $.input.name is \"{input.Name}\" but the model's inputs are: {string.Join(", ", session.InputMetadata.Keys)}");

        var expectedType = input.DataType == InputDataType.UInt8 ? TensorElementType.UInt8 : TensorElementType.Float;
        if (!meta.IsTensor || meta.ElementDataType != expectedType)
            throw new ModelContractException(manifest.Id, $"input \"{input.Name}\" has element type {meta.ElementDataType}; manifest $.input.dtype says {expectedType} (float32 and uint8 inputs are supported)");

        var dims = meta.Dimensions;
        var declared = input.Shape;
        if (dims.Length != declared.Length)
            throw new ModelContractException(manifest.Id, $"input \"{input.Name}\" has rank {dims.Length} [{Format(dims)}]; manifest $.input ({input.Layout} {input.Width}x{input.Height}) means [{string.Join(",", declared)}]");
        for (var i = 0; i < dims.Length; i++)
        {
            if (dims[i] > 0 && dims[i] != declared[i])
                throw new ModelContractException(manifest.Id, $"input \"{input.Name}\" has shape [{Format(dims)}] but manifest $.input ({input.Layout}, width {input.Width}, height {input.Height}, {input.Channels} channels) means [{string.Join(",", declared)}]; check layout, width and height");
        }

        var missing = decoderOutputs.Where(o => !session.OutputMetadata.ContainsKey(o)).ToArray();
        if (missing.Length > 0)
            throw new ModelContractException(manifest.Id, $"manifest $.decoder names output(s) {string.Join(", ", missing.Select(m => $"\"{m}\""))} but the model's outputs are: {string.Join(", ", session.OutputMetadata.Keys)}");
    }

    public static string Format(int[] dims) => string.Join(",", dims.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
