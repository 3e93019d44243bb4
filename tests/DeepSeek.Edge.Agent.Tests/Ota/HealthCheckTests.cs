using DeepSeek.Edge.Agent.Cameras;
using DeepSeek.Edge.Agent.Ota;

namespace DeepSeek.Edge.Agent.Tests.Ota;

/// <summary>The verdict on a new model's health window against the old model's baseline.</summary>
public sealed class HealthCheckTests
{
    private static HealthCheck.Rates Rates(long frames, long detections, long errors, double seconds) =>
        HealthCheck.Rates.Between(new CameraSample(0, 0, 0, 0), new CameraSample(frames, detections, errors, (long)(seconds * TimeProvider.System.TimestampFrequency)), TimeProvider.System);

    [Fact]
    public void SameRates_Pass() =>
        Assert.Null(HealthCheck.Failure(Rates(100, 100, 0, 4), Rates(50, 50, 0, 2), new OtaOptions { MinDetectionRatio = 0.5 }));

    [Fact]
    public void FpsBelowTheRatio_Fails()
    {
        var failure = HealthCheck.Failure(Rates(100, 0, 0, 4), Rates(20, 0, 0, 2), new OtaOptions { MinFpsRatio = 0.8 });
        Assert.Contains("10.0 fps is below 80", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void NoFramesAtAll_FailsTheFpsCheck() =>
        Assert.NotNull(HealthCheck.Failure(Rates(100, 0, 0, 4), Rates(0, 0, 0, 2), new OtaOptions()));

    [Fact]
    public void InferenceErrors_FailEvenWhenFast()
    {
        var failure = HealthCheck.Failure(Rates(100, 0, 0, 4), Rates(50, 0, 3, 2), new OtaOptions { MaxInferenceErrors = 2 });
        Assert.Contains("3 frames failed", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void DetectionCollapse_FailsOnlyWhenTheCheckIsOnAndTheOldModelDetectedSomething()
    {
        var baseline = Rates(100, 90, 0, 4);
        var window = Rates(50, 2, 0, 2);
        Assert.Null(HealthCheck.Failure(baseline, window, new OtaOptions()));
        Assert.Contains("detections collapsed", HealthCheck.Failure(baseline, window, new OtaOptions { MinDetectionRatio = 0.5 }), StringComparison.Ordinal);
        Assert.Null(HealthCheck.Failure(Rates(100, 0, 0, 4), window, new OtaOptions { MinDetectionRatio = 0.5 }));
    }

    [Fact]
    public void Options_BadValues_NameTheirKeys()
    {
        var errors = new OtaOptions { TrustedKeys = ["/nonexistent/key.pem"], Groups = ["a/b"], MinFpsRatio = 2, HealthWindow = TimeSpan.FromHours(2) }.Validate();
        Assert.Contains(errors, e => e.StartsWith("Ota:TrustedKeys", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Ota:Groups", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Ota:MinFpsRatio", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Ota:HealthWindow", StringComparison.Ordinal));
        Assert.Empty(new OtaOptions().Validate());
    }

    [Fact]
    public void Options_BadDiskBounds_NameTheirKeys()
    {
        var errors = new OtaOptions
        {
            MaxQuarantineBytes = -1, MaxDownloadBytes = -1, QuarantineRetention = TimeSpan.Zero, DownloadRetention = TimeSpan.FromDays(1000),
        }.Validate();
        foreach (var key in new[] { "MaxQuarantineBytes", "MaxDownloadBytes", "QuarantineRetention", "DownloadRetention" })
            Assert.Contains(errors, e => e.StartsWith($"Ota:{key}", StringComparison.Ordinal));
    }
}
