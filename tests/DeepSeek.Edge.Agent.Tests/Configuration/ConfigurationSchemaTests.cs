using System.Text.Json;
using DeepSeek.Edge.Agent.Hosting;
using DeepSeek.Edge.Agent.Tests.EndToEnd;
using DeepSeek.Edge.Testing;
using Json.Schema;

namespace DeepSeek.Edge.Agent.Tests.Configuration;

/// <summary>docs/schemas/agent-config.v1.json: made from the option types, and it accepts the configurations the project ships and writes.</summary>
public sealed class ConfigurationSchemaTests : IDisposable
{
    private static readonly string SchemaPath = Path.Combine(ProtocolSchemas.Directory, "agent-config.v1.json");
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromFile(SchemaPath)); // loaded once: its $id registers globally
    private readonly TempDirectory _dir = new("dsedge-config-schema");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void CommittedSchema_IsWhatTheOptionTypesMake()
    {
        Assert.True(ConfigurationSchema.Write() == File.ReadAllText(SchemaPath),
            "docs/schemas/agent-config.v1.json is stale: regenerate it with `ds-edge config schema > docs/schemas/agent-config.v1.json`");
    }

    [Fact]
    public void PackagedAndTestConfigurations_Conform()
    {
        var schema = Schema.Value;
        string[] configs =
        [
            Path.Combine(TestAssets.RepoRoot, "packaging", "config", "agent.json"),
            AgentConfigFile.Write(_dir.Path, "schema-check", 1883, http: true),
        ];

        foreach (var config in configs)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(config));
            var result = schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(result.IsValid, $"{config}: " + string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        }
    }

    [Theory]
    [InlineData("""{"Agent":{"Telemetry":{"IntervalSecond":3}}}""")] // a typo in a key
    [InlineData("""{"Mqtt":{"Port":"eighteen"}}""")] // a value of the wrong type
    [InlineData("""{"Mqtt":{"KeepAlive":"30 seconds"}}""")] // a duration not in hh:mm:ss
    [InlineData("""{"Camras":[]}""")] // a section that does not exist
    public void ConfigurationTheAgentRefuses_FailsTheSchemaToo(string json)
    {
        using var doc = JsonDocument.Parse(json);

        Assert.False(Schema.Value.Evaluate(doc.RootElement).IsValid);
    }
}
