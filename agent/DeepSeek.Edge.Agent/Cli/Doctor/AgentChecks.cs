using DeepSeek.Edge.Agent.Configuration;
using DeepSeek.Edge.Agent.Gpio;
using DeepSeek.Edge.Agent.Health;
using DeepSeek.Edge.Agent.Hosting;
using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Agent.Ota;
using DeepSeek.Edge.Agent.Outbox;
using DeepSeek.Edge.Models.Signing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MQTTnet;

namespace DeepSeek.Edge.Agent.Cli.Doctor;

/// <summary>What the agent's configuration needs from this board: valid options, a writable data directory, trusted keys, the broker.</summary>
internal static class AgentChecks
{
    private static readonly TimeSpan BrokerTimeout = TimeSpan.FromSeconds(10);

    public static Task<IReadOnlyList<DoctorCheck>> RunAsync(string? configPath, CancellationToken cancellationToken) =>
        CheckAsync(configPath, probe: true, cancellationToken);

    /// <summary>What is wrong with the configuration at <paramref name="configPath"/>, as the agent would find it at start; empty when nothing.</summary>
    public static async Task<IReadOnlyList<string>> ValidateAsync(string configPath, CancellationToken cancellationToken) =>
        [.. (await CheckAsync(configPath, probe: false, cancellationToken).ConfigureAwait(false)).Where(c => c.Status == DoctorStatus.Fail).Select(c => c.Found)];

    /// <summary>The configuration's checks; with <paramref name="probe"/> also the data directory, trusted keys and broker.</summary>
    private static async Task<IReadOnlyList<DoctorCheck>> CheckAsync(string? configPath, bool probe, CancellationToken cancellationToken)
    {
        IHost host;
        try
        {
            host = AgentHost.Build(AgentConfiguration.Build(configPath, []));
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or FormatException)
        {
            return [DoctorCheck.Fail("config", e.Message, "fix the configuration (docs/operations.md, Configuration)")];
        }

        using (host)
        {
            var checks = new List<DoctorCheck>();
            var (agent, link, ota) = (Options<AgentOptions>(host, checks), Options<MqttLinkOptions>(host, checks), Options<OtaOptions>(host, checks));
            Options<OutboxOptions>(host, checks);
            Options<GpioOptions>(host, checks);
            Options<HealthOptions>(host, checks);
            if (checks.Count == 0) checks.Add(DoctorCheck.Ok("config", $"valid; device {agent!.DeviceId}, {agent.Cameras.Count} camera(s)"));
            if (!probe) return checks;
            if (agent is not null) checks.Add(DataDirectory(agent.DataDirectory));
            if (ota is not null) checks.Add(TrustedKeysCheck(ota));
            if (link is not null) checks.Add(await BrokerAsync(link, cancellationToken).ConfigureAwait(false));
            return checks;
        }
    }

    private static T? Options<T>(IHost host, List<DoctorCheck> checks)
        where T : class
    {
        try
        {
            return host.Services.GetRequiredService<IOptions<T>>().Value;
        }
        catch (OptionsValidationException e)
        {
            checks.Add(DoctorCheck.Fail("config", string.Join("; ", e.Failures), "fix the keys named (docs/operations.md, Configuration)"));
            return null;
        }
    }

    private static DoctorCheck DataDirectory(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".doctor-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return DoctorCheck.Fail("data directory", $"{directory} is not writable: {e.Message}", $"create it and give it to the service user (chown deepseek-edge {directory}), or set Agent:DataDirectory");
        }

        if (DiskSpace.Read(directory) is not { } space) return DoctorCheck.Warn("data directory", $"{directory} writable; free space unknown", "check the file system");
        var found = $"{directory} writable, {space.Free / (1024 * 1024)} MiB free of {space.Total / (1024 * 1024)} MiB";
        return space.Free < new OutboxOptions().MinFreeBytes * 2
            ? DoctorCheck.Warn("data directory", found, "free some space: the outbox stops storing telemetry first when the disk is nearly full")
            : DoctorCheck.Ok("data directory", found);
    }

    private static DoctorCheck TrustedKeysCheck(OtaOptions ota)
    {
        if (ota.TrustedKeys.Count == 0)
            return DoctorCheck.Warn("trusted keys", "none: over-the-air updates are off", "add the trainer's public key to Ota:TrustedKeys to take signed models over the air");
        try
        {
            var keys = TrustedKeys.Load(ota.TrustedKeys);
            return DoctorCheck.Ok("trusted keys", $"key id(s) {string.Join(", ", keys.KeyIds)}");
        }
        catch (Exception e) when (e is IOException or KeyFileException or UnauthorizedAccessException)
        {
            return DoctorCheck.Fail("trusted keys", e.Message, "install the trainer's public.pem (ds-edge model keygen) where Ota:TrustedKeys points");
        }
    }

    private static async Task<DoctorCheck> BrokerAsync(MqttLinkOptions link, CancellationToken cancellationToken)
    {
        if (link.IsEmbedded) return DoctorCheck.Ok("broker", "embedded: started by the agent itself");
        var target = $"{link.ConnectHost}:{link.Port}{(link.Tls.Enabled ? " (TLS)" : "")}";
        try
        {
            using var tls = link.Tls.Enabled ? new MqttTlsCertificates(link.Tls) : null;
            using var client = new MqttClientFactory().CreateMqttClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(BrokerTimeout);
            var result = await client.ConnectAsync(MqttClientOptionsFactory.CreateProbe(link, tls), timeout.Token).ConfigureAwait(false);
            await client.DisconnectAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            return DoctorCheck.Ok("broker", $"{target} accepts this device ({result.ResultCode})");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return DoctorCheck.Fail("broker", $"{target}: {e.GetBaseException().Message}",
                "check Mqtt:Broker and Mqtt:Port, the network, and the credentials or client certificate (Mqtt:Tls); the agent buffers to disk meanwhile");
        }
    }
}
