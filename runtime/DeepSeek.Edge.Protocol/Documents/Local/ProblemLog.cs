namespace DeepSeek.Edge.Protocol.Documents.Local;

/// <summary>Warnings and errors the agent logged since start, and the latest of them (newest first).</summary>
public sealed record ProblemLog(long Warnings, long Errors, IReadOnlyList<LoggedProblem> Recent);

/// <summary>One warning or error as logged (secrets masked): <c>level</c> is <c>warning</c>, <c>error</c> or <c>critical</c>.</summary>
public sealed record LoggedProblem(DateTimeOffset At, string Level, string Source, int Event, string Message);
