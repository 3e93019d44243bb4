using DeepSeek.Edge.Inference.Running;
using DeepSeek.Edge.Pipelines.Pipeline;
using OpenCvSharp;

namespace DeepSeek.Edge.Agent.Cli.Infer;

/// <summary>
/// <c>infer</c> on a video: prints each result (text or one JSON line) as before, writes the annotated video and keeps
/// the stage timings for the summary. The first error (e.g. the output file cannot be written) is kept for the exit code.
/// </summary>
internal sealed class InferVideoSink : IResultSink
{
    private readonly TextWriter _out;
    private readonly bool _json;
    private readonly string _source;
    private readonly AnnotatedOutput? _annotated;

    public InferVideoSink(TextWriter output, bool json, string source, AnnotatedOutput? annotated)
    {
        _out = output;
        _json = json;
        _source = source;
        _annotated = annotated;
    }

    public LatencyStats Preprocess { get; } = new();
    public LatencyStats Inference { get; } = new();
    public LatencyStats Decode { get; } = new();
    public int Frames { get; private set; }
    public Exception? Error { get; private set; }

    public ValueTask WriteAsync(PipelineResult result, Mat frame, CancellationToken cancellationToken)
    {
        Preprocess.Add(result.Timings.PreprocessMs);
        Inference.Add(result.Timings.InferenceMs);
        Decode.Add(result.Timings.DecodeMs);
        var index = checked((int)result.FrameId);
        if (_json) _out.WriteLine(FrameJson.Write(index, _source, result.Output));
        else TextReport.WriteFrame(_out, index, _source, result.Output);
        Frames++;
        try
        {
            if (Error is null) _annotated?.Write(frame, result.Output);
        }
        catch (Exception ex) when (ex is IOException or OpenCVException)
        {
            Error = ex;
            throw;
        }

        return ValueTask.CompletedTask;
    }
}
