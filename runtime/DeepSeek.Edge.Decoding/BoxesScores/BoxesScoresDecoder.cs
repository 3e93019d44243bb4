using DeepSeek.Edge.Decoding.Common;
using DeepSeek.Edge.Decoding.Suppression;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Decoding.BoxesScores;

/// <summary>
/// <c>boxes-scores</c>: boxes already decoded by the model. <c>boxes</c> <c>[1, N, 4]</c> in <c>box_format</c>;
/// <c>scores</c> <c>[1, N, C]</c> (best class wins) or <c>[1, N]</c>; optional <c>classes</c> <c>[1, N]</c> (ids as floats).
/// </summary>
internal sealed class BoxesScoresDecoder : IOutputDecoder
{
    private readonly OutputRef _boxes;
    private readonly OutputRef _scores;
    private readonly OutputRef? _classes;
    private readonly BoxFormat _format;
    private readonly float _scaleX;
    private readonly float _scaleY;
    private readonly bool _suppress;
    private readonly DetectionOptions _options;
    private readonly LabelLookup _labels;
    private readonly CandidateBuffer _candidates = new();

    public BoxesScoresDecoder(ModelManifest manifest)
    {
        var p = manifest.Decoder.Parameters;
        _boxes = OutputRef.Required(p, "boxes");
        _scores = OutputRef.Required(p, "scores");
        _classes = p.TryGet("classes", out _) ? OutputRef.Required(p, "classes") : null;
        _format = p.Enum("box_format", BoxFormat.Xyxy);
        var normalized = p.Bool("normalized", true);
        _scaleX = normalized ? manifest.Input.Width : 1f;
        _scaleY = normalized ? manifest.Input.Height : 1f;
        _suppress = p.Bool("nms", true);
        _options = DetectionOptions.Read(p);
        _labels = new LabelLookup(manifest.Labels);
        OutputNames = OutputRef.Names(_boxes, _scores, _classes);
    }

    public string Kind => DecoderKind.BoxesScores;

    public IReadOnlyList<string> OutputNames { get; }

    public DecodedOutput Decode(ModelOutputs outputs, Thresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(thresholds);
        var boxes = _boxes.Resolve(outputs);
        var scores = _scores.Resolve(outputs);
        if (!TensorShape.TryMatrix(boxes, out var rows, out var boxWidth) || boxWidth != 4)
            throw TensorShape.Mismatch(_boxes, boxes, Kind, $"[1, N, 4] boxes ({_format.ToString().ToLowerInvariant()})");
        if (!TensorShape.TryMatrix(scores, out var scoreRows, out var classes, allowVector: true) || scoreRows != rows)
            throw TensorShape.Mismatch(_scores, scores, Kind, $"[1, {rows}, C] or [1, {rows}]: one score (or one per class) for each of the {rows} boxes of \"{boxes.Name}\"");

        var classIds = ReadOnlySpan<float>.Empty;
        if (_classes is not null)
        {
            var classTensor = _classes.Resolve(outputs);
            if (!TensorShape.TryMatrix(classTensor, out var classRows, out var classWidth, allowVector: true) || classRows != rows || classWidth != 1)
                throw TensorShape.Mismatch(_classes, classTensor, Kind, $"[1, {rows}]: one class id for each of the {rows} boxes of \"{boxes.Name}\"");
            classIds = classTensor.Span;
        }

        var boxData = boxes.Span;
        var scoreData = scores.Span;
        var threshold = thresholds.Score;
        _candidates.Clear();
        for (var r = 0; r < rows; r++)
        {
            var classId = Scores.ArgMax(scoreData.Slice(r * classes, classes), out var score);
            if (!(score >= threshold)) continue;
            if (!classIds.IsEmpty) classId = (int)MathF.Round(classIds[r]);

            _candidates.Add(new DetectionCandidate(ToBox(boxData.Slice(r * 4, 4)), score, classId, r));
        }

        return DetectionResults.Build(_candidates, thresholds, _options, _labels, _suppress);
    }

    private BoxF ToBox(ReadOnlySpan<float> b)
    {
        var (sx, sy) = (_scaleX, _scaleY);
        return _format switch
        {
            BoxFormat.Xyxy => BoxF.FromCorners(b[0] * sx, b[1] * sy, b[2] * sx, b[3] * sy),
            BoxFormat.Xywh => new BoxF(b[0] * sx, b[1] * sy, b[2] * sx, b[3] * sy),
            BoxFormat.Cxcywh => BoxF.FromCenter(b[0] * sx, b[1] * sy, b[2] * sx, b[3] * sy),
            _ => BoxF.FromCorners(b[1] * sx, b[0] * sy, b[3] * sx, b[2] * sy),
        };
    }
}
