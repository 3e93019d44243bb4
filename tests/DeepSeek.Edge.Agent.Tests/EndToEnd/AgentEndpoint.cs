using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DeepSeek.Edge.Agent.Tests.Broker;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>The status endpoint of an agent child process (found in its log), and the config edits the tests need.</summary>
internal sealed partial class AgentEndpoint(Uri address) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = address, Timeout = TestTimeouts.Wait };

    public Uri Address => address;

    /// <summary>Waits for the agent's "Status endpoint listening on ..." line.</summary>
    public static async Task<AgentEndpoint> FindAsync(AgentProcess agent)
    {
        Match? match = null;
        await TestTimeouts.UntilAsync(() => (match = Listening().Match(agent.Output)).Success || agent.HasExited, "the agent's status endpoint");
        if (!match!.Success) throw new InvalidOperationException("the agent exited before its status endpoint listened:\n" + agent.Output);
        return new AgentEndpoint(new Uri(match.Groups[1].Value));
    }

    /// <summary>Rewrites a config written by <see cref="AgentConfigFile"/>.</summary>
    public static void Edit(string configPath, Action<JsonObject> edit)
    {
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        edit(config);
        File.WriteAllText(configPath, config.ToJsonString());
    }

    public async Task<JsonElement> HealthAsync()
    {
        using var response = await _http.GetAsync(new Uri("/healthz", UriKind.Relative));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>The status page's detail document (<c>/status</c>), as text.</summary>
    public Task<string> StatusAsync() => _http.GetStringAsync(new Uri("/status", UriKind.Relative));

    /// <summary>Scrapes /metrics until <paramref name="condition"/> holds for the text; <see cref="TimeoutException"/> after <see cref="TestTimeouts.Wait"/>.</summary>
    public async Task UntilMetricsAsync(Func<string, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Wait;
        while (!condition(await MetricsAsync()))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited {TestTimeouts.Wait} for {what}");
            await Task.Delay(100);
        }
    }

    public Task<string> MetricsAsync() => _http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

    /// <summary>Sum of the samples of <paramref name="name"/> whose labels include every one of <paramref name="labels"/> (<c>key="value"</c>).</summary>
    public static double Sample(string metrics, string name, params string[] labels) =>
        metrics.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(l => labels.All(x => l.Contains(x, StringComparison.Ordinal)))
            .Sum(Value);

    /// <summary>Every sample of <paramref name="name"/>, one per label set.</summary>
    public static IReadOnlyList<double> Samples(string metrics, string name) =>
        [.. metrics.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
            .Select(Value)];

    /// <summary>The value of a sample line: after the name and labels, before the optional timestamp.</summary>
    private static double Value(string line)
    {
        var afterLabels = line.LastIndexOf('}') is var brace and >= 0 ? brace + 1 : line.IndexOf(' ', StringComparison.Ordinal);
        return double.Parse(line[afterLabels..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex(@"Status endpoint listening on (http://[0-9.]+:[0-9]+)")]
    private static partial Regex Listening();
}
