using DeepSeek.Edge.Decoding.Common;
using DeepSeek.Edge.Decoding.Suppression;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Decoding.Yolo;

/// <summary>
/// <c>yolox</c>: raw head output <c>[1, N, 5+C]</c>, one row per grid cell (see <see cref="YoloXGrid"/>):
/// x = (raw_x + grid_x) * stride, w = exp(raw_w) * stride, likewise y and h; score = objectness x best class score,
/// sigmoided first when <c>sigmoid: true</c>.
/// </summary>
internal sealed class YoloXDecoder : IOutputDecoder
{
    private const string Expected = "[1, N, 5+C] with C >= 1: x, y, w, h, objectness, then C class scores per grid cell";

    private readonly OutputRef _output;
    private readonly YoloXGrid _grid;
    private readonly string _stridesPath;
    private readonly int _width;
    private readonly int _height;
    private readonly bool _sigmoid;
    private readonly DetectionOptions _options;
    private readonly LabelLookup _labels;
    private readonly CandidateBuffer _candidates = new();

    public YoloXDecoder(ModelManifest manifest)
    {
        var p = manifest.Decoder.Parameters;
        _output = OutputRef.Optional(p, "output");
        _width = manifest.Input.Width;
        _height = manifest.Input.Height;
        _grid = YoloXGrid.Read(p, _width, _height);
        _stridesPath = $"{p.Path}.strides";
        _sigmoid = p.Bool("sigmoid", false);
        _options = DetectionOptions.Read(p);
        _labels = new LabelLookup(manifest.Labels);
        OutputNames = OutputRef.Names(_output);
    }

    public string Kind => DecoderKind.YoloX;

    public IReadOnlyList<string> OutputNames { get; }

    public DecodedOutput Decode(ModelOutputs outputs, Thresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(thresholds);
        var tensor = _output.Resolve(outputs);
        if (!TensorShape.TryMatrix(tensor, out var rows, out var cols) || cols < 6)
            throw TensorShape.Mismatch(_output, tensor, Kind, Expected);
        if (rows != _grid.Count)
            throw new ManifestException(_stridesPath, $"give {_grid.Describe(_width, _height)}, but output \"{tensor.Name}\" has {rows} rows; the strides or the input size do not match the model");

        var data = tensor.Span;
        var threshold = thresholds.Score;
        _candidates.Clear();
        for (var r = 0; r < rows; r++)
        {
            var row = data.Slice(r * cols, cols);
            var objectness = _sigmoid ? Activation.Sigmoid(row[4]) : row[4];
            if (!(objectness >= threshold)) continue;

            var classId = Scores.ArgMax(row[5..], out var classScore);
            var score = objectness * (_sigmoid ? Activation.Sigmoid(classScore) : classScore);
            if (!(score >= threshold)) continue;

            var stride = _grid.Stride[r];
            var box = BoxF.FromCenter(
                (row[0] + _grid.X[r]) * stride,
                (row[1] + _grid.Y[r]) * stride,
                MathF.Exp(row[2]) * stride,
                MathF.Exp(row[3]) * stride);
            _candidates.Add(new DetectionCandidate(box, score, classId, r));
        }

        return DetectionResults.Build(_candidates, thresholds, _options, _labels);
    }
}
