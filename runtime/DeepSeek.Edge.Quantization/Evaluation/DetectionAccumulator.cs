using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Quantization.Evaluation;

/// <summary>Collects matched detections of FP32 and INT8 runs over the held-out samples.</summary>
internal sealed class DetectionAccumulator
{
    private readonly float _minIoU;
    private int _reference;
    private int _candidate;
    private int _matched;
    private double _iouSum;
    private double _worstIoU = double.PositiveInfinity;
    private double _scoreDeltaSum;
    private double _maxScoreDelta;

    public DetectionAccumulator(float minIoU) => _minIoU = minIoU;

    public void Add(IReadOnlyList<Detection> reference, IReadOnlyList<Detection> candidate)
    {
        _reference += reference.Count;
        _candidate += candidate.Count;
        foreach (var (r, c, iou) in DetectionMatcher.Match(reference, candidate, _minIoU))
        {
            _matched++;
            _iouSum += iou;
            _worstIoU = Math.Min(_worstIoU, iou);
            var delta = Math.Abs(r.Score - c.Score);
            _scoreDeltaSum += delta;
            _maxScoreDelta = Math.Max(_maxScoreDelta, delta);
        }
    }

    public DetectionAgreement Result() => _matched == 0
        ? new DetectionAgreement(_reference, _candidate, 0, 0, 0, 0, 0)
        : new DetectionAgreement(_reference, _candidate, _matched, _iouSum / _matched, _worstIoU, _scoreDeltaSum / _matched, _maxScoreDelta);
}
