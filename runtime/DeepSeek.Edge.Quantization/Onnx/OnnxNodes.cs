using Onnx;

namespace DeepSeek.Edge.Quantization.Onnx;

/// <summary>Small constructors for nodes and opset bookkeeping.</summary>
public static class OnnxNodes
{
    /// <summary>The default ONNX domain ("" or "ai.onnx").</summary>
    public static bool IsDefaultDomain(string domain) => domain is "" or "ai.onnx";

    public static NodeProto Create(string opType, string name, IEnumerable<string> inputs, IEnumerable<string> outputs, string domain = "")
    {
        var node = new NodeProto { OpType = opType, Name = name, Domain = domain };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        return node;
    }

    /// <summary>The version of the default ONNX domain the model imports (0 when it imports none).</summary>
    public static long DefaultOpset(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.OpsetImport.Where(o => IsDefaultDomain(o.Domain)).Select(o => o.Version).DefaultIfEmpty(0).Max();
    }

    public static void SetDefaultOpset(ModelProto model, long version)
    {
        ArgumentNullException.ThrowIfNull(model);
        var imports = model.OpsetImport.Where(o => IsDefaultDomain(o.Domain)).ToList();
        foreach (var o in imports) model.OpsetImport.Remove(o);
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = version });
    }

    /// <summary>Imports a domain (e.g. com.microsoft) at a version, unless the model already imports it.</summary>
    public static void EnsureDomain(ModelProto model, string domain, long version)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.OpsetImport.All(o => o.Domain != domain)) model.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = version });
    }
}
