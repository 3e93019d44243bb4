using Google.Protobuf;
using Onnx;
using AttributeType = Onnx.AttributeProto.Types.AttributeType;

namespace DeepSeek.Edge.Quantization.Onnx;

/// <summary>Typed access to node attributes.</summary>
public static class NodeAttributes
{
    public static AttributeProto? Find(this NodeProto node, string name) =>
        node?.Attribute.FirstOrDefault(a => a.Name == name);

    public static long GetInt(this NodeProto node, string name, long fallback) =>
        node.Find(name) is { } a ? a.I : fallback;

    public static float GetFloat(this NodeProto node, string name, float fallback) =>
        node.Find(name) is { } a ? a.F : fallback;

    public static long[]? GetInts(this NodeProto node, string name) =>
        node.Find(name) is { } a ? [.. a.Ints] : null;

    public static string? GetString(this NodeProto node, string name) =>
        node.Find(name) is { } a ? a.S.ToStringUtf8() : null;

    public static void SetInt(this NodeProto node, string name, long value)
    {
        ArgumentNullException.ThrowIfNull(node);
        node.RemoveAttribute(name);
        node.Attribute.Add(new AttributeProto { Name = name, Type = AttributeType.Int, I = value });
    }

    public static void SetFloat(this NodeProto node, string name, float value)
    {
        ArgumentNullException.ThrowIfNull(node);
        node.RemoveAttribute(name);
        node.Attribute.Add(new AttributeProto { Name = name, Type = AttributeType.Float, F = value });
    }

    public static void SetString(this NodeProto node, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(node);
        node.RemoveAttribute(name);
        node.Attribute.Add(new AttributeProto { Name = name, Type = AttributeType.String, S = ByteString.CopyFromUtf8(value) });
    }

    public static bool RemoveAttribute(this NodeProto node, string name)
    {
        ArgumentNullException.ThrowIfNull(node);
        var attribute = node.Find(name);
        return attribute is not null && node.Attribute.Remove(attribute);
    }
}
