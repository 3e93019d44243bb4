using System.Diagnostics;
using DeepSeek.Edge.Models.Store;
using OpenCvSharp;
using OpenCvSharp.Dnn;

namespace DeepSeek.Edge.Bench;

/// <summary>(c) OpenCV DNN on the same ONNX file and the same prepared tensor, with the same number of threads.</summary>
internal static class OpenCvDnnBench
{
    public static Measurement Run(ModelBundle bundle, float[] tensor, int threads, int frames)
    {
        var previousThreads = Cv2.GetNumThreads();
        Cv2.SetNumThreads(threads);
        try
        {
            using var net = CvDnn.ReadNetFromOnnx(bundle.ModelPath) ?? throw new InvalidDataException("OpenCV DNN returned no network");
            var shape = bundle.Manifest.Input.Shape.Select(d => (int)d).ToArray();
            using var blob = Mat.FromPixelData(shape, MatType.CV_32F, tensor);
            var names = net.GetUnconnectedOutLayersNames().Select(n => n ?? "").ToArray();
            var outputs = names.Select(_ => new Mat()).ToArray();
            try
            {
                for (var i = 0; i < 5; i++) Forward(net, blob, outputs, names);
                var start = Stopwatch.GetTimestamp();
                for (var i = 0; i < frames; i++) Forward(net, blob, outputs, names);
                return new Measurement(frames / Stopwatch.GetElapsedTime(start).TotalSeconds, null);
            }
            finally
            {
                foreach (var o in outputs) o.Dispose();
            }
        }
        catch (OpenCVException ex)
        {
            return Measurement.Failed(FirstLine(ex.Message));
        }
        finally
        {
            Cv2.SetNumThreads(previousThreads);
        }
    }

    private static void Forward(Net net, Mat blob, Mat[] outputs, string[] names)
    {
        net.SetInput(blob);
        net.Forward(outputs, names);
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.Length > 0) ?? message;
        return line.Length > 160 ? line[..160] : line;
    }
}
