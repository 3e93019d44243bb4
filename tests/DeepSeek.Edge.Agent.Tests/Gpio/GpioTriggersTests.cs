using System.Device.Gpio;
using DeepSeek.Edge.Agent.Gpio;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DeepSeek.Edge.Agent.Tests.Gpio;

public sealed class GpioTriggersTests : IDisposable
{
    private const int Pin = 7;
    private readonly InMemoryGpioDriver _driver = new();
    private readonly GpioController _controller;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly List<GpioTriggerEventArgs> _triggered = [];

    public GpioTriggersTests() => _controller = new GpioController(_driver);

    public void Dispose() => _controller.Dispose();

    private GpioTriggers Create(string edge = "Falling", string pull = "Up", int debounceMs = 50)
    {
        var options = new GpioOptions { Enabled = true };
        options.Inputs.Add(new GpioInputOptions { Pin = Pin, Camera = "dock", Edge = edge, Pull = pull, DebounceMs = debounceMs });
        var triggers = new GpioTriggers(_controller, options, _time, NullLogger<GpioTriggers>.Instance);
        triggers.Triggered += (_, e) => _triggered.Add(e);
        return triggers;
    }

    [Theory]
    [InlineData("Up", PinMode.InputPullUp)]
    [InlineData("Down", PinMode.InputPullDown)]
    [InlineData("None", PinMode.Input)]
    public void Constructor_Pull_OpensInputWithThatBias(string pull, PinMode expected)
    {
        using var triggers = Create(pull: pull);

        Assert.Equal(expected, _driver.ModeOf(Pin));
    }

    [Fact]
    public void Edge_ConfiguredEdge_RaisesTriggeredForCamera()
    {
        using var triggers = Create();

        _driver.SimulateEdge(Pin, PinEventTypes.Falling);

        var e = Assert.Single(_triggered);
        Assert.Equal("dock", e.Camera);
        Assert.Equal(Pin, e.Pin);
        Assert.Equal(_time.GetUtcNow(), e.Timestamp);
    }

    [Fact]
    public void Edge_OppositeEdge_DoesNotTrigger()
    {
        using var triggers = Create(edge: "Rising");

        _driver.SimulateEdge(Pin, PinEventTypes.Falling);

        Assert.Empty(_triggered);
    }

    [Fact]
    public void Edge_BouncesWithinDebounce_TriggerOnce()
    {
        using var triggers = Create(edge: "Both", debounceMs: 50);

        _driver.SimulateEdge(Pin, PinEventTypes.Falling);
        for (var i = 0; i < 4; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
            _driver.SimulateEdge(Pin, i % 2 == 0 ? PinEventTypes.Rising : PinEventTypes.Falling);
        }

        Assert.Single(_triggered);
    }

    [Fact]
    public void Edge_BouncingLongerThanDebounce_StillTriggersOnce()
    {
        using var triggers = Create(debounceMs: 50);

        for (var i = 0; i < 10; i++)
        {
            _driver.SimulateEdge(Pin, PinEventTypes.Falling);
            _time.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Single(_triggered);
    }

    [Fact]
    public void Edge_SecondPressAfterQuietDebounce_TriggersAgain()
    {
        using var triggers = Create(debounceMs: 50);

        _driver.SimulateEdge(Pin, PinEventTypes.Falling);
        _time.Advance(TimeSpan.FromMilliseconds(50));
        _driver.SimulateEdge(Pin, PinEventTypes.Falling);

        Assert.Equal(2, _triggered.Count);
    }

    [Fact]
    public void Edge_BothEdgesConfigured_PressAndReleaseEachTrigger()
    {
        using var triggers = Create(edge: "both");

        _driver.SimulateEdge(Pin, PinEventTypes.Falling);
        _time.Advance(TimeSpan.FromMilliseconds(300));
        _driver.SimulateEdge(Pin, PinEventTypes.Rising);

        Assert.Equal(2, _triggered.Count);
    }

    [Fact]
    public void Edge_HandlerThrows_LaterPressesStillTrigger()
    {
        using var triggers = Create();
        var calls = 0;
        triggers.Triggered += (_, _) =>
        {
            calls++;
            throw new InvalidOperationException("camera busy");
        };

        _driver.SimulateEdge(Pin, PinEventTypes.Falling);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        _driver.SimulateEdge(Pin, PinEventTypes.Falling);

        Assert.Equal(2, calls);
    }

    [Fact]
    public void Dispose_ReleasesPinAndStopsTriggering()
    {
        var triggers = Create();

        triggers.Dispose();
        _driver.SimulateEdge(Pin, PinEventTypes.Falling);

        Assert.Empty(_triggered);
        Assert.False(_driver.IsOpen(Pin));
        Assert.Equal(0, _driver.CallbackCount(Pin));
    }
}
