using DeepSeek.Edge.Distribution;
using System.Reflection;
using DeepSeek.Edge.Models.Naming;
using Microsoft.Extensions.Configuration;

namespace DeepSeek.Edge.Fleet.Configuration;

/// <summary>Reads <c>fleet.json</c> (optional) into <see cref="FleetOptions"/>: an unknown key or a bad value is an error naming the key.</summary>
public static class FleetConfig
{
    public static FleetOptions Load(string? path, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var builder = new ConfigurationBuilder();
        if (path is not null)
        {
            if (!File.Exists(path)) throw new FleetConfigException($"{path}: no such file; give --config a fleet.json, or leave it out for the defaults");
            builder.AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false);
        }

        if (overrides is not null) builder.AddInMemoryCollection(overrides);
        IConfigurationRoot configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException)
        {
            throw new FleetConfigException($"{path}: not valid JSON ({ex.InnerException?.Message ?? ex.Message})");
        }

        var where = path ?? "configuration";
        var errors = new List<string>();
        CheckKeys(configuration, typeof(FleetOptions), "", where, errors);
        if (errors.Count > 0) throw new FleetConfigException(string.Join(Environment.NewLine, errors));
        var options = new FleetOptions();
        try
        {
            configuration.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new FleetConfigException($"{where}: {ex.InnerException?.Message ?? ex.Message}");
        }

        errors.AddRange(Validate(options).Select(e => $"{where}: {e}"));
        if (errors.Count > 0) throw new FleetConfigException(string.Join(Environment.NewLine, errors));
        return options;
    }

    public static IEnumerable<string> Validate(FleetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.DataDirectory)) yield return "DataDirectory is empty; give a directory the console may write";
        if (!Uri.TryCreate(options.Listen, UriKind.Absolute, out var listen) || listen.Scheme is not ("http" or "https"))
            yield return $"Listen \"{options.Listen}\" is not an http(s)://HOST:PORT address";
        if (!SafeName.IsValid(options.TopicPrefix)) yield return $"TopicPrefix \"{options.TopicPrefix}\" is not one topic level: {SafeName.Rule}";
        if (!SafeName.IsValid(options.ShareGroup)) yield return $"ShareGroup \"{options.ShareGroup}\" is not a shared-subscription group name: {SafeName.Rule}";
        if (options.Broker != "embedded" && !BrokerAddress.TryParse(options.Broker, out _))
            yield return $"Broker \"{options.Broker}\" is not HOST, HOST:PORT or \"embedded\"";
        if (options.EmbeddedBrokerPort is < 1 or > 65535) yield return $"EmbeddedBrokerPort {options.EmbeddedBrokerPort} is not a TCP port (1-65535)";
        if (options.OfflineAfterSeconds is < 5 or > 86400) yield return $"OfflineAfterSeconds {options.OfflineAfterSeconds} is outside 5-86400";
        if (options.TickSeconds is < 0.1 or > 60) yield return $"TickSeconds {options.TickSeconds} is outside 0.1-60";
        if (options.ChunkSize is < 4096 or > 16 * 1024 * 1024) yield return $"ChunkSize {options.ChunkSize} is outside 4096-16777216 bytes";
        if (options.BrokerPasswordFile is not null && !File.Exists(options.BrokerPasswordFile))
            yield return $"BrokerPasswordFile \"{options.BrokerPasswordFile}\" does not exist";
        if (options.AdminPasswordFile is not null && !File.Exists(options.AdminPasswordFile))
            yield return $"AdminPasswordFile \"{options.AdminPasswordFile}\" does not exist";
        foreach (var key in options.TrustedKeys.Where(k => !File.Exists(k) && !Directory.Exists(k)))
            yield return $"TrustedKeys has \"{key}\", which does not exist; give public.pem files or directories of them";
        var r = options.Retention;
        foreach (var (key, days) in new[] { ("RawDays", r.RawDays), ("MinuteDays", r.MinuteDays), ("HourDays", r.HourDays), ("EventDays", r.EventDays), ("DeadLetterDays", r.DeadLetterDays), ("CaptureDays", r.CaptureDays), ("ExportDays", r.ExportDays) })
        {
            if (days is <= 0 or > 36500 || double.IsNaN(days)) yield return $"Retention:{key} {days} is outside 0-36500 days (give how many days to keep)";
        }

        if (r.MinuteDays < r.RawDays || r.HourDays < r.MinuteDays)
            yield return $"Retention: keep coarser data at least as long as finer (RawDays {r.RawDays} <= MinuteDays {r.MinuteDays} <= HourDays {r.HourDays})";
        if (r.IntervalMinutes is < 0.01 or > 1440 || double.IsNaN(r.IntervalMinutes)) yield return $"Retention:IntervalMinutes {r.IntervalMinutes} is outside 0.01-1440";
        if (r.CaptureGigabytes is < 0 or > 1_000_000 || double.IsNaN(r.CaptureGigabytes))
            yield return $"Retention:CaptureGigabytes {r.CaptureGigabytes} is outside 0-1000000 (0: no limit)";
        if (r.BatchSize is < 100 or > 100_000) yield return $"Retention:BatchSize {r.BatchSize} is outside 100-100000 rows";
        if (!string.IsNullOrWhiteSpace(options.Database) && Storage.DatabaseSetting.EngineOf(options.Database) == Storage.DatabaseEngine.Postgres)
        {
            string? problem = null;
            try
            {
                Storage.DatabaseSetting.Npgsql(options.Database);
            }
            catch (ArgumentException ex)
            {
                problem = ex.Message;
            }

            if (problem is not null) yield return $"Database (PostgreSQL) {problem}";
        }
    }

    private static void CheckKeys(IConfiguration section, Type type, string prefix, string where, List<string> errors)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToArray();
        foreach (var child in section.GetChildren())
        {
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            var key = prefix + child.Key;
            if (property is null)
            {
                var hint = properties.MinBy(p => Distance(p.Name.ToLowerInvariant(), child.Key.ToLowerInvariant()));
                errors.Add($"{where}: unknown key \"{key}\"" + (hint is null ? "" : $" (did you mean \"{prefix}{hint.Name}\"?)"));
            }
            else if (property.PropertyType.IsClass && property.PropertyType != typeof(string) && !property.PropertyType.IsGenericType)
            {
                CheckKeys(child, property.PropertyType, key + ":", where, errors);
            }
        }
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        }

        return d[a.Length, b.Length];
    }
}

/// <summary>A configuration error: the message names the key and the fix.</summary>
public sealed class FleetConfigException(string message) : Exception(message);
