using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Hosting;

/// <summary>A logger provider that keeps every warning and error (with its exception's message) in <see cref="RecentProblems"/>.</summary>
internal sealed class RecentProblemsLoggerProvider(RecentProblems problems) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new ProblemLogger(problems, categoryName);

    public void Dispose()
    {
    }

    private sealed class ProblemLogger(RecentProblems problems, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel is >= LogLevel.Warning and < LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var message = formatter(state, exception);
            if (exception is not null && !message.Contains(exception.Message, StringComparison.Ordinal)) message += ": " + exception.Message;
            problems.Add(logLevel, category, eventId, message);
        }
    }
}
