using DeepSeek.Edge.Decoding.Common;
using DeepSeek.Edge.Decoding.Suppression;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Decoding.Yolo;

/// <summary>
/// <c>yolov5</c>: output <c>[1, N, 5+C]</c>, each row <c>cx, cy, w, h, objectness, C class scores</c> (probabilities);
/// score = objectness x best class score.
/// </summary>
internal sealed class YoloV5Decoder : IOutputDecoder
{
    private const string Expected = "[1, N, 5+C] with C >= 1: cx, cy, w, h, objectness, then C class scores per row";

    private readonly OutputRef _output;
    private readonly float _scaleX;
    private readonly float _scaleY;
    private readonly DetectionOptions _options;
    private readonly LabelLookup _labels;
    private readonly CandidateBuffer _candidates = new();

    public YoloV5Decoder(ModelManifest manifest)
    {
        var p = manifest.Decoder.Parameters;
        _output = OutputRef.Optional(p, "output");
        var normalized = p.Bool("normalized", false);
        _scaleX = normalized ? manifest.Input.Width : 1f;
        _scaleY = normalized ? manifest.Input.Height : 1f;
        _options = DetectionOptions.Read(p);
        _labels = new LabelLookup(manifest.Labels);
        OutputNames = OutputRef.Names(_output);
    }

    public string Kind => DecoderKind.YoloV5;

    public IReadOnlyList<string> OutputNames { get; }

    public DecodedOutput Decode(ModelOutputs outputs, Thresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(thresholds);
        var tensor = _output.Resolve(outputs);
        if (!TensorShape.TryMatrix(tensor, out var rows, out var cols) || cols < 6)
            throw TensorShape.Mismatch(_output, tensor, Kind, Expected);

        var data = tensor.Span;
        var threshold = thresholds.Score;
        _candidates.Clear();
        for (var r = 0; r < rows; r++)
        {
            var row = data.Slice(r * cols, cols);
            var objectness = row[4];
            if (!(objectness >= threshold)) continue;

            var classId = Scores.ArgMax(row[5..], out var classScore);
            var score = objectness * classScore;
            if (!(score >= threshold)) continue;

            var box = BoxF.FromCenter(row[0] * _scaleX, row[1] * _scaleY, row[2] * _scaleX, row[3] * _scaleY);
            _candidates.Add(new DetectionCandidate(box, score, classId, r));
        }

        return DetectionResults.Build(_candidates, thresholds, _options, _labels);
    }
}
