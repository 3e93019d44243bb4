namespace DeepSeek.Edge.Quantization.Gate;

/// <summary>One figure the gate measured (<paramref name="Key"/>: its snake_case manifest key), the bound it was held to, and whether it met it.</summary>
public sealed record GateFigure(string Key, string Name, double Measured, double Minimum)
{
    public bool Met => Measured >= Minimum;
}

/// <summary>The accuracy gate's answer: the figures for the model's task and, when one is missed, why.</summary>
public sealed record AccuracyVerdict(IReadOnlyList<GateFigure> Figures)
{
    public bool Passed => Figures.All(f => f.Met);

    public IReadOnlyList<string> Misses => Figures.Where(f => !f.Met)
        .Select(f => $"{f.Name} {f.Measured.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)} < {f.Minimum.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)}")
        .ToArray();
}
