using System.Globalization;
using System.Text;

namespace DeepSeek.Edge.Pipelines.Sources.Piped;

/// <summary>
/// ffmpeg command lines that decode one source to raw BGR (<c>-f rawvideo -pix_fmt bgr24 pipe:1</c>), scaled by ffmpeg
/// when a size is set. A network URL never appears in the arguments (other users can read a process's command line):
/// it is written to ffmpeg's standard input as a one-entry <c>ffconcat</c> list (<c>-f concat -i pipe:0</c>), with the
/// input's options (<c>rtsp_transport</c>, socket timeout) beside it.
/// </summary>
internal static class FfmpegCommand
{
    // Protocols the concat list's entry may use (the list itself is read from pipe:).
    private const string Protocols = "pipe,file,rtsp,rtsps,rtp,srtp,udp,tcp,tls,http,https,httpproxy,crypto,hls,rtmp,rtmps,rtmpt,rtmpts";

    // How long ffmpeg looks at a stream before it starts decoding (its default, 5 s, delays every connect).
    private const string ProbeMicroseconds = "1000000";

    public static DecoderCommand Network(string url, SourceKind kind, SourceOptions options, string hint)
    {
        var input = new StringBuilder("ffconcat version 1.0\n");
        input.Append("file '").Append(url.Replace("'", @"'\''", StringComparison.Ordinal)).Append("'\n");
        if (kind == SourceKind.Rtsp) input.Append("option rtsp_transport ").Append(options.RtspTransport).Append('\n');
        if (kind is SourceKind.Rtsp or SourceKind.Http)
            input.Append("option timeout ").Append(Microseconds(options.StallTimeout)).Append('\n');
        input.Append("option analyzeduration ").Append(ProbeMicroseconds).Append('\n');
        var arguments = Start(options.HwAccel);
        arguments.AddRange(["-f", "concat", "-safe", "0", "-protocol_whitelist", Protocols, "-i", "pipe:0"]);
        Output(arguments, options.Width, options.Height);
        return new DecoderCommand(DecoderTools.Ffmpeg, arguments, input.ToString(), options.Width, options.Height, true, hint);
    }

    public static DecoderCommand File(string path, bool loop, bool realTime, SourceOptions options)
    {
        var arguments = Start(options.HwAccel);
        if (realTime) arguments.Add("-re");
        if (loop) arguments.AddRange(["-stream_loop", "-1"]);
        arguments.AddRange(["-i", "file:" + path]);
        Output(arguments, options.Width, options.Height);
        return new DecoderCommand(DecoderTools.Ffmpeg, arguments, null, options.Width, options.Height, false, "check that the file exists and is a video ffmpeg can decode (ffprobe <file>)");
    }

    private static List<string> Start(string? hwAccel)
    {
        List<string> arguments = ["-hide_banner", "-nostdin", "-nostats", "-loglevel", "info"];
        if (!string.IsNullOrEmpty(hwAccel)) arguments.AddRange(["-hwaccel", hwAccel]);
        return arguments;
    }

    private static void Output(List<string> arguments, int width, int height)
    {
        arguments.AddRange(["-map", "0:v:0", "-an", "-sn", "-dn"]);
        if (width > 0 || height > 0)
            arguments.AddRange(["-vf", string.Create(CultureInfo.InvariantCulture, $"scale={(width > 0 ? width : -2)}:{(height > 0 ? height : -2)}")]);
        arguments.AddRange(["-f", "rawvideo", "-pix_fmt", "bgr24", "pipe:1"]);
    }

    private static string Microseconds(TimeSpan span) => ((long)span.TotalMicroseconds).ToString(CultureInfo.InvariantCulture);
}
