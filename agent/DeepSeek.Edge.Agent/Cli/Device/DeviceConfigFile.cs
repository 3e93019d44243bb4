using System.Text.Json;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Cli.Doctor;
using DeepSeek.Edge.Distribution;
using DeepSeek.Edge.Models.Naming;

namespace DeepSeek.Edge.Agent.Cli.Device;

/// <summary>Reads, changes and replaces the agent configuration for <c>ds-edge device init</c>.</summary>
internal static class DeviceConfigFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The configuration at <paramref name="path"/>, or a fresh install's when there is none.</summary>
    /// <exception cref="JsonException">The file is not a JSON object (the message names line and column).</exception>
    public static JsonObject Read(string path)
    {
        if (!File.Exists(path))
        {
            return new JsonObject
            {
                ["Agent"] = new JsonObject { ["DataDirectory"] = "/var/lib/deepseek-edge", ["Cameras"] = new JsonArray() },
                ["Mqtt"] = new JsonObject(),
            };
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new JsonException($"{path} is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new JsonException($"{path}: {e.Message}; fix it or move it aside to start from a fresh configuration", e);
        }
    }

    /// <summary>Sets the device's identity, broker, credentials, groups and keys over <paramref name="config"/>; files must exist.</summary>
    /// <exception cref="ArgumentException">An argument that cannot work, named with the fix.</exception>
    public static JsonObject Apply(JsonObject config, DeviceSettings s)
    {
        if (!SafeName.IsValid(s.Id)) throw new ArgumentException($"--id \"{s.Id}\" is not a device id; {SafeName.Rule}");
        if (!BrokerAddress.TryParse(s.Broker, out var broker)) throw new ArgumentException($"--broker \"{s.Broker}\" is not HOST or HOST:PORT");
        if (s.Prefix is { } p && !SafeName.IsValid(p)) throw new ArgumentException($"--prefix \"{p}\" is not a topic prefix; {SafeName.Rule}");
        if ((s.CertFile is null) != (s.KeyFile is null)) throw new ArgumentException("--cert and --key go together (mutual TLS needs both)");
        if (s.PasswordFile is not null && s.Username is null) throw new ArgumentException("--password-file needs --username");
        foreach (var g in s.Groups)
        {
            if (!SafeName.IsValid(g)) throw new ArgumentException($"--group \"{g}\" is not a group name; {SafeName.Rule}");
        }

        var agent = Section(config, "Agent");
        agent["DeviceId"] = s.Id;
        var mqtt = Section(config, "Mqtt");
        mqtt["Broker"] = broker.Host;
        mqtt["Port"] = broker.Port;
        if (s.Prefix is not null) mqtt["TopicPrefix"] = s.Prefix;
        if (s.Username is not null) mqtt["Username"] = s.Username;
        if (s.PasswordFile is not null)
        {
            mqtt.Remove("Password");
            mqtt["PasswordFile"] = ExistingFile(s.PasswordFile, "--password-file");
        }

        if (s.UsesTls)
        {
            var tls = Section(mqtt, "Tls");
            tls["Enabled"] = true;
            if (s.CaFile is not null) tls["CaFile"] = ExistingFile(s.CaFile, "--ca");
            if (s.CertFile is not null) tls["ClientCertFile"] = ExistingFile(s.CertFile, "--cert");
            if (s.KeyFile is not null) tls["ClientKeyFile"] = ExistingFile(s.KeyFile, "--key");
        }

        if (s.Groups.Length > 0 || s.TrustedKeys.Length > 0)
        {
            var ota = Section(config, "Ota");
            if (s.Groups.Length > 0) ota["Groups"] = new JsonArray([.. s.Groups.Distinct(StringComparer.Ordinal).Select(g => (JsonNode)g)]);
            if (s.TrustedKeys.Length > 0) ota["TrustedKeys"] = new JsonArray([.. s.TrustedKeys.Select(k => (JsonNode)ExistingFile(k, "--trusted-key"))]);
        }

        return config;
    }

    /// <summary>
    /// Writes <paramref name="config"/> beside <paramref name="path"/>, checks it as the agent would, and only then puts it in
    /// place (0640, group deepseek-edge where it exists). Returns the problems; none means written.
    /// </summary>
    public static async Task<IReadOnlyList<string>> WriteValidatedAsync(string path, JsonObject config, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var candidate = Path.Combine(directory, $"{Path.GetFileName(path)}.{Environment.ProcessId}.new"); // not a dot file: the configuration reader skips those
        try
        {
            File.WriteAllText(candidate, config.ToJsonString(Indented) + "\n");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(candidate, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
            var problems = (await AgentChecks.ValidateAsync(candidate, cancellationToken).ConfigureAwait(false))
                .Select(p => p.Replace(candidate, path + " (as it would be written)", StringComparison.Ordinal)).ToList();
            if (problems.Count > 0) return problems;
            ServiceGroup.Own(candidate);
            File.Move(candidate, path, overwrite: true);
            return [];
        }
        finally
        {
            File.Delete(candidate);
        }
    }

    private static JsonObject Section(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject existing) return existing;
        var created = new JsonObject();
        parent[name] = created;
        return created;
    }

    private static string ExistingFile(string path, string option)
    {
        var full = Path.GetFullPath(path);
        return File.Exists(full) ? full : throw new ArgumentException($"{option} {full}: no such file");
    }
}
