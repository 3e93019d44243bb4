using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Agent.Tests.EndToEnd;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Agent.Tests.Cli;

/// <summary>
/// What an operator sees from the real <c>ds-edge</c> when a configuration or a command line is wrong: exit 2, one line per
/// problem with the full key, where the value came from and the fix, no stack trace and no .NET type names, and nothing
/// opened or created before the check. Under systemd, log lines carry syslog priorities.
/// </summary>
public sealed class ConfigurationErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-config-errors");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Typos_InTheFileAVariableAndAnArgument_AreNamedWithOriginAndSuggestion()
    {
        var config = AgentConfigFile.Write(_dir.Path, "typo", 1);
        AgentEndpoint.Edit(config, c =>
        {
            c["Agent"]!["Telemetry"] = new JsonObject { ["IntervalSecond"] = 5 };
            c["Agent"]!["Cameras"]![0]!["Looop"] = true;
        });
        var lineOfLooop = File.ReadAllLines(config).ToList().FindIndex(l => l.Contains("Looop", StringComparison.Ordinal)) + 1;

        var (exit, _, stderr) = await DsEdge.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["DSEDGE_Outbox__MaxByte"] = "5" }, "agent", "--config", config, "--Mqtt:Prot=1884", "--Ota:HealthWindow=soon");

        Assert.Equal(2, exit);
        Assert.Contains($"Agent:Cameras:0:Looop ({config} line {lineOfLooop}): unknown key (did you mean \"Loop\"?)", stderr, StringComparison.Ordinal);
        Assert.Contains("Agent:Telemetry:IntervalSecond", stderr, StringComparison.Ordinal);
        Assert.Contains("(did you mean \"IntervalSeconds\"?)", stderr, StringComparison.Ordinal);
        Assert.Contains("Outbox:MaxByte (environment variable DSEDGE_Outbox__MaxByte): unknown key (did you mean \"MaxBytes\"?)", stderr, StringComparison.Ordinal);
        Assert.Contains("Mqtt:Prot (argument --Mqtt:Prot=): unknown key (did you mean \"Port\"?)", stderr, StringComparison.Ordinal);
        Assert.Contains("Ota:HealthWindow (argument --Ota:HealthWindow=): \"soon\" is not a duration", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("DeepSeek.Edge.", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "state")), "the data directory was created before the configuration was checked");
    }

    [Fact]
    public async Task BrokenJson_IsReportedWithLineAndColumn()
    {
        var config = Path.Combine(_dir.Path, "agent.json");
        await File.WriteAllTextAsync(config, "{\n  \"Agent\": {\n    \"DeviceId\": \"x\"\n    \"DataDirectory\": \"/tmp\"\n  }\n}\n");

        var (exit, _, stderr) = await DsEdge.RunAsync("agent", "--config", config);

        Assert.Equal(2, exit);
        Assert.Contains($"{config} is not valid JSON: line 4, column 5", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("nosuchverb")]
    [InlineData("infer", "--modle", "x")]
    [InlineData("model", "pack", "--bogus")]
    public async Task MistypedVerbsAndOptions_ExitTwo_WithOneLinePerError(params string[] args)
    {
        var (exit, stdout, stderr) = await DsEdge.RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.All(stderr.Trim().Split('\n'), l => Assert.StartsWith("ds-edge: ", l, StringComparison.Ordinal));
        Assert.Contains("--help", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsTheExitCodes_AndArgumentErrorsCarryNoCodeNames()
    {
        var help = await DsEdge.RunAsync("--help");
        Assert.Contains("Exit codes: 0 success, 1 failure, 2 bad input", help.Stdout, StringComparison.Ordinal);

        var (exit, _, stderr) = await DsEdge.RunAsync("infer", "--model", TestAssets.BlazeFaceFront, "--input", TestAssets.Media("messi5.jpg"), "--providers", "npu");
        Assert.Equal(2, exit);
        Assert.StartsWith("ds-edge infer: unknown execution provider \"npu\"", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnderSystemd_LogLinesCarrySyslogPriorities()
    {
        var config = AgentConfigFile.Write(_dir.Path, "journal", 1);
        AgentEndpoint.Edit(config, c => c["Agent"]!["Cameras"]![0]!["Model"] = "/no/such/model");
        using var agent = AgentProcess.Start(config, new Dictionary<string, string> { ["JOURNAL_STREAM"] = "8:12345" });
        try
        {
            await TestTimeouts.UntilAsync(() => agent.Output.Contains("CameraManager[801]", StringComparison.Ordinal), "the camera's start failure");
        }
        finally
        {
            await agent.StopAsync();
        }

        var lines = agent.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("<3>", StringComparison.Ordinal) && l.Contains("CameraManager[801]", StringComparison.Ordinal)); // journalctl -p err shows it
        Assert.Contains(lines, l => l.StartsWith("<6>", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(" info: ", StringComparison.Ordinal) || l.Contains(" fail: ", StringComparison.Ordinal));
    }
}
