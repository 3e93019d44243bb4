using System.Diagnostics;
using System.Globalization;
using DeepSeek.Edge.Inference;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Pipelines.Scheduling;
using DeepSeek.Edge.Pipelines.Sources;
using OpenCvSharp;

namespace DeepSeek.Edge.Bench;

/// <summary>
/// <c>cameras</c> mode: M cameras at once, each with its own model host (as the agent runs them), every camera on the
/// same video file, every frame once. Two thread settings side by side, alternated run by run: <c>all-cores</c> (each
/// camera's ORT pool takes every core, OpenCV's default pool: the agent before the thread budget) and <c>budget</c>
/// (max(1, cores / cameras) ORT threads per camera and OpenCV set to the same: the agent's <c>ThreadBudget</c>).
/// Total fps is all cameras' results over the time from the first result to the last; latency is each result's
/// start-of-read to result (a file waits for a free frame, so it holds no more than the camera's frame pool).
/// </summary>
internal static class MultiCameraBench
{
    public static async Task RunAsync(string[] args, string repoRoot)
    {
        var inv = CultureInfo.InvariantCulture;
        var model = Path.Combine(repoRoot, "models", "dist", "blazeface-front");
        var video = Path.Combine(repoRoot, "models", "media", "vtest.avi");
        int[] counts = [2, 4];
        var frames = 300;
        var repeat = 3;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--model": model = args[i + 1]; break;
                case "--video": video = args[i + 1]; break;
                case "--cameras": counts = args[i + 1].Split(',').Select(s => int.Parse(s, inv)).ToArray(); break;
                case "--frames": frames = int.Parse(args[i + 1], inv); break;
                case "--repeat": repeat = int.Parse(args[i + 1], inv); break;
                default: throw new ArgumentException($"unknown option {args[i]}; use --model <dir>, --video <file>, --cameras <n,n>, --frames <n per camera>, --repeat <n>");
            }
        }

        if (args.Length % 2 != 0) throw new ArgumentException($"{args[^1]} needs a value");
        var bundle = ModelBundle.Open(model);
        var cores = Environment.ProcessorCount;
        var openCvDefault = Cv2.GetNumThreads();
        Console.WriteLine(string.Create(inv, $"{bundle.Manifest.Name} on {Path.GetFileName(video)}, {frames} frames per camera; {cores} cores; OpenCV default {openCvDefault} thread(s); median of {repeat}"));
        Console.WriteLine();
        Console.WriteLine("cameras  setting    ORT/cam  OpenCV  total fps  p95 latency ms (worst camera)  budget/all-cores fps");
        foreach (var m in counts)
        {
            var budget = Math.Max(1, cores / m);
            var before = new List<Run>();
            var after = new List<Run>();
            for (var r = 0; r < repeat; r++)
            {
                before.Add(await RunOnceAsync(bundle, video, m, frames, ortThreads: 0, openCvThreads: openCvDefault));
                after.Add(await RunOnceAsync(bundle, video, m, frames, ortThreads: budget, openCvThreads: budget));
            }

            Cv2.SetNumThreads(openCvDefault);
            var (b, a) = (Run.Median(before), Run.Median(after));
            Console.WriteLine(string.Create(inv, $"{m,7}  all-cores  {cores,7}  {openCvDefault,6}  {b.Fps,9:0.0}  {b.P95Ms,29:0.0}"));
            Console.WriteLine(string.Create(inv, $"{m,7}  budget     {budget,7}  {budget,6}  {a.Fps,9:0.0}  {a.P95Ms,29:0.0}  {a.Fps / b.Fps,20:0.00}"));
        }
    }

    private static async Task<Run> RunOnceAsync(ModelBundle bundle, string video, int cameras, int frames, int ortThreads, int openCvThreads)
    {
        Cv2.SetNumThreads(openCvThreads);
        var inference = new InferenceOptions();
        inference.Cpu.IntraOpThreads = ortThreads;
        var hosts = new List<ModelHost>();
        var pipelines = new List<CameraPipeline>();
        var sinks = new List<LatencySink>();
        try
        {
            for (var c = 0; c < cameras; c++)
            {
                var host = ModelHost.Load(bundle, new ModelHostOptions { Name = $"cam{c}", Inference = inference });
                hosts.Add(host);
                var pipeline = CameraPipeline.Create(new CameraOptions { Name = $"cam{c}", Source = new SourceOptions { Uri = "file:" + video } }, host);
                pipelines.Add(pipeline);
                var sink = new LatencySink(frames);
                sinks.Add(sink);
                pipeline.Subscribe(sink);
            }

            foreach (var p in pipelines) p.Start();
            await Task.WhenAll(sinks.Select((s, i) => Task.WhenAny(s.Done, pipelines[i].Completion))).ConfigureAwait(false);
            var first = sinks.Min(s => s.First);
            var last = sinks.Max(s => s.Last);
            var results = sinks.Sum(s => s.Latencies.Count) - 1;
            var fps = results / Stopwatch.GetElapsedTime(first, last).TotalSeconds;
            return new Run(fps, sinks.Max(s => s.P95()));
        }
        finally
        {
            foreach (var p in pipelines) await p.DisposeAsync().ConfigureAwait(false);
            foreach (var h in hosts) await h.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed record Run(double Fps, double P95Ms)
    {
        public static Run Median(IReadOnlyList<Run> runs) => runs.OrderBy(r => r.Fps).ElementAt(runs.Count / 2);
    }

    /// <summary>Keeps each result's latency and when the first and the last result came.</summary>
    private sealed class LatencySink(int frames) : IResultSink
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<double> Latencies { get; } = new(frames);
        public long First { get; private set; }
        public long Last { get; private set; }
        public Task Done => _done.Task;

        public double P95()
        {
            var sorted = Latencies.Order().ToArray();
            return sorted.Length == 0 ? double.NaN : sorted[(int)Math.Ceiling(0.95 * sorted.Length) - 1];
        }

        public ValueTask WriteAsync(PipelineResult result, Mat frame, CancellationToken cancellationToken)
        {
            if (Latencies.Count >= frames) return ValueTask.CompletedTask;
            var now = Stopwatch.GetTimestamp();
            if (Latencies.Count == 0) First = now;
            Last = now;
            Latencies.Add(result.Timings.LatencyMs);
            if (Latencies.Count == frames) _done.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }
}
