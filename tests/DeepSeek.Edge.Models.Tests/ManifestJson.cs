using System.Text;
using System.Text.Json.Nodes;

namespace DeepSeek.Edge.Models.Tests;

/// <summary>A valid contract-1 manifest that each test edits in one place.</summary>
internal static class ManifestJson
{
    public const string ValidJson = """
        {
          "schema": "deepseek-edge/model/v1",
          "name": "faces", "version": "1.2.0", "task": "detection", "model": "model.onnx",
          "files": [{"path": "model.onnx", "size": 442005, "sha256": "d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51"}],
          "input": {"name": "input:0", "layout": "NHWC", "width": 128, "height": 128, "color": "RGB", "resize": "stretch",
                    "mean": [127.5, 127.5, 127.5], "std": [127.5, 127.5, 127.5]},
          "decoder": {"kind": "ssd-anchors"},
          "labels": ["face"],
          "thresholds": {"score": 0.5, "iou": 0.3},
          "precision": "fp32",
          "lineage": {"trainer_run": "r-17", "metrics": {}}
        }
        """;

    public static byte[] With(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(ValidJson)!.AsObject();
        edit(root);
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }
}
