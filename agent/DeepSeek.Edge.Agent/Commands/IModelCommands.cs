namespace DeepSeek.Edge.Agent.Commands;

/// <summary>Remote commands on the cameras' models; implemented by the over-the-air updater.</summary>
public interface IModelCommands
{
    /// <summary>
    /// Swaps <paramref name="camera"/> back to the version it ran before its active one (or to its configured model) and
    /// returns the version that runs now. Throws <see cref="CommandException"/> saying why when there is nothing to roll back.
    /// </summary>
    Task<string> RollbackAsync(string camera, CancellationToken cancellationToken);
}
