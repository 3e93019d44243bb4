namespace DeepSeek.Edge.Agent.Metrics;

/// <summary>The model a camera runs now, for <c>dsedge_model_info</c>.</summary>
internal sealed record ActiveModel(string Camera, string Name, string Version, string Precision, string Provider, IReadOnlyList<(string Provider, int Nodes)> Nodes);
