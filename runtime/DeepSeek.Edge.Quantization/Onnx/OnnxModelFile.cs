using Google.Protobuf;
using Onnx;

namespace DeepSeek.Edge.Quantization.Onnx;

/// <summary>Reads and writes ONNX model files (self-contained: weights inside the file).</summary>
public static class OnnxModelFile
{
    public static ModelProto Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"ONNX model \"{path}\" not found", path);
        return Parse(File.ReadAllBytes(path), path);
    }

    public static ModelProto Parse(byte[] bytes, string source = "model")
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new QuantizationException($"{source} is not a readable ONNX model ({ex.Message}); check that the file is complete", ex);
        }

        if (model.Graph is null) throw new QuantizationException($"{source} has no graph; it is not an ONNX model");
        var external = model.Graph.Initializer.FirstOrDefault(t => t.DataLocation == TensorProto.Types.DataLocation.External);
        if (external is not null)
            throw new QuantizationException($"{source}: initializer \"{external.Name}\" keeps its data in an external file; save the model with weights inside one .onnx file first");
        return model;
    }

    public static byte[] ToBytes(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.ToByteArray();
    }

    public static void Save(ModelProto model, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllBytes(path, ToBytes(model));
    }
}
