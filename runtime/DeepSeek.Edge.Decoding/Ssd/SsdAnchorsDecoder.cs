using DeepSeek.Edge.Decoding.Common;
using DeepSeek.Edge.Decoding.Suppression;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Decoding.Ssd;

/// <summary>
/// <c>ssd-anchors</c> (MediaPipe BlazeFace): score logits and box regressors per anchor, split over pairs of outputs.
/// score = sigmoid(clamp(logit, ±score_clip)); centre = anchor + (dx, dy) / box_scale; size = (w, h) / box_scale;
/// keypoint k = anchor + (d[4+2k], d[5+2k]) / box_scale; all in 0..1 units, then scaled to input pixels.
/// </summary>
internal sealed class SsdAnchorsDecoder : IOutputDecoder
{
    private readonly OutputRef[] _scores;
    private readonly OutputRef[] _boxes;
    private readonly SsdAnchors _anchors;
    private readonly string _layersPath;
    private readonly string _scoresPath;
    private readonly int _width;
    private readonly int _height;
    private readonly float _boxScale;
    private readonly int _keypoints;
    private readonly float _scoreClip;
    private readonly DetectionOptions _options;
    private readonly LabelLookup _labels;
    private readonly CandidateBuffer _candidates = new();
    private readonly OutputTensor[] _scoreTensors;
    private readonly OutputTensor[] _boxTensors;
    private readonly int[] _firstRow;

    public SsdAnchorsDecoder(ModelManifest manifest)
    {
        var p = manifest.Decoder.Parameters;
        _width = manifest.Input.Width;
        _height = manifest.Input.Height;
        _scores = OutputRef.List(p, "scores");
        _boxes = OutputRef.List(p, "boxes");
        if (_boxes.Length != _scores.Length)
            throw p.Required("boxes").Fail($"lists {_boxes.Length} outputs but {p.Path}.scores lists {_scores.Length}; pair each score output with its box output, in the same order");

        _anchors = SsdAnchors.Read(p, _width, _height);
        _layersPath = $"{p.Path}.layers";
        _scoresPath = $"{p.Path}.scores";
        _boxScale = p.Float("box_scale", _width, min: 1e-6f);
        _keypoints = p.Int("keypoints", 0, min: 0, max: 1024);
        _scoreClip = p.Float("score_clip", 100f, min: 1e-6f);
        _options = DetectionOptions.Read(p);
        _labels = new LabelLookup(manifest.Labels);
        _scoreTensors = new OutputTensor[_scores.Length];
        _boxTensors = new OutputTensor[_scores.Length];
        _firstRow = new int[_scores.Length];
        OutputNames = OutputRef.Names([.. _scores, .. _boxes]);
    }

    public string Kind => DecoderKind.SsdAnchors;

    public IReadOnlyList<string> OutputNames { get; }

    public DecodedOutput Decode(ModelOutputs outputs, Thresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(thresholds);
        ResolveAndCheck(outputs);

        _candidates.Clear();
        for (var pair = 0; pair < _scoreTensors.Length; pair++) Collect(pair, thresholds.Score);

        var kept = DetectionResults.Select(_candidates, thresholds, _options);
        if (kept == 0) return DetectionResults.Empty;

        var candidates = _candidates.Span;
        var detections = new Detection[kept];
        for (var i = 0; i < kept; i++)
        {
            var c = candidates[i];
            detections[i] = new Detection(c.ClassId, _labels.Of(c.ClassId), c.Score, c.Box, Keypoints(c.Row));
        }

        return DecodedOutput.FromDetections(detections);
    }

    private void Collect(int pair, float threshold)
    {
        var scores = _scoreTensors[pair];
        var boxes = _boxTensors[pair];
        var classes = scores.Shape.Length == 3 ? scores.Shape[2] : 1;
        var width = boxes.Shape[2];
        var scoreData = scores.Span;
        var boxData = boxes.Span;
        var rows = boxes.Shape[1];
        for (var r = 0; r < rows; r++)
        {
            var classId = Scores.ArgMax(scoreData.Slice(r * classes, classes), out var logit);
            var score = Activation.Sigmoid(Math.Clamp(logit, -_scoreClip, _scoreClip));
            if (!(score >= threshold)) continue;

            var anchorIndex = _firstRow[pair] + r;
            var anchor = _anchors.Centres[anchorIndex];
            var d = boxData.Slice(r * width, 4);
            var box = BoxF.FromCenter(
                (anchor.X + (d[0] / _boxScale)) * _width,
                (anchor.Y + (d[1] / _boxScale)) * _height,
                d[2] / _boxScale * _width,
                d[3] / _boxScale * _height);
            _candidates.Add(new DetectionCandidate(box, score, classId, anchorIndex));
        }
    }

    private IReadOnlyList<PointF> Keypoints(int anchorIndex)
    {
        if (_keypoints == 0) return Detection.NoKeypoints;

        var pair = _firstRow.Length - 1;
        while (_firstRow[pair] > anchorIndex) pair--;
        var boxes = _boxTensors[pair];
        var width = boxes.Shape[2];
        var d = boxes.Span.Slice(((anchorIndex - _firstRow[pair]) * width) + 4, 2 * _keypoints);
        var anchor = _anchors.Centres[anchorIndex];
        var points = new PointF[_keypoints];
        for (var k = 0; k < _keypoints; k++)
        {
            points[k] = new PointF(
                (anchor.X + (d[2 * k] / _boxScale)) * _width,
                (anchor.Y + (d[(2 * k) + 1] / _boxScale)) * _height);
        }

        return points;
    }

    /// <summary>Finds the outputs and checks that their shapes agree with each other and with the generated anchors.</summary>
    private void ResolveAndCheck(ModelOutputs outputs)
    {
        var rowWidth = 4 + (2 * _keypoints);
        var total = 0;
        for (var pair = 0; pair < _scores.Length; pair++)
        {
            var scores = _scores[pair].Resolve(outputs);
            var boxes = _boxes[pair].Resolve(outputs);
            if (!TensorShape.TryMatrix(scores, out var scoreRows, out _, allowVector: true))
                throw TensorShape.Mismatch(_scores[pair], scores, Kind, "[1, N, 1] (or [1, N, C]) score logits, one row per anchor");
            if (!TensorShape.TryMatrix(boxes, out var boxRows, out var boxWidth) || boxWidth < rowWidth)
                throw TensorShape.Mismatch(_boxes[pair], boxes, Kind, $"[1, N, D] with D >= {rowWidth}: dx, dy, w, h, then {_keypoints} keypoints (x, y) per anchor");
            if (boxRows != scoreRows)
                throw new ManifestException(_boxes[pair].Path, $"output \"{boxes.Name}\" has {boxRows} rows but its score output \"{scores.Name}\" has {scoreRows}; list score and box outputs in matching order");

            _scoreTensors[pair] = scores;
            _boxTensors[pair] = boxes;
            _firstRow[pair] = total;
            total += scoreRows;
        }

        if (total != _anchors.Count)
            throw new ManifestException(_layersPath, $"generate {_anchors.Describe(_width, _height)}, but the score outputs have {total} rows ({RowsPerOutput()}); the layers, input size and outputs must describe the same model");

        for (var pair = 0; pair < _scores.Length; pair++)
        {
            var end = _firstRow[pair] + _scoreTensors[pair].Shape[1];
            if (Array.IndexOf(_anchors.LayerEnds, end) < 0) throw PairsOutOfOrder(pair, end);
        }
    }

    /// <summary>
    /// Outputs whose row counts add up but that do not each end on a layer boundary are listed in the wrong order: their
    /// anchors would be matched to another layer's grid (faces reported at y = 0). Names the order that fits, if one does.
    /// </summary>
    private ManifestException PairsOutOfOrder(int pair, int end)
    {
        var order = new List<int>();
        var position = 0;
        while (order.Count < _scores.Length)
        {
            var next = Enumerable.Range(0, _scores.Length)
                .FirstOrDefault(i => !order.Contains(i) && Array.IndexOf(_anchors.LayerEnds, position + _scoreTensors[i].Shape[1]) >= 0, -1);
            if (next < 0) break;
            order.Add(next);
            position += _scoreTensors[next].Shape[1];
        }

        var fix = order.Count == _scores.Length
            ? $"list them in layer order: \"scores\": [{Quoted(order.Select(i => _scores[i]))}], \"boxes\": [{Quoted(order.Select(i => _boxes[i]))}]"
            : "list the score and box outputs in the order of the layers, or fix the layers";
        return new ManifestException(_scoresPath,
            $"pair {pair + 1} (\"{_scoreTensors[pair].Name}\" / \"{_boxTensors[pair].Name}\") holds anchors {_firstRow[pair]}-{end - 1}, but the layers end at anchors " +
            $"{string.Join(", ", _anchors.LayerEnds)} ({_anchors.Describe(_width, _height)}), so each output would be read with another layer's anchors; {fix}");
    }

    private static string Quoted(IEnumerable<OutputRef> outputs) => string.Join(", ", outputs.Select(o => $"\"{o.Name}\""));

    private string RowsPerOutput() => string.Join(" + ", _scoreTensors.Select(t => $"\"{t.Name}\": {t.Shape[1]}"));
}
