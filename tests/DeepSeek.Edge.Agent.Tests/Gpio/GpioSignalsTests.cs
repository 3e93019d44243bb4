using System.Device.Gpio;
using System.Diagnostics.Metrics;
using DeepSeek.Edge.Agent.Gpio;
using DeepSeek.Edge.Inference.Telemetry;
using DeepSeek.Edge.Models.Results;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DeepSeek.Edge.Agent.Tests.Gpio;

public sealed class GpioSignalsTests : IDisposable
{
    private const int Pin = 12;
    private readonly InMemoryGpioDriver _driver = new();
    private readonly GpioController _controller;
    private readonly FakeTimeProvider _time = new();

    public GpioSignalsTests() => _controller = new GpioController(_driver);

    public void Dispose() => _controller.Dispose();

    private GpioSignals Create(string? camera = null, bool activeLow = false, int pin = Pin)
    {
        var options = new GpioOptions { Enabled = true };
        options.Outputs.Add(new GpioOutputOptions { Pin = pin, Label = "person", Camera = camera, MinScore = 0.6f, HoldMs = 1000, ActiveLow = activeLow });
        return new GpioSignals(_controller, options, _time, NullLogger<GpioSignals>.Instance);
    }

    private static Detection[] Seen(string label, float score) => [new(0, label, score, new BoxF(1, 2, 3, 4), Detection.NoKeypoints)];

    [Fact]
    public void Constructor_OutputRule_OpensPinAsOutputAtIdleLevel()
    {
        using var signals = Create();

        Assert.True(_driver.IsOpen(Pin));
        Assert.Equal(PinMode.Output, _driver.ModeOf(Pin));
        Assert.Equal(PinValue.Low, _driver.ValueOf(Pin));
        Assert.False(signals.IsActive(Pin));
    }

    [Fact]
    public void OnDetections_MatchingLabelAboveScore_DrivesPinHigh()
    {
        using var signals = Create();

        signals.OnDetections("gate", Seen("person", 0.9f));

        Assert.Equal(PinValue.High, _driver.ValueOf(Pin));
        Assert.True(signals.IsActive(Pin));
    }

    [Fact]
    public void OnDetections_ScoreEqualToMinScore_DrivesPinHigh()
    {
        using var signals = Create();

        signals.OnDetections("gate", Seen("person", 0.6f));

        Assert.Equal(PinValue.High, _driver.ValueOf(Pin));
    }

    [Fact]
    public void OnDetections_LabelInOtherCase_DrivesPinHigh()
    {
        using var signals = Create();

        signals.OnDetections("gate", Seen("Person", 0.9f));

        Assert.Equal(PinValue.High, _driver.ValueOf(Pin));
    }

    [Theory]
    [InlineData("car", 0.9f, "gate")]
    [InlineData("person", 0.59f, "gate")]
    [InlineData("person", 0.9f, "dock")]
    public void OnDetections_OtherLabelLowerScoreOrOtherCamera_PinStaysLow(string label, float score, string camera)
    {
        using var signals = Create(camera: "gate");

        signals.OnDetections(camera, Seen(label, score));

        Assert.Equal(PinValue.Low, _driver.ValueOf(Pin));
        Assert.Empty(_driver.Writes);
    }

    [Fact]
    public void OnDetections_RuleWithoutCamera_AnyCameraDrivesPin()
    {
        using var signals = Create(camera: null);

        signals.OnDetections("dock", Seen("person", 0.9f));

        Assert.Equal(PinValue.High, _driver.ValueOf(Pin));
    }

    [Fact]
    public void OnDetections_MatchAmongOthers_DrivesPinHigh()
    {
        using var signals = Create();
        Detection[] frame = [.. Seen("car", 0.99f), .. Seen("person", 0.3f), .. Seen("person", 0.7f)];

        signals.OnDetections("gate", frame);

        Assert.Equal(PinValue.High, _driver.ValueOf(Pin));
    }

    [Fact]
    public void OnDetections_WithinHoldTime_PinStaysHigh()
    {
        using var signals = Create();
        signals.OnDetections("gate", Seen("person", 0.9f));

        _time.Advance(TimeSpan.FromMilliseconds(999));

        Assert.Equal(PinValue.High, _driver.ValueOf(Pin));
    }

    [Fact]
    public void OnDetections_HoldTimeElapsed_PinGoesLow()
    {
        using var signals = Create();
        signals.OnDetections("gate", Seen("person", 0.9f));

        _time.Advance(TimeSpan.FromMilliseconds(1000));

        Assert.Equal(PinValue.Low, _driver.ValueOf(Pin));
        Assert.False(signals.IsActive(Pin));
    }

    [Fact]
    public void OnDetections_FramesWithoutMatch_DoNotExtendHold()
    {
        using var signals = Create();
        signals.OnDetections("gate", Seen("person", 0.9f));

        _time.Advance(TimeSpan.FromMilliseconds(500));
        signals.OnDetections("gate", Seen("car", 0.9f));
        _time.Advance(TimeSpan.FromMilliseconds(500));

        Assert.Equal(PinValue.Low, _driver.ValueOf(Pin));
    }

    [Fact]
    public void OnDetections_RepeatedMatches_HoldCountsFromLastMatch()
    {
        using var signals = Create();
        signals.OnDetections("gate", Seen("person", 0.9f));
        _time.Advance(TimeSpan.FromMilliseconds(800));
        signals.OnDetections("gate", Seen("person", 0.9f));

        _time.Advance(TimeSpan.FromMilliseconds(800));
        Assert.Equal(PinValue.High, _driver.ValueOf(Pin));

        _time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(PinValue.Low, _driver.ValueOf(Pin));
    }

    [Fact]
    public void OnDetections_ManyMatchingFrames_WritesOnlyOnChanges()
    {
        using var signals = Create();

        for (var i = 0; i < 10; i++)
        {
            signals.OnDetections("gate", Seen("person", 0.9f));
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        _time.Advance(TimeSpan.FromMilliseconds(1000));

        Assert.Equal([(Pin, PinValue.High), (Pin, PinValue.Low)], _driver.Writes);
        Assert.Equal(1, _driver.OpenCount(Pin));
    }

    [Fact]
    public void OnDetections_ActiveLow_DrivesPinLowWhileActiveAndHighWhenIdle()
    {
        using var signals = Create(activeLow: true);
        Assert.Equal(PinValue.High, _driver.ValueOf(Pin));

        signals.OnDetections("gate", Seen("person", 0.9f));
        Assert.Equal(PinValue.Low, _driver.ValueOf(Pin));
        Assert.True(signals.IsActive(Pin));

        _time.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(PinValue.High, _driver.ValueOf(Pin));
    }

    [Fact]
    public void OnDetections_StateChanges_AreCountedByPinAndState()
    {
        const int pin = 43;
        var counted = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == EdgeMeter.Instance && instrument.Name == "dsedge.gpio.output.changes") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var t = tags.ToArray().ToDictionary(x => x.Key, x => x.Value);
            if (Equals(t["pin"], pin)) lock (counted) counted.Add($"{t["state"]}:{value}");
        });
        listener.Start();
        using var signals = Create(pin: pin);

        signals.OnDetections("gate", Seen("person", 0.9f));
        signals.OnDetections("gate", Seen("person", 0.9f));
        _time.Advance(TimeSpan.FromMilliseconds(1000));

        Assert.Equal(["active:1", "idle:1"], counted);
    }

    [Fact]
    public void Dispose_WhileActive_LeavesPinIdleAndClosed()
    {
        var signals = Create();
        signals.OnDetections("gate", Seen("person", 0.9f));

        signals.Dispose();

        Assert.Equal(PinValue.Low, _driver.ValueOf(Pin));
        Assert.False(_driver.IsOpen(Pin));
    }

    [Fact]
    public void Dispose_ThenHoldTimeElapses_DoesNotWriteAgain()
    {
        var signals = Create();
        signals.OnDetections("gate", Seen("person", 0.9f));
        signals.Dispose();
        var writes = _driver.Writes.Count;

        _time.Advance(TimeSpan.FromMilliseconds(2000));
        signals.OnDetections("gate", Seen("person", 0.9f));

        Assert.Equal(writes, _driver.Writes.Count);
    }
}
