namespace DeepSeek.Edge.Testing.Broker;

/// <summary>Upper bounds for waits, so a broken test fails instead of hanging. Never used to judge speed.</summary>
public static class TestTimeouts
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>Waits until <paramref name="condition"/> holds, polling; throws <see cref="TimeoutException"/> after <paramref name="within"/> (default <see cref="Wait"/>).</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? within = null)
    {
        var limit = within ?? Wait;
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited {limit} for {what}");
            await Task.Delay(20);
        }
    }
}
