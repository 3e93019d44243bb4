using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Hosting;

/// <summary>The agent's minimum log level, changeable at run time by the <c>log-level</c> command.</summary>
public sealed class LogLevelSwitch
{
    private volatile int _level;

    public LogLevelSwitch(LogLevel initial) => _level = (int)initial;

    public LogLevel Level
    {
        get => (LogLevel)_level;
        set => _level = (int)value;
    }

    public bool IsEnabled(LogLevel level) => level >= Level && level != LogLevel.None;
}
