namespace DeepSeek.Edge.Testing.Broker;

/// <summary>Upper bounds for waits, so a broken test fails instead of hanging. Never used to judge speed.</summary>
public static class TestTimeouts
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>Waits until <paramref name="condition"/> holds, polling; throws <see cref="TimeoutException"/> after <see cref="Wait"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited {Wait} for {what}");
            await Task.Delay(20);
        }
    }
}
