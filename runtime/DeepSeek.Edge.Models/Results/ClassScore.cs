namespace DeepSeek.Edge.Models.Results;

/// <summary>One class of a classification result.</summary>
public readonly record struct ClassScore(int ClassId, string Label, float Score);
