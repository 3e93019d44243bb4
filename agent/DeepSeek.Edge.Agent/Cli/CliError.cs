using System.Text.RegularExpressions;

namespace DeepSeek.Edge.Agent.Cli;

/// <summary>How every verb reports an error: one line on standard error, <c>ds-edge &lt;verb&gt;: &lt;what and the fix&gt;</c>.</summary>
internal static partial class CliError
{
    public static void Write(string verb, string message) => Console.Error.WriteLine($"ds-edge {verb}: {ParameterName().Replace(message, "")}");

    public static void Write(string verb, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Write(verb, exception.Message);
    }

    /// <summary>The " (Parameter 'x')" that <see cref="ArgumentException"/> appends: a name from the code, not the user's.</summary>
    [GeneratedRegex(@"\s*\(Parameter '[^']*'\)\z")]
    private static partial Regex ParameterName();
}
