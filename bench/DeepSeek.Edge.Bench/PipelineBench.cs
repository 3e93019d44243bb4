using System.Diagnostics;
using DeepSeek.Edge.Inference;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Pipelines.Scheduling;
using DeepSeek.Edge.Pipelines.Sources;
using OpenCvSharp;

namespace DeepSeek.Edge.Bench;

/// <summary>
/// (b) The whole camera pipeline on a video file (decode, preprocess, infer, decode outputs, a sink), every frame once.
/// The clock runs from the first result to the last (the model is warmed up by its load, and opening the video is left
/// out, as raw ORT's figure leaves out its warm-up runs). Managed allocation per frame is measured on all threads between
/// two frames well into the run (steady state).
/// </summary>
internal static class PipelineBench
{
    public static async Task<Measurement> RunAsync(ModelBundle bundle, InferenceOptions options, string video, int frames)
    {
        await using var host = ModelHost.Load(bundle, new ModelHostOptions { Inference = options });
        var sink = new CountingSink(frames);
        var camera = CameraPipeline.Create(new CameraOptions { Name = "bench", Source = new SourceOptions { Uri = "file:" + video } }, host);
        await using (camera)
        {
            camera.Subscribe(sink);
            camera.Start();
            await Task.WhenAny(camera.Completion, sink.Done).ConfigureAwait(false);
            var processed = Math.Min(sink.Count, frames);
            await camera.StopAsync().ConfigureAwait(false);
            return new Measurement((processed - 1) / Stopwatch.GetElapsedTime(sink.First, sink.Last).TotalSeconds, sink.BytesPerFrame);
        }
    }

    /// <summary>Counts results; snapshots the process's allocated bytes at 1/4 and 3/4 of the run.</summary>
    private sealed class CountingSink(int frames) : IResultSink
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly int _from = Math.Max(1, frames / 4);
        private readonly int _to = Math.Max(2, frames * 3 / 4);
        private long _bytesAtFrom;
        private long _bytesAtTo;

        public int Count { get; private set; }
        public long First { get; private set; }
        public long Last { get; private set; }
        public Task Done => _done.Task;

        public double? BytesPerFrame => _bytesAtTo > 0 ? (_bytesAtTo - _bytesAtFrom) / (double)(_to - _from) : null;

        public ValueTask WriteAsync(PipelineResult result, Mat frame, CancellationToken cancellationToken)
        {
            if (Count >= frames) return ValueTask.CompletedTask;
            Count++;
            var now = Stopwatch.GetTimestamp();
            if (Count == 1) First = now;
            Last = now;
            if (Count == _from) _bytesAtFrom = GC.GetTotalAllocatedBytes(precise: true);
            if (Count == _to) _bytesAtTo = GC.GetTotalAllocatedBytes(precise: true);
            if (Count == frames) _done.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }
}
