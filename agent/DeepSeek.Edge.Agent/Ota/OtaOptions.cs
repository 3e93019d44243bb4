using Microsoft.Extensions.Configuration;

namespace DeepSeek.Edge.Agent.Ota;

/// <summary>
/// The <c>Ota</c> configuration section: <c>TrustedKeys</c> (public key PEM files or directories; none disables over-the-air
/// updates), <c>Groups</c> (the device's groups, whose desired state it also follows) and <c>StoreDirectory</c> (default
/// <c>&lt;Agent:DataDirectory&gt;/models</c>).
/// </summary>
public sealed record OtaOptions(IReadOnlyList<string> TrustedKeys, IReadOnlyList<string> Groups, string StoreDirectory)
{
    public const string SectionName = "Ota";

    public static OtaOptions From(IConfiguration config, string dataDirectory, Func<string, string> resolvePath)
    {
        ArgumentNullException.ThrowIfNull(config);
        var section = config.GetSection(SectionName);
        var keys = section.GetSection("TrustedKeys").GetChildren().Select(c => c.Value).OfType<string>().Select(resolvePath).ToArray();
        var groups = section.GetSection("Groups").GetChildren().Select(c => c.Value).OfType<string>().ToArray();
        var store = section["StoreDirectory"] is { } s ? resolvePath(s) : Path.Combine(dataDirectory, "models");
        return new OtaOptions(keys, groups, store);
    }
}
