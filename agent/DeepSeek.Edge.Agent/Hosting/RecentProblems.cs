using DeepSeek.Edge.Protocol.Documents.Local;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Hosting;

/// <summary>
/// The latest <see cref="Capacity"/> warnings and errors the agent logged (what the status page lists), and how many of each
/// since start. Filled by <see cref="RecentProblemsLoggerProvider"/>, behind the same secret masking as every log provider.
/// </summary>
public sealed class RecentProblems(TimeProvider time)
{
    public const int Capacity = 20;

    /// <summary>Longer messages are cut here (with "…"): the page shows a line, the journal has the whole text.</summary>
    public const int MaxMessageLength = 1000;

    private readonly LoggedProblem[] _ring = new LoggedProblem[Capacity];
    private readonly Lock _gate = new();
    private int _next;
    private long _warnings;
    private long _errors;

    public void Add(LogLevel level, string category, EventId eventId, string message)
    {
        var problem = new LoggedProblem(time.GetUtcNow(), LevelName(level), ShortName(category), eventId.Id, message.Length <= MaxMessageLength ? message : message[..MaxMessageLength] + "…");
        lock (_gate)
        {
            if (level == LogLevel.Warning) _warnings++;
            else _errors++;
            _ring[_next % Capacity] = problem;
            _next++;
        }
    }

    /// <summary>The counts and the latest problems, newest first.</summary>
    public ProblemLog Snapshot()
    {
        lock (_gate)
        {
            var count = Math.Min(_next, Capacity);
            var recent = new LoggedProblem[count];
            for (var i = 0; i < count; i++) recent[i] = _ring[(_next - 1 - i) % Capacity];
            return new ProblemLog(_warnings, _errors, recent);
        }
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Warning => "warning",
        LogLevel.Error => "error",
        _ => "critical",
    };

    /// <summary><c>DeepSeek.Edge.Agent.Cameras.CameraManager</c> → <c>CameraManager</c>.</summary>
    private static string ShortName(string category) => category[(category.LastIndexOf('.') + 1)..];
}
