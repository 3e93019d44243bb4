using System.Diagnostics;
using System.Globalization;
using DeepSeek.Edge.Pipelines.Sources;
using OpenCvSharp;

namespace DeepSeek.Edge.Bench;

/// <summary>
/// `sources` mode: every frame of one video file read through a frame source, OpenCV's own reader against an ffmpeg
/// child process (raw BGR over a pipe), one after the other. Prints frames per second and CPU (percent of one core,
/// this process plus its waited-for children, from /proc/self/stat), the median of --repeat runs. Each decoder runs
/// twice: every frame read, and (<c>--every-nth</c>, 3 unless given) every Nth frame read and the others passed over
/// (<see cref="IFrameSource.Pass"/>: grab without retrieve for OpenCV), as a camera with <c>InferEveryNth</c> reads them.
/// </summary>
internal static class SourceBench
{
    public static void Run(string[] args, string repoRoot)
    {
        var video = Path.Combine(repoRoot, "models", "media", "vtest.avi");
        var repeat = 3;
        var nth = 3;
        for (var i = 0; i < args.Length - 1; i += 2)
        {
            switch (args[i])
            {
                case "--video": video = Path.GetFullPath(args[i + 1]); break;
                case "--repeat": repeat = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--every-nth": nth = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}; sources takes --video <file>, --repeat <n> and --every-nth <n>");
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"video {Path.GetFileName(video)}; median of {repeat}; {Environment.ProcessorCount} cores; OpenCV {Cv2.GetVersionString()}"));
        Console.WriteLine("decoder  read every  frames       fps   CPU % of one core");
        foreach (var decoder in new[] { DecoderBackend.OpenCv, DecoderBackend.Ffmpeg })
        {
            foreach (var every in new[] { 1, nth })
            {
                var runs = Enumerable.Range(0, repeat).Select(_ => Once(video, decoder, every)).OrderBy(r => r.Fps).ToArray();
                var median = runs[runs.Length / 2];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{decoder,-8} {every,10} {median.Frames,7} {median.Fps,9:0.0} {median.Cpu,10:0}"));
            }
        }
    }

    private static (int Frames, double Fps, double Cpu) Once(string video, DecoderBackend decoder, int every)
    {
        using var source = FrameSourceFactory.Create(new SourceOptions { Uri = "file:" + video, Decoder = decoder });
        using var frame = new Mat();
        var cpu = CpuSeconds();
        var start = Stopwatch.GetTimestamp();
        source.Open(CancellationToken.None);
        var frames = 0;
        while (frames % every == 0 ? source.Read(frame, CancellationToken.None) : source.Pass(frame, CancellationToken.None)) frames++;
        source.Close();
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return (frames, frames / seconds, 100 * (CpuSeconds() - cpu) / seconds);
    }

    /// <summary>utime + stime + cutime + cstime of this process, in seconds (clock ticks of 1/100 s).</summary>
    private static double CpuSeconds()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture)) / 100.0;
    }
}
