using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Gpio;

/// <summary>Log events of GPIO signals and triggers (event ids 600-629).</summary>
internal static partial class GpioLog
{
    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "GPIO output pin {Pin} opened for label {Label} (camera {Camera}, score >= {MinScore}, hold {HoldMs} ms, active {ActiveLevel})")]
    public static partial void OutputOpened(ILogger logger, int pin, string label, string camera, float minScore, int holdMs, string activeLevel);

    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "GPIO output pin {Pin} {State} ({Label})")]
    public static partial void OutputChanged(ILogger logger, int pin, string state, string label);

    [LoggerMessage(EventId = 602, Level = LogLevel.Information, Message = "GPIO input pin {Pin} opened for camera {Camera} (edge {Edge}, pull {Pull}, debounce {DebounceMs} ms)")]
    public static partial void InputOpened(ILogger logger, int pin, string camera, string edge, string pull, int debounceMs);

    [LoggerMessage(EventId = 603, Level = LogLevel.Information, Message = "GPIO input pin {Pin}: {Edge} edge triggers camera {Camera}")]
    public static partial void InputTriggered(ILogger logger, int pin, string edge, string camera);

    [LoggerMessage(EventId = 604, Level = LogLevel.Debug, Message = "GPIO input pin {Pin}: {Edge} edge within the debounce time ignored")]
    public static partial void InputBounced(ILogger logger, int pin, string edge);

    [LoggerMessage(EventId = 605, Level = LogLevel.Error, Message = "GPIO input pin {Pin}: a Triggered handler for camera {Camera} failed")]
    public static partial void TriggerHandlerFailed(ILogger logger, Exception exception, int pin, string camera);

    [LoggerMessage(EventId = 606, Level = LogLevel.Warning, Message = "GPIO pin {Pin} could not be released")]
    public static partial void ReleaseFailed(ILogger logger, Exception exception, int pin);

    [LoggerMessage(EventId = 607, Level = LogLevel.Warning, Message = "GPIO input pin {Pin}: the trigger of camera {Camera} is not answered: {Reason}")]
    public static partial void TriggerUnanswered(ILogger logger, int pin, string camera, string reason);
}
