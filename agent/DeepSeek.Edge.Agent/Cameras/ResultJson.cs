using DeepSeek.Edge.Models.Results;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Protocol.Documents;

namespace DeepSeek.Edge.Agent.Cameras;

/// <summary>The parts of a frame's result that event and trigger documents share, made one way.</summary>
internal static class ResultJson
{
    /// <summary><c>[x, y, width, height]</c> in frame pixels, to 0.1 px.</summary>
    public static double[] Box(Detection d) =>
        [Math.Round(d.Box.X, 1), Math.Round(d.Box.Y, 1), Math.Round(d.Box.Width, 1), Math.Round(d.Box.Height, 1)];

    /// <summary>A score to 4 decimals.</summary>
    public static double Score(Detection d) => Math.Round(d.Score, 4);

    /// <summary>The model that produced the result: name, version and the provider it ran on.</summary>
    public static ResultModel Model(PipelineResult result) => new(result.Model.Name, result.Model.Version, result.Model.Provider);

    /// <summary><c>[width, height]</c> of the frame the boxes are in.</summary>
    public static int[] FrameSize(PipelineResult result) => [result.Width, result.Height];
}
