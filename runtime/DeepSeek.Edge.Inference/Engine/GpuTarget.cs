using System.Globalization;
using System.Runtime.InteropServices;

namespace DeepSeek.Edge.Inference.Engine;

/// <summary>
/// What a TensorRT engine is built for, as far as this machine can tell: TensorRT's library version
/// (<c>getInferLibVersion</c>), the CUDA driver's version, the GPU's name and compute capability (CUDA driver API) and, on a
/// Jetson, the module (<c>/proc/device-tree/model</c>). Each is null where the library or file is missing, e.g. on a CPU-only build.
/// </summary>
public sealed record GpuTarget(string? TensorRtVersion, string? CudaDriverVersion, string? GpuName, string? ComputeCapability, string? JetsonModule)
{
    private const int ComputeCapabilityMajor = 75;
    private const int ComputeCapabilityMinor = 76;
    private static readonly Dictionary<int, GpuTarget> Probed = [];

    public static GpuTarget Unknown { get; } = new(null, null, null, null, null);

    /// <summary>Reads the target of GPU <paramref name="deviceId"/> once per process.</summary>
    public static GpuTarget Probe(int deviceId)
    {
        lock (Probed)
        {
            if (!Probed.TryGetValue(deviceId, out var target)) Probed[deviceId] = target = Read(deviceId);
            return target;
        }
    }

    private static GpuTarget Read(int deviceId)
    {
        var (cuda, name, cc) = ReadCuda(deviceId);
        return new GpuTarget(ReadTensorRt(), cuda, name, cc, ReadJetsonModule());
    }

    private static string? ReadTensorRt()
    {
        foreach (var lib in new[] { "libnvinfer.so.10", "libnvinfer.so.8", "libnvinfer.so" })
        {
            if (!NativeLibrary.TryLoad(lib, out var handle)) continue;
            if (!NativeLibrary.TryGetExport(handle, "getInferLibVersion", out var fn)) continue;
            var v = Marshal.GetDelegateForFunctionPointer<IntResult>(fn)();
            return FormatTensorRtVersion(v);
        }

        return null;
    }

    /// <summary>TensorRT 10 encodes 10.3.0 as 100300; TensorRT 8 encodes 8.6.1 as 8601.</summary>
    public static string FormatTensorRtVersion(int v) => v >= 10000
        ? string.Create(CultureInfo.InvariantCulture, $"{v / 10000}.{v / 100 % 100}.{v % 100}")
        : string.Create(CultureInfo.InvariantCulture, $"{v / 1000}.{v / 100 % 10}.{v % 100}");

    private static (string? Driver, string? Name, string? Cc) ReadCuda(int deviceId)
    {
        if (!NativeLibrary.TryLoad("libcuda.so.1", out var cuda)) return (null, null, null);
        try
        {
            if (Marshal.GetDelegateForFunctionPointer<CuInit>(NativeLibrary.GetExport(cuda, "cuInit"))(0) != 0) return (null, null, null);
            string? driver = null;
            if (Marshal.GetDelegateForFunctionPointer<CuOutInt>(NativeLibrary.GetExport(cuda, "cuDriverGetVersion"))(out var dv) == 0)
                driver = string.Create(CultureInfo.InvariantCulture, $"{dv / 1000}.{dv % 1000 / 10}");
            if (Marshal.GetDelegateForFunctionPointer<CuDeviceGet>(NativeLibrary.GetExport(cuda, "cuDeviceGet"))(out var device, deviceId) != 0) return (driver, null, null);
            var buffer = new byte[256];
            var name = Marshal.GetDelegateForFunctionPointer<CuDeviceGetName>(NativeLibrary.GetExport(cuda, "cuDeviceGetName"))(buffer, buffer.Length, device) == 0
                ? System.Text.Encoding.ASCII.GetString(buffer, 0, Array.IndexOf(buffer, (byte)0) is var end and >= 0 ? end : buffer.Length)
                : null;
            var attribute = Marshal.GetDelegateForFunctionPointer<CuDeviceGetAttribute>(NativeLibrary.GetExport(cuda, "cuDeviceGetAttribute"));
            string? cc = attribute(out var major, ComputeCapabilityMajor, device) == 0 && attribute(out var minor, ComputeCapabilityMinor, device) == 0
                ? string.Create(CultureInfo.InvariantCulture, $"{major}.{minor}")
                : null;
            return (driver, name, cc);
        }
        catch (EntryPointNotFoundException)
        {
            return (null, null, null);
        }
    }

    private static string? ReadJetsonModule()
    {
        const string path = "/proc/device-tree/model";
        try
        {
            var model = File.Exists(path) ? File.ReadAllText(path).TrimEnd('\0', '\n', ' ') : null;
            return model is not null && model.Contains("Jetson", StringComparison.OrdinalIgnoreCase) ? model : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int IntResult();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int CuInit(uint flags);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int CuOutInt(out int value);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int CuDeviceGet(out int device, int ordinal);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int CuDeviceGetName(byte[] name, int length, int device);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int CuDeviceGetAttribute(out int value, int attribute, int device);
}
