namespace DeepSeek.Edge.Models.Tests.Support;

/// <summary>A clock the test moves by hand (the store stamps staging times, pointers and quarantine entries with it).</summary>
internal sealed class ManualTime : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
