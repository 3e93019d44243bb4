using OpenCvSharp;

namespace DeepSeek.Edge.Quantization.Tests.Support;

/// <summary>
/// What the text-angle classifier is for: lines of printed text, upright and upside down, drawn with OpenCV at several widths
/// (narrower and wider than the model's 4 : 1 input), written once per test run as PNG files. One set calibrates, another
/// is held out.
/// </summary>
internal static class TextLines
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var root = Path.Combine(Path.GetTempPath(), "ds-edge-text-lines-" + Environment.ProcessId);
        Write(Path.Combine(root, "calibration"), ["Edge 2026", "camera 4", "Models run on every camera", "INT8 on TensorRT", "gate 12 open", "Jetson Orin", "north door", "ds-edge agent"]);
        Write(Path.Combine(root, "holdout"), ["Frames per second", "lobby 2", "over the air", "signed package 1.1.0", "rollout wave 3", "street"]);
        return root;
    });

    public static string CalibrationDir => Path.Combine(Root.Value, "calibration");

    public static string HoldoutDir => Path.Combine(Root.Value, "holdout");

    private static void Write(string dir, IReadOnlyList<string> lines)
    {
        Directory.CreateDirectory(dir);
        for (var i = 0; i < lines.Count; i++)
        {
            var width = Math.Max(96, 22 * lines[i].Length);
            using var line = new Mat(48, width, MatType.CV_8UC3, Scalar.White);
            Cv2.PutText(line, lines[i], new Point(4, 36), HersheyFonts.HersheySimplex, 1.1, Scalar.Black, 3);
            using var rotated = new Mat();
            Cv2.Rotate(line, rotated, RotateFlags.Rotate180);
            Cv2.ImWrite(Path.Combine(dir, $"{i:00}-upright.png"), line);
            Cv2.ImWrite(Path.Combine(dir, $"{i:00}-rotated.png"), rotated);
        }
    }
}
