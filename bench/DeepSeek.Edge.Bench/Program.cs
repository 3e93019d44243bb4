using System.Globalization;
using DeepSeek.Edge.Bench;
using DeepSeek.Edge.Inference;
using DeepSeek.Edge.Models.Store;
using OpenCvSharp;

// One run, same model and thread budget: (a) raw ONNX Runtime on a prepared tensor, (b) the camera pipeline on a
// video file, (c) OpenCV DNN on the same model, and (d) the video alone (decode + preprocess, no model), which bounds
// the pipeline from the other side. Prints fps, the ratios and managed allocations per frame.
// `ota` mode (OtaBench) measures the over-the-air path instead: publishing and receiving a model package over MQTT.
// `sources` mode (SourceBench) compares frame sources on one file: OpenCV's reader and an ffmpeg child process.
// `latency` mode (LatencyBench): stream timestamp to result, RTSP through ffmpeg against the file through OpenCV.
// `cameras` mode (MultiCameraBench) runs 2 and 4 cameras at once: each camera's ORT pool on every core against the thread budget.
var repoRoot = FindRepoRoot();
if (args is ["ota", ..])
{
    await OtaBench.RunAsync(args[1..], repoRoot);
    return;
}

if (args is ["latency", ..])
{
    await LatencyBench.RunAsync(args[1..], repoRoot);
    return;
}

if (args is ["cameras", ..])
{
    await MultiCameraBench.RunAsync(args[1..], repoRoot);
    return;
}

if (args is ["sources", ..])
{
    SourceBench.Run(args[1..], repoRoot);
    return;
}

var options = BenchOptions.Parse(args, repoRoot);
var inv = CultureInfo.InvariantCulture;
using (var probe = new VideoCapture(options.Video))
{
    var videoFrames = (int)probe.FrameCount;
    if (options.Frames <= 0 || options.Frames > videoFrames) options.Frames = videoFrames;
}

Console.WriteLine(string.Create(inv, $"video {Path.GetFileName(options.Video)}, {options.Frames} frames; {options.Threads} inference thread(s); median of {options.Repeat}; {Environment.ProcessorCount} cores; ONNX Runtime {Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetVersionString()}, OpenCV {Cv2.GetVersionString()}"));
Console.WriteLine();
Console.WriteLine("model               (a) raw ORT  (b) pipeline  b/a  (c) OpenCV DNN  c/a  (d) video only  b/min(a,d)  alloc B/frame a / b");
foreach (var modelDir in options.Models)
{
    var bundle = ModelBundle.Open(modelDir);
    var inference = new InferenceOptions();
    inference.Cpu.IntraOpThreads = options.Threads;
    var frames = bundle.Manifest.Name.StartsWith("resnet", StringComparison.Ordinal) ? Math.Min(options.Frames, 150) : options.Frames;
    var tensor = SampleInput.Tensor(options.Video, bundle.Manifest.Input);

    var raw = new List<Measurement>();
    var pipeline = new List<Measurement>();
    var dnn = new List<Measurement>();
    var video = new List<Measurement>();
    for (var r = 0; r < options.Repeat; r++)
    {
        raw.Add(RawOrtBench.Run(bundle, inference, tensor, frames));
        pipeline.Add(await PipelineBench.RunAsync(bundle, inference, options.Video, frames));
        dnn.Add(OpenCvDnnBench.Run(bundle, tensor, options.Threads, frames));
        video.Add(CaptureBench.Run(options.Video, bundle.Manifest.Input, frames));
    }

    var (a, b, c, d) = (Measurement.Median(raw), Measurement.Median(pipeline), Measurement.Median(dnn), Measurement.Median(video));
    var dnnFps = c.Failure is null ? c.Fps.ToString("0.0", inv) : "n/a";
    var dnnRatio = c.Failure is null ? (c.Fps / a.Fps).ToString("0.00", inv) : "-";
    Console.WriteLine(string.Create(inv,
        $"{bundle.Manifest.Name,-19} {a.Fps,12:0.0} {b.Fps,13:0.0} {b.Fps / a.Fps,4:0.00} {dnnFps,15} {dnnRatio,4} {d.Fps,15:0.0} {b.Fps / Math.Min(a.Fps, d.Fps),11:0.00}  {a.BytesPerFrame,6:0} / {b.BytesPerFrame,5:0}  ({frames} frames)"));
    if (c.Failure is not null) Console.WriteLine($"  OpenCV DNN cannot run {bundle.Manifest.Name}: {c.Failure}");
}

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "DeepSeek.Edge.sln"))) return dir.FullName;
    }

    throw new InvalidOperationException("run the harness from inside the repository (DeepSeek.Edge.sln not found above it)");
}
