namespace DeepSeek.Edge.Models.Store;

/// <summary>The model a camera runs (<c>active/&lt;camera&gt;.json</c>), the one it ran before (for rollback), and when it was switched.</summary>
public sealed record ActiveModel(string Camera, ModelRef Model, ModelRef? Previous, DateTimeOffset ActivatedAt);
