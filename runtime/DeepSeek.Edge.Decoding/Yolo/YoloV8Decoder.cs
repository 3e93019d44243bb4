using DeepSeek.Edge.Decoding.Common;
using DeepSeek.Edge.Decoding.Suppression;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Decoding.Yolo;

/// <summary>
/// <c>yolov8</c>: output <c>[1, 4+C, N]</c> (channels first) or <c>[1, N, 4+C]</c> (transposed); per candidate
/// <c>cx, cy, w, h</c> then C class scores, no objectness; score = best class score. With labels, the layout is the one
/// whose 4+C dimension matches the label count (a <c>transposed</c> that says otherwise is refused); without labels,
/// <c>transposed</c> must say it, since the shape alone cannot.
/// </summary>
internal sealed class YoloV8Decoder : IOutputDecoder
{
    private readonly OutputRef _output;
    private readonly bool? _transposed;
    private readonly string _transposedPath;
    private readonly int _classes;
    private readonly float _scaleX;
    private readonly float _scaleY;
    private readonly DetectionOptions _options;
    private readonly LabelLookup _labels;
    private readonly CandidateBuffer _candidates = new();
    private float[] _bestScore = [];
    private int[] _bestClass = [];

    public YoloV8Decoder(ModelManifest manifest)
    {
        var p = manifest.Decoder.Parameters;
        _output = OutputRef.Optional(p, "output");
        _transposed = p.TryGet("transposed", out _) ? p.Bool("transposed", false) : null;
        _transposedPath = $"{p.Path}.transposed";
        _classes = manifest.Labels.Count;
        var normalized = p.Bool("normalized", false);
        _scaleX = normalized ? manifest.Input.Width : 1f;
        _scaleY = normalized ? manifest.Input.Height : 1f;
        _options = DetectionOptions.Read(p);
        _labels = new LabelLookup(manifest.Labels);
        OutputNames = OutputRef.Names(_output);
    }

    public string Kind => DecoderKind.YoloV8;

    public IReadOnlyList<string> OutputNames { get; }

    public DecodedOutput Decode(ModelOutputs outputs, Thresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(thresholds);
        var tensor = _output.Resolve(outputs);
        var matrix = TensorShape.TryMatrix(tensor, out var dim1, out var dim2);
        var transposed = matrix ? Layout(tensor, dim1, dim2) : _transposed ?? false;
        if (!matrix || (transposed ? dim2 : dim1) < 5)
        {
            throw TensorShape.Mismatch(_output, tensor, Kind, transposed
                ? "[1, N, 4+C] with C >= 1 (transposed: true): cx, cy, w, h, then C class scores per row"
                : "[1, 4+C, N] with C >= 1: rows cx, cy, w, h, then one row of N scores per class (set \"transposed\": true for [1, N, 4+C])");
        }

        _candidates.Clear();
        if (transposed) CollectRows(tensor.Span, rows: dim1, cols: dim2, thresholds.Score);
        else CollectChannels(tensor.Span, channels: dim1, count: dim2, thresholds.Score);
        return DetectionResults.Build(_candidates, thresholds, _options, _labels);
    }

    /// <summary>Whether the output is <c>[1, N, 4+C]</c>, from the label count C; refuses a layout nothing confirms.</summary>
    private bool Layout(OutputTensor tensor, int dim1, int dim2)
    {
        var shape = TensorShape.Format(tensor.Shape);
        if (_classes == 0)
        {
            return _transposed ?? throw new ManifestException(_transposedPath,
                $"is not set and the manifest has no labels, so the layout of output \"{tensor.Name}\" {shape} is unknown: it may be [1, 4+C, N] or [1, N, 4+C]; " +
                "list the labels (the runtime then reads the layout from their count) or set \"transposed\" (true for [1, N, 4+C])");
        }

        var values = 4 + _classes;
        bool? byLabels = (dim1 == values, dim2 == values) switch
        {
            (true, true) => _transposed ?? false, // square: both readings fit the labels
            (true, false) => false,
            (false, true) => true,
            _ => null,
        };
        if (byLabels is not { } layout)
        {
            throw new ManifestException(_output.Path,
                $"names output \"{tensor.Name}\" {shape}, but with {_classes} labels a yolov8 output has 4 + {_classes} = {values} values per candidate " +
                $"([1, {values}, N] or [1, N, {values}]); list one label per class of the model");
        }

        if (_transposed is { } declared && declared != layout)
        {
            throw new ManifestException(_transposedPath,
                $"is {(declared ? "true" : "false")}, but output \"{tensor.Name}\" {shape} has its {values} = 4 + {_classes} label values on the {(layout ? "last" : "middle")} axis, " +
                $"so it is {(layout ? "[1, N, 4+C]" : "[1, 4+C, N]")}; set \"transposed\": {(layout ? "true" : "false")} or remove it");
        }

        return layout;
    }

    private void CollectRows(ReadOnlySpan<float> data, int rows, int cols, float threshold)
    {
        for (var r = 0; r < rows; r++)
        {
            var row = data.Slice(r * cols, cols);
            var classId = Scores.ArgMax(row[4..], out var score);
            if (score >= threshold) Add(row[0], row[1], row[2], row[3], score, classId, r);
        }
    }

    /// <summary>Channels first: finds each candidate's best class one class row at a time, which reads memory in order.</summary>
    private void CollectChannels(ReadOnlySpan<float> data, int channels, int count, float threshold)
    {
        if (_bestScore.Length < count)
        {
            _bestScore = new float[count];
            _bestClass = new int[count];
        }

        var bestScore = _bestScore.AsSpan(0, count);
        var bestClass = _bestClass.AsSpan(0, count);
        data.Slice(4 * count, count).CopyTo(bestScore);
        bestClass.Clear();
        for (var c = 1; c < channels - 4; c++)
        {
            var scores = data.Slice((4 + c) * count, count);
            for (var n = 0; n < count; n++)
            {
                if (scores[n] > bestScore[n])
                {
                    bestScore[n] = scores[n];
                    bestClass[n] = c;
                }
            }
        }

        for (var n = 0; n < count; n++)
        {
            if (bestScore[n] >= threshold)
                Add(data[n], data[count + n], data[(2 * count) + n], data[(3 * count) + n], bestScore[n], bestClass[n], n);
        }
    }

    private void Add(float cx, float cy, float w, float h, float score, int classId, int row) =>
        _candidates.Add(new DetectionCandidate(BoxF.FromCenter(cx * _scaleX, cy * _scaleY, w * _scaleX, h * _scaleY), score, classId, row));
}
