using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Models.Packaging;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Agent.Tests.Ota;

/// <summary>Builds real packages for over-the-air tests: a sample model re-packed under a new version, and broken variants of it.</summary>
internal static class OtaPackages
{
    /// <summary>
    /// Copies <paramref name="model"/> from models/dist, sets its version (and applies <paramref name="edit"/> to the manifest),
    /// and packs it, signed by <paramref name="key"/> (unsigned when null). <paramref name="paddingBytes"/> adds a file of random
    /// (incompressible) bytes to the package, to make transfers and staging take long enough to be interrupted.
    /// </summary>
    public static PackageInfo Repack(string workDirectory, string model, string version, SigningKey? key, Action<JsonNode>? edit = null, int paddingBytes = 0)
    {
        var source = TestAssets.Model(model);
        var directory = Path.Combine(workDirectory, $"{model}-{version}");
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)), overwrite: true);
        }

        var manifestPath = Path.Combine(directory, "manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        manifest["version"] = version;
        if (paddingBytes > 0)
        {
            File.WriteAllBytes(Path.Combine(directory, "padding.bin"), RandomNumberGenerator.GetBytes(paddingBytes));
            manifest["files"] = new JsonArray(new JsonObject { ["path"] = manifest["model"]!.GetValue<string>() }, new JsonObject { ["path"] = "padding.bin" });
        }

        edit?.Invoke(manifest);
        File.WriteAllText(manifestPath, manifest.ToJsonString());
        return ModelPackager.Pack(manifestPath, Path.Combine(workDirectory, $"{model}-{version}.zip"), key);
    }

    /// <summary>Changes the signed manifest inside the zip (a lower score threshold) without signing it again.</summary>
    public static void TamperManifest(string packagePath)
    {
        using var zip = ZipFile.Open(packagePath, ZipArchiveMode.Update);
        var entry = zip.GetEntry("manifest.json")!;
        string text;
        using (var reader = new StreamReader(entry.Open())) text = reader.ReadToEnd();
        entry.Delete();
        var manifest = JsonNode.Parse(text)!;
        manifest["thresholds"]!["score"] = 0.01;
        using var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open(), new UTF8Encoding(false));
        writer.Write(manifest.ToJsonString());
    }

    /// <summary>Adds an entry that would land outside the install directory.</summary>
    public static void AddTraversalEntry(string packagePath)
    {
        using var zip = ZipFile.Open(packagePath, ZipArchiveMode.Update);
        using var writer = new StreamWriter(zip.CreateEntry("../../escaped.txt").Open());
        writer.Write("outside");
    }

    /// <summary>Replaces an entry's content by the same number of other bytes (the zip stays readable; the manifest's hash no longer matches).</summary>
    public static void CorruptEntry(string packagePath, string entryName)
    {
        using var zip = ZipFile.Open(packagePath, ZipArchiveMode.Update);
        var entry = zip.GetEntry(entryName)!;
        var length = entry.Length;
        entry.Delete();
        using var stream = zip.CreateEntry(entryName).Open();
        stream.Write(new byte[length]);
    }

    /// <summary>Cuts the zip to 60% of its length (its central directory is gone).</summary>
    public static void Truncate(string packagePath)
    {
        var bytes = File.ReadAllBytes(packagePath);
        File.WriteAllBytes(packagePath, bytes[..(bytes.Length * 6 / 10)]);
    }
}
