using System.Globalization;

namespace DeepSeek.Edge.Distribution;

/// <summary>A broker address, <c>HOST</c> or <c>HOST:PORT</c> (default port 1883), as ds-edge's <c>--broker</c> and the fleet console take it.</summary>
public readonly record struct BrokerAddress(string Host, int Port)
{
    public static bool TryParse(string? value, out BrokerAddress address)
    {
        address = default;
        if (string.IsNullOrWhiteSpace(value) || value.Any(char.IsWhiteSpace)) return false;
        var colon = value.LastIndexOf(':');
        if (colon < 0)
        {
            address = new BrokerAddress(value, 1883);
            return true;
        }

        if (colon == 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535) return false;
        address = new BrokerAddress(value[..colon], port);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");
}
