using System.Text.Json.Nodes;
using DeepSeek.Edge.Models.Results;
using DeepSeek.Edge.Pipelines.Pipeline;

namespace DeepSeek.Edge.Agent.Cameras;

/// <summary>The parts of a frame's result that event and trigger messages share, written one way.</summary>
internal static class ResultJson
{
    /// <summary>What every message about a frame starts with: schema, device, epoch and sequence number, time, camera, frame and model.</summary>
    public static JsonObject Message(string schema, string device, string epoch, long seq, PipelineResult result) => new()
    {
        ["schema"] = schema,
        ["device"] = device,
        ["epoch"] = epoch,
        ["seq"] = seq,
        ["ts"] = result.Timestamp.ToString("O"),
        ["camera"] = result.Camera,
        ["frame"] = result.FrameId,
        ["model"] = Model(result),
    };

    /// <summary><c>[x, y, width, height]</c> in frame pixels, to 0.1 px.</summary>
    public static JsonArray Box(Detection d) =>
        new(Math.Round(d.Box.X, 1), Math.Round(d.Box.Y, 1), Math.Round(d.Box.Width, 1), Math.Round(d.Box.Height, 1));

    /// <summary>The model that produced the result: name, version and the provider it ran on.</summary>
    public static JsonObject Model(PipelineResult result) =>
        new() { ["name"] = result.Model.Name, ["version"] = result.Model.Version, ["provider"] = result.Model.Provider };
}
