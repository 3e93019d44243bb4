using DeepSeek.Edge.Distribution;
using System.CommandLine;

namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>The <c>--broker</c> and <c>--prefix</c> options every verb that talks to the broker takes.</summary>
internal sealed class BrokerOptions
{
    public BrokerOptions(bool required = true) =>
        Broker = new("--broker") { Description = "MQTT broker, HOST or HOST:PORT (default port 1883)", Required = required };

    public Option<string> Broker { get; }

    public Option<string> Prefix { get; } = new("--prefix") { Description = "Topic prefix", DefaultValueFactory = _ => "dsedge" };

    public (string Host, int Port, string Prefix) Read(ParseResult parse)
    {
        var (host, port) = ModelBroker.ParseAddress(parse.GetValue(Broker)!);
        return (host, port, parse.GetValue(Prefix)!);
    }
}
