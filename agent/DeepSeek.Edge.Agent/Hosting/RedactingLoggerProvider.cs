using DeepSeek.Edge.Pipelines.Sources;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Hosting;

/// <summary>
/// Wraps a logger provider so that every message and exception text it writes goes through <see cref="SecretRedaction"/>:
/// a camera URL with a password is never written to the console or the journal, whichever component logs it.
/// </summary>
internal sealed class RedactingLoggerProvider(ILoggerProvider inner) : ILoggerProvider, ISupportExternalScope
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    public void SetScopeProvider(IExternalScopeProvider scopeProvider)
    {
        if (inner is ISupportExternalScope scoped) scoped.SetScopeProvider(scopeProvider);
    }

    public void Dispose() => inner.Dispose();

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception is not null && SecretRedaction.HasSecret(exception.ToString()) ? new RedactedException(exception) : exception,
                (s, e) => SecretRedaction.Redact(formatter(s, exception)) ?? "");
    }

    /// <summary>An exception shown with its secrets masked (message and stack trace as text, type named).</summary>
    private sealed class RedactedException(Exception original) : Exception(SecretRedaction.Redact(original.Message))
    {
        public override string ToString() => SecretRedaction.Redact(original.ToString()) ?? "";
    }
}
