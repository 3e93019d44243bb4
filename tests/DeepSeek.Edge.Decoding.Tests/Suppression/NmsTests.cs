using DeepSeek.Edge.Decoding.Suppression;
using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Decoding.Tests.Suppression;

public sealed class NmsTests
{
    private static readonly BoxF Left = new(100, 100, 50, 50);
    private static readonly BoxF LeftShifted = new(105, 100, 50, 50);   // IoU with Left = 2250 / 2750 ≈ 0.82
    private static readonly BoxF FarAway = new(400, 400, 50, 50);

    [Fact]
    public void Apply_TwoOverlappingBoxesOfOneClass_KeepsTheHigherScore()
    {
        DetectionCandidate[] candidates = [new(LeftShifted, 0.8f, 0, 0), new(Left, 0.9f, 0, 1)];

        var kept = Nms.Apply(candidates, 0.45f, classAgnostic: false, maxDetections: 100);

        Assert.Equal(1, kept);
        Assert.Equal(Left, candidates[0].Box);
        Assert.Equal(0.9f, candidates[0].Score);
    }

    [Fact]
    public void Apply_OverlappingBoxesOfDifferentClasses_KeepsBoth()
    {
        DetectionCandidate[] candidates = [new(Left, 0.9f, 0, 0), new(LeftShifted, 0.8f, 1, 1)];

        var kept = Nms.Apply(candidates, 0.45f, classAgnostic: false, maxDetections: 100);

        Assert.Equal(2, kept);
    }

    [Fact]
    public void Apply_ClassAgnostic_SuppressesAcrossClasses()
    {
        DetectionCandidate[] candidates = [new(Left, 0.9f, 0, 0), new(LeftShifted, 0.8f, 1, 1)];

        var kept = Nms.Apply(candidates, 0.45f, classAgnostic: true, maxDetections: 100);

        Assert.Equal(1, kept);
        Assert.Equal(0, candidates[0].ClassId);
    }

    [Fact]
    public void Apply_OverlapBelowIouThreshold_KeepsBoth()
    {
        DetectionCandidate[] candidates = [new(Left, 0.9f, 0, 0), new(LeftShifted, 0.8f, 0, 1)];

        var kept = Nms.Apply(candidates, 0.9f, classAgnostic: false, maxDetections: 100);

        Assert.Equal(2, kept);
    }

    [Fact]
    public void Apply_ChainOfOverlaps_SuppressedBoxDoesNotSuppressOthers()
    {
        // b overlaps a (IoU 0.6) and c (IoU 0.6); a and c by a third only. Greedy keeps a, drops b, so c survives.
        var a = new BoxF(0, 0, 100, 10);
        var b = new BoxF(25, 0, 100, 10);
        var c = new BoxF(50, 0, 100, 10);
        DetectionCandidate[] candidates = [new(c, 0.7f, 0, 2), new(b, 0.8f, 0, 1), new(a, 0.9f, 0, 0)];

        var kept = Nms.Apply(candidates, 0.5f, classAgnostic: false, maxDetections: 100);

        Assert.Equal(2, kept);
        Assert.Equal(a, candidates[0].Box);
        Assert.Equal(c, candidates[1].Box);
    }

    [Fact]
    public void Apply_MoreSurvivorsThanMax_KeepsTheBestInScoreOrder()
    {
        DetectionCandidate[] candidates =
        [
            new(new BoxF(0, 0, 10, 10), 0.6f, 0, 0),
            new(new BoxF(100, 0, 10, 10), 0.9f, 0, 1),
            new(FarAway, 0.7f, 0, 2),
        ];

        var kept = Nms.Apply(candidates, 0.45f, classAgnostic: false, maxDetections: 2);

        Assert.Equal(2, kept);
        Assert.Equal([0.9f, 0.7f], candidates[..kept].Select(c => c.Score));
    }

    [Fact]
    public void Apply_EqualScores_KeepsRowOrder()
    {
        DetectionCandidate[] candidates = [new(FarAway, 0.5f, 0, 7), new(Left, 0.5f, 0, 3)];

        Nms.Apply(candidates, 0.45f, classAgnostic: false, maxDetections: 100);

        Assert.Equal([3, 7], candidates.Select(c => c.Row));
    }
}
