namespace DeepSeek.Edge.Agent.Commands;

/// <summary>A command that cannot be carried out as asked; the message goes back in the error response.</summary>
public sealed class CommandException : Exception
{
    public CommandException(string message) : base(message) { }

    public CommandException() : base("command failed") { }

    public CommandException(string message, Exception inner) : base(message, inner) { }
}
