using System.Runtime.InteropServices;
using DeepSeek.Edge.Agent.Cameras;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;

namespace DeepSeek.Edge.Agent.Cli.Doctor;

/// <summary>What this build and this board offer: runtime, ONNX Runtime and its providers, GPU libraries, Jetson, OpenCV, clock.</summary>
internal static class PlatformChecks
{
    private static readonly (string Provider, string OrtName, string Fix)[] GpuProviders =
    [
        ("tensorrt", "TensorrtExecutionProvider", "use the GPU build (x64: the Microsoft.ML.OnnxRuntime.Gpu package; Jetson: a JetPack-built libonnxruntime.so, see Dockerfile.jetson)"),
        ("cuda", "CUDAExecutionProvider", "use the GPU build (x64: the Microsoft.ML.OnnxRuntime.Gpu package; Jetson: a JetPack-built libonnxruntime.so, see Dockerfile.jetson)"),
    ];

    private static readonly (string Name, string[] Files, string Fix)[] GpuLibraries =
    [
        ("TensorRT", ["libnvinfer.so.10", "libnvinfer.so.8"], "install TensorRT (JetPack ships it; x64: the tensorrt packages for your CUDA)"),
        ("CUDA runtime", ["libcudart.so.13", "libcudart.so.12", "libcudart.so.11.0"], "install the CUDA runtime (JetPack ships it; x64: cuda-runtime)"),
        ("cuDNN", ["libcudnn.so.9", "libcudnn.so.8"], "install cuDNN (JetPack ships it; x64: libcudnn9)"),
    ];

    public static IEnumerable<DoctorCheck> Run()
    {
        yield return DoctorCheck.Ok("ds-edge", $"{CameraManager.Version} on .NET {Environment.Version}, {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}");
        yield return OnnxRuntime(out var available);
        foreach (var (provider, ortName, fix) in GpuProviders)
        {
            yield return available.Contains(ortName)
                ? DoctorCheck.Ok($"provider {provider}", "built in (whether it loads depends on the libraries below)")
                : DoctorCheck.Warn($"provider {provider}", "not in this ONNX Runtime build: models run on cpu", fix);
        }

        foreach (var (name, files, fix) in GpuLibraries) yield return Library(name, files, fix, available.Contains("CUDAExecutionProvider"));
        yield return Jetson();
        yield return OpenCv();
        yield return Clock();
    }

    private static DoctorCheck OnnxRuntime(out string[] available)
    {
        try
        {
            available = OrtEnv.Instance().GetAvailableProviders();
            return DoctorCheck.Ok("onnxruntime", $"{OrtEnv.Instance().GetVersionString()}, providers {string.Join(", ", available)}");
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or OnnxRuntimeException)
        {
            available = [];
            return DoctorCheck.Fail("onnxruntime", $"the native library does not load: {e.Message}", "install the ONNX Runtime library of this build (it ships with ds-edge; on Jetson build it with JetPack)");
        }
    }

    private static DoctorCheck Library(string name, string[] files, string fix, bool wanted)
    {
        foreach (var file in files)
        {
            if (!NativeLibrary.TryLoad(file, out var handle)) continue;
            NativeLibrary.Free(handle);
            return DoctorCheck.Ok(name, file + " loads");
        }

        var found = $"none of {string.Join(", ", files)} loads";
        return wanted ? DoctorCheck.Fail(name, found + ", and this build's GPU providers need it", fix) : DoctorCheck.Ok(name, found + " (not needed by this CPU build)");
    }

    private static DoctorCheck Jetson()
    {
        var model = ReadText("/proc/device-tree/model")?.TrimEnd('\0', '\n');
        var release = ReadText("/etc/nv_tegra_release")?.Split('\n')[0];
        if (release is null) return DoctorCheck.Ok("jetson", model is null ? "not a Jetson" : $"not a Jetson ({model})");
        return DoctorCheck.Ok("jetson", $"{model ?? "unknown module"}, {release.TrimStart('#', ' ')}");
    }

    private static DoctorCheck OpenCv()
    {
        try
        {
            var info = Cv2.GetBuildInformation();
            string Backend(string name) => info.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith(name + ":", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "NO";
            var found = $"{Cv2.GetVersionString()}; FFmpeg {Backend("FFMPEG")}, GStreamer {Backend("GStreamer")}, V4L2 {Backend("v4l/v4l2")}";
            return Backend("GStreamer").StartsWith("NO", StringComparison.Ordinal)
                ? DoctorCheck.Warn("opencv", found, "csi:// and gst: cameras need GStreamer: use the Jetson image's OpenCV, or a decoder process (docs/decoders.md)")
                : DoctorCheck.Ok("opencv", found);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            var (problem, fix) = Vision.Native.OpenCvNative.Diagnose(e) ?? (e.Message, "reinstall ds-edge: its runtimes/ folder holds OpenCV's native library");
            return DoctorCheck.Fail("opencv", problem, fix);
        }
    }

    private static DoctorCheck Clock()
    {
        if (File.Exists("/run/systemd/timesync/synchronized")) return DoctorCheck.Ok("clock", $"synchronized (systemd-timesyncd), {DateTimeOffset.UtcNow:u}");
        return DoctorCheck.Warn("clock", $"no sign of synchronization (no /run/systemd/timesync/synchronized), {DateTimeOffset.UtcNow:u}",
            "enable NTP (timedatectl set-ntp true) or chrony: message timestamps and TLS certificate dates need a correct clock");
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
