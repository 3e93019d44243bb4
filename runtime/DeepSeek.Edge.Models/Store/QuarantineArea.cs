using DeepSeek.Edge.Models.Naming;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace DeepSeek.Edge.Models.Store;

/// <summary>
/// <c>quarantine/&lt;name&gt;-&lt;version&gt;-&lt;UTC time&gt;/</c>: a rejected package (<c>package.zip</c>) or a broken installed version
/// (<c>files/</c>), with <c>reason.txt</c>. Each entry is assembled under <c>.staging/</c> and renamed in whole.
/// </summary>
internal sealed class QuarantineArea
{
    public const string ReasonFileName = "reason.txt";

    private readonly StoreLayout _layout;
    private readonly TimeProvider _time;
    private readonly Action<string> _step;

    public QuarantineArea(StoreLayout layout, TimeProvider time, Action<string> step)
    {
        _layout = layout;
        _time = time;
        _step = step;
    }

    /// <summary>
    /// Records a rejected package in quarantine, with a copy of it when it is at most <paramref name="maxCopyBytes"/> long
    /// (an oversized package is not copied: only its reason is kept). Returns the entry's directory.
    /// </summary>
    public string AddPackage(string packagePath, string reason, long maxCopyBytes)
    {
        var (name, version) = GuessIdentity(packagePath);
        return Add(name, version, reason, packagePath, work =>
        {
            var package = new FileInfo(packagePath);
            if (package.Exists && package.Length <= maxCopyBytes) package.CopyTo(Path.Combine(work, "package.zip"));
        });
    }

    /// <summary>Moves a broken version directory out of the store into quarantine; returns the entry's directory.</summary>
    public string MoveVersion(string versionDirectory, ModelRef model, string reason) =>
        Add(model.Name, model.Version, reason, versionDirectory, work => DurableFiles.MoveDirectory(versionDirectory, Path.Combine(work, "files")));

    private string Add(string name, string version, string reason, string origin, Action<string> fill)
    {
        var now = _time.GetUtcNow();
        var work = _layout.NewStagingDirectory("quarantine");
        DurableFiles.CreateDirectory(work);
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"time: {now:O}\n")
            .Append(CultureInfo.InvariantCulture, $"model: {name}@{version}\n")
            .Append(CultureInfo.InvariantCulture, $"origin: {origin}\n")
            .Append(CultureInfo.InvariantCulture, $"reason: {reason}\n");
        DurableFiles.WriteNewFile(Path.Combine(work, ReasonFileName), Encoding.UTF8.GetBytes(text.ToString()));
        fill(work);
        DurableFiles.FsyncTree(work);
        _step("quarantine:assembled");

        DurableFiles.CreateDirectory(_layout.QuarantineDirectory);
        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        var target = Path.Combine(_layout.QuarantineDirectory, $"{name}-{version}-{stamp}");
        for (var i = 2; Directory.Exists(target); i++) target = Path.Combine(_layout.QuarantineDirectory, $"{name}-{version}-{stamp}-{i}");
        DurableFiles.MoveDirectory(work, target);
        Directory.SetLastWriteTimeUtc(target, now.UtcDateTime);
        return target;
    }

    /// <summary>The name and version a package claims, read without trusting it (for the quarantine entry's name only).</summary>
    private static (string Name, string Version) GuessIdentity(string packagePath)
    {
        try
        {
            using var zip = ZipFile.OpenRead(packagePath);
            var entry = zip.GetEntry(ModelBundle.ManifestFileName);
            if (entry is null || entry.Length > 1024 * 1024) return ("unknown", "unknown");
            using var stream = entry.Open();
            var buffer = new byte[(int)entry.Length];
            stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            using var doc = JsonDocument.Parse(buffer);
            var name = doc.RootElement.TryGetProperty("name", out var n) ? n.GetString() : null;
            var version = doc.RootElement.TryGetProperty("version", out var v) ? v.GetString() : null;
            return (SafeName.IsValid(name) ? name! : "unknown", SafeName.IsValid(version) ? version! : "unknown");
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or JsonException or UnauthorizedAccessException or InvalidOperationException or NotSupportedException)
        {
            return ("unknown", "unknown");
        }
    }
}
