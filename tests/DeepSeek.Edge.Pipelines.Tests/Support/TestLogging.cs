using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Pipelines.Tests.Support;

/// <summary>A logger factory that keeps every formatted line, so tests can check what an operator would read.</summary>
internal sealed class TestLogging : ILoggerFactory
{
    public static TestLogging Factory { get; } = new();

    public ConcurrentQueue<(LogLevel Level, int EventId, string Message)> Lines { get; } = new();

    public IEnumerable<string> Messages(int eventId) => Lines.Where(l => l.EventId == eventId).Select(l => l.Message);

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(TestLogging owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            owner.Lines.Enqueue((logLevel, eventId.Id, formatter(state, exception)));
            while (owner.Lines.Count > 20_000) owner.Lines.TryDequeue(out _);
        }
    }
}
