using System.Collections.Concurrent;
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
/// `latency` mode: how long a frame takes from its stream timestamp to its inference result, for the same video
/// (1) served live over RTSP by the test server (tests/rtsp/serve_rtsp.py, H.264 at the file's own size and rate) and
/// decoded by the ffmpeg process source, and (2) read from the file by OpenCV, paced at its frame rate.
/// RTSP: the server writes each frame's stream timestamp mapped to its clock (base time + running time, CLOCK_MONOTONIC,
/// the clock .NET's Stopwatch reads on Linux) and the frame's number; the result's frame id is that number (both count
/// from 0 in stream order), and the result's arrival is read on the same clock. File: the pacer releases each frame
/// at its stream timestamp, so its capture time is that timestamp. Prints p50 and p95 in milliseconds.
/// </summary>
internal static class LatencyBench
{
    private const string Python = "/usr/bin/python3";

    /// <summary>Results left out at the start: ffmpeg probes the stream for a second, then catches up in a burst.</summary>
    private const int WarmUpSeconds = 5;

    public static async Task RunAsync(string[] args, string repoRoot)
    {
        var video = Path.Combine(repoRoot, "models", "media", "Megamind.avi");
        var model = Path.Combine(repoRoot, "models", "dist", "blazeface-back");
        var seconds = 30;
        for (var i = 0; i < args.Length - 1; i += 2)
        {
            switch (args[i])
            {
                case "--video": video = Path.GetFullPath(args[i + 1]); break;
                case "--model": model = Path.GetFullPath(args[i + 1]); break;
                case "--seconds": seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}; latency takes --video <file>, --model <dir> and --seconds <n>");
            }
        }

        int width, height, fps;
        using (var probe = new VideoCapture(video)) (width, height, fps) = (probe.FrameWidth, probe.FrameHeight, (int)Math.Round(probe.Fps));
        var bundle = ModelBundle.Open(model);
        var inference = new InferenceOptions();
        inference.Cpu.IntraOpThreads = 1;
        await using var host = ModelHost.Load(bundle, new ModelHostOptions { Inference = inference });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"video {Path.GetFileName(video)} {width}x{height} at {fps} fps, {seconds} s a run (first {WarmUpSeconds} s left out); model {bundle.Manifest.Name}, 1 inference thread; {Environment.ProcessorCount} cores"));

        var timestamps = Path.Combine(Path.GetTempPath(), $"dsedge-latency-{Environment.ProcessId}.txt");
        try
        {
            var port = FreePort();
            using var server = StartServer(repoRoot, video, port, width, height, fps, timestamps);
            List<Sample> rtsp;
            try
            {
                rtsp = await RunCameraAsync(host, new SourceOptions { Uri = $"rtsp://127.0.0.1:{port}/h264", Decoder = DecoderBackend.Ffmpeg, OpenTimeout = TimeSpan.FromSeconds(10) }, seconds);
            }
            finally
            {
                server.Kill();
                await server.WaitForExitAsync();
            }

            var due = File.ReadLines(timestamps).Select(l => l.Split(' ')).ToDictionary(p => long.Parse(p[0], CultureInfo.InvariantCulture), p => long.Parse(p[1], CultureInfo.InvariantCulture));
            var file = await RunCameraAsync(host, new SourceOptions { Uri = $"file:{video}?loop=true&realtime=true", Decoder = DecoderBackend.OpenCv }, seconds);

            var matched = rtsp.Where(s => due.ContainsKey(s.FrameId)).ToList();
            var toResult = matched.Select(s => (s.ResultTicks - due[s.FrameId]) / 1e6).ToList();
            var toCapture = matched.Select(s => (s.ResultTicks - due[s.FrameId]) / 1e6 - s.CaptureToResultMs).ToList();
            Console.WriteLine("path                           frames   stream ts -> capture p50 / p95   capture -> result p50 / p95   stream ts -> result p50 / p95");
            Print("RTSP, ffmpeg process (h264)", matched.Count, toCapture, matched.Select(s => s.CaptureToResultMs).ToList(), toResult);
            var fileCapture = file.Select(s => s.CaptureToResultMs).ToList();
            Print("file, OpenCV reader (paced)", file.Count, file.Select(_ => 0.0).ToList(), fileCapture, fileCapture);
            if (matched.Count < rtsp.Count) Console.WriteLine($"  {rtsp.Count - matched.Count} RTSP results had no server timestamp (left out)");
        }
        finally
        {
            File.Delete(timestamps);
        }
    }

    private static void Print(string path, int frames, List<double> toCapture, List<double> captureToResult, List<double> total) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{path,-30} {frames,6}   {Percentile(toCapture, 0.5),12:0.0} / {Percentile(toCapture, 0.95),6:0.0}   {Percentile(captureToResult, 0.5),15:0.0} / {Percentile(captureToResult, 0.95),6:0.0}   {Percentile(total, 0.5),17:0.0} / {Percentile(total, 0.95),6:0.0}"));

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Ceiling(p * sorted.Length) - 1];
    }

    /// <summary>One result: its frame id, when it arrived (Stopwatch ticks, ns on Linux) and capture to arrival in ms.</summary>
    private readonly record struct Sample(long FrameId, long ResultTicks, double CaptureToResultMs);

    private static async Task<List<Sample>> RunCameraAsync(ModelHost host, SourceOptions source, int seconds)
    {
        var sink = new LatencySink();
        await using var camera = CameraPipeline.Create(new CameraOptions { Name = "latency", Source = source }, host);
        camera.Subscribe(sink);
        camera.Start();
        await Task.WhenAny(camera.Completion, Task.Delay(TimeSpan.FromSeconds(seconds)));
        await camera.StopAsync();
        var c = camera.Counters;
        Console.WriteLine($"  {source.Uri}: {c.Captured} frames captured, {c.Delivered} results, {c.Dropped} dropped (input queue full), {c.Skipped} skipped");
        if (camera.Completion.IsCompleted && sink.Samples.IsEmpty) throw new InvalidOperationException($"the camera on {source.Uri} stopped: {camera.Health.Detail}");
        var first = sink.Samples.Min(s => s.ResultTicks);
        return sink.Samples.Where(s => s.ResultTicks - first >= WarmUpSeconds * Stopwatch.Frequency).ToList();
    }

    private sealed class LatencySink : IResultSink
    {
        public ConcurrentBag<Sample> Samples { get; } = [];

        public ValueTask WriteAsync(PipelineResult result, Mat frame, CancellationToken cancellationToken)
        {
            var ticks = Stopwatch.GetTimestamp();
            Samples.Add(new Sample(result.FrameId, ticks, (DateTimeOffset.UtcNow - result.Timestamp).TotalMilliseconds));
            return ValueTask.CompletedTask;
        }
    }

    private static Process StartServer(string repoRoot, string video, int port, int width, int height, int fps, string timestamps)
    {
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(repoRoot, "tests", "rtsp", "serve_rtsp.py"), "--file", video, "--port", port.ToString(CultureInfo.InvariantCulture),
                     "--width", width.ToString(CultureInfo.InvariantCulture), "--height", height.ToString(CultureInfo.InvariantCulture),
                     "--fps", fps.ToString(CultureInfo.InvariantCulture), "--timestamps", timestamps })
            info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        var ready = process.StandardOutput.ReadLine();
        if (ready is null || !ready.StartsWith("ready", StringComparison.Ordinal))
        {
            process.Kill();
            process.WaitForExit();
            throw new InvalidOperationException("the RTSP server did not start (needs python3-gi and gir1.2-gst-rtsp-server-1.0)");
        }

        return process;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
