using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace DeepSeek.Edge.Models.Naming;

/// <summary>A SHA-256 digest written as 64 hexadecimal digits, nothing before or after (<c>\A…\z</c>).</summary>
public static partial class Sha256Text
{
    public static bool IsValid([NotNullWhen(true)] string? value) => value is not null && Pattern().IsMatch(value);

    [GeneratedRegex(@"\A[0-9a-fA-F]{64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
