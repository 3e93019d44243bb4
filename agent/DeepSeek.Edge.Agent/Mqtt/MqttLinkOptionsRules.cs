using System.Globalization;
using System.Net;

namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>The checks behind <see cref="MqttLinkOptions.Validate"/>.</summary>
internal static class MqttLinkOptionsRules
{
    private const string S = MqttLinkOptions.SectionName;
    private const int MqttMaxPacket = 268_435_455;

    public static bool IsIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';

    public static IReadOnlyList<string> Check(MqttLinkOptions o)
    {
        var errors = new List<string>();
        void Add(string key, string message) => errors.Add(string.Create(CultureInfo.InvariantCulture, $"{S}:{key}: {message}"));

        if (string.IsNullOrWhiteSpace(o.Broker))
            Add("Broker", "is empty; give a host name, an IP address or \"embedded\"");
        else if (!o.IsEmbedded && Uri.CheckHostName(o.Broker) == UriHostNameType.Unknown)
            Add("Broker", $"\"{o.Broker}\" is not a host name or IP address");

        if (o.Port is < 1 or > 65535) Add("Port", $"{o.Port} is not a port; use 1-65535");
        if (o.IsEmbedded && !IPAddress.TryParse(o.EmbeddedBindAddress, out _))
            Add("EmbeddedBindAddress", $"\"{o.EmbeddedBindAddress}\" is not an IP address");

        CheckDeviceId(o.DeviceId, Add);
        if (o.ClientId is { } id && (id.Length > 128 || id.Any(char.IsControl) || id.Any(char.IsWhiteSpace)))
            Add("ClientId", "must be at most 128 characters without spaces or control characters");

        CheckPrefix(o.TopicPrefix, Add);
        if (!string.IsNullOrEmpty(o.Password) && string.IsNullOrEmpty(o.Username))
            Add("Password", "is set but Mqtt:Username is not");
        CheckPasswordFile(o, Add);

        CheckTls(o, Add);
        for (var i = 0; i < o.ResponseNamespaces.Count; i++)
        {
            if (!ResponseTopicPolicy.IsValidNamespace(o.ResponseNamespaces[i]))
                Add($"ResponseNamespaces:{i}", $"\"{o.ResponseNamespaces[i]}\" is not a topic namespace; use levels without wildcards, optionally ending in /#, e.g. \"dsedge/console/responses/#\"");
        }

        if (o.KeepAlive < TimeSpan.FromSeconds(1) || o.KeepAlive > TimeSpan.FromSeconds(ushort.MaxValue))
            Add("KeepAlive", $"{o.KeepAlive} is out of range; use 00:00:01 to 18:12:15");
        if (o.SessionExpiry < TimeSpan.Zero || o.SessionExpiry.TotalSeconds > uint.MaxValue)
            Add("SessionExpiry", $"{o.SessionExpiry} is out of range; use 0 (clean session) or a positive time span");
        if (o.ConnectTimeout <= TimeSpan.Zero) Add("ConnectTimeout", $"{o.ConnectTimeout} must be positive");
        if (o.ReconnectMinDelay <= TimeSpan.Zero) Add("ReconnectMinDelay", $"{o.ReconnectMinDelay} must be positive");
        if (o.ReconnectMaxDelay < o.ReconnectMinDelay)
            Add("ReconnectMaxDelay", $"{o.ReconnectMaxDelay} is below Mqtt:ReconnectMinDelay ({o.ReconnectMinDelay})");
        if (o.MaxPacketBytes is < 1024 or > MqttMaxPacket)
            Add("MaxPacketBytes", $"{o.MaxPacketBytes} is out of range; use 1024-{MqttMaxPacket}");
        if (o.TcpBufferBytes is < 4096 or > 64 * 1024 * 1024)
            Add("TcpBufferBytes", $"{o.TcpBufferBytes} is out of range; use 4096-67108864");
        return errors;
    }

    private static void CheckPasswordFile(MqttLinkOptions o, Action<string, string> add)
    {
        if (string.IsNullOrEmpty(o.PasswordFile)) return;
        if (!string.IsNullOrEmpty(o.Password)) add("PasswordFile", "is set together with Mqtt:Password; keep only one of them");
        if (string.IsNullOrEmpty(o.Username)) add("PasswordFile", "is set but Mqtt:Username is not");
        try
        {
            if (MqttPasswordFile.Read(o.PasswordFile).Length == 0)
                add("PasswordFile", $"\"{o.PasswordFile}\" is empty; write the broker password into it");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            add("PasswordFile", $"\"{o.PasswordFile}\" cannot be read ({e.Message}); install it 0640 root:deepseek-edge");
        }
    }

    private static void CheckDeviceId(string id, Action<string, string> add)
    {
        if (string.IsNullOrEmpty(id)) add("DeviceId", "is empty");
        else if (id.Length > 128 || !id.All(IsIdChar))
            add("DeviceId", $"\"{id}\" is not a device id; use up to 128 letters, digits, '-', '_' or '.'");
    }

    private static void CheckPrefix(string prefix, Action<string, string> add)
    {
        if (string.IsNullOrEmpty(prefix)) add("TopicPrefix", "is empty");
        else if (prefix.StartsWith('/') || prefix.EndsWith('/') || prefix.Contains("//", StringComparison.Ordinal)
                 || prefix.StartsWith('$') || prefix.IndexOfAny(['+', '#', '\0']) >= 0)
            add("TopicPrefix", $"\"{prefix}\" is not a topic prefix; use levels like \"dsedge\" or \"site1/dsedge\" without wildcards, '$' or empty levels");
    }

    private static void CheckTls(MqttLinkOptions o, Action<string, string> add)
    {
        var tls = o.Tls;
        if (tls is null)
        {
            add("Tls", "is null");
            return;
        }

        if (!tls.Enabled)
        {
            if (tls.CaFile is not null || tls.ClientCertFile is not null || tls.ClientKeyFile is not null)
                add("Tls:Enabled", "is false but TLS files are set; set it to true or remove the files");
            return;
        }

        if (o.IsEmbedded) add("Tls:Enabled", "the embedded broker serves plain MQTT on loopback only; turn TLS off or use an external broker");
        if (tls.AllowUntrustedForTests && !MqttTlsOptions.UntrustedAllowedByEnvironment)
            add("Tls:AllowUntrustedForTests", $"is true, which accepts any broker certificate (anyone on the path can read and forge the traffic); " +
                $"remove it and set Mqtt:Tls:CaFile to the broker's CA, or, on a test machine only, set the environment variable {MqttTlsOptions.AllowUntrustedVariable}=1");
        CheckFile("Tls:CaFile", tls.CaFile, add);
        CheckFile("Tls:ClientCertFile", tls.ClientCertFile, add);
        CheckFile("Tls:ClientKeyFile", tls.ClientKeyFile, add);
        if ((tls.ClientCertFile is null) != (tls.ClientKeyFile is null))
            add(tls.ClientCertFile is null ? "Tls:ClientCertFile" : "Tls:ClientKeyFile", "mutual TLS needs both Mqtt:Tls:ClientCertFile and Mqtt:Tls:ClientKeyFile");
    }

    private static void CheckFile(string key, string? path, Action<string, string> add)
    {
        if (path is not null && !File.Exists(path)) add(key, $"file \"{path}\" does not exist");
    }
}
