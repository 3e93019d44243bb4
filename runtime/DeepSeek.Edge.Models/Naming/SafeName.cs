using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace DeepSeek.Edge.Models.Naming;

/// <summary>
/// The one rule for names that become directory names and MQTT topic levels (model names and versions, camera names):
/// letters, digits, '.', '-' and '_', starting with a letter or digit, at most 128 characters. Anchored with <c>\A…\z</c>,
/// so a trailing newline (which <c>$</c> would let through) or any other control character is refused.
/// </summary>
public static partial class SafeName
{
    public const string Rule = "use letters, digits, '.', '-' and '_' (starting with a letter or digit, at most 128 characters)";

    public static bool IsValid([NotNullWhen(true)] string? value) => value is not null && Pattern().IsMatch(value);

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
