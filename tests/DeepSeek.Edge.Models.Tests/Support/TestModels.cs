using System.IO.Compression;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Models.Packaging;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Models.Tests.Support;

/// <summary>Real sample models copied into temp directories, edited, packed and signed the way the trainer does it.</summary>
internal static class TestModels
{
    /// <summary>Copies a sample model directory; <paramref name="edit"/> changes its manifest (e.g. the version). Returns the manifest path.</summary>
    public static string Copy(string modelDirectory, string destination, Action<JsonObject>? edit = null)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(modelDirectory))
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        var manifestPath = Path.Combine(destination, "manifest.json");
        if (edit is not null)
        {
            var root = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
            edit(root);
            File.WriteAllText(manifestPath, root.ToJsonString());
        }

        return manifestPath;
    }

    /// <summary>Packs (and signs, when a key is given) a copy of <paramref name="modelDirectory"/> into <paramref name="workDirectory"/>.</summary>
    public static string Pack(string workDirectory, SigningKey? key, string? modelDirectory = null, string? version = null, string fileName = "package.zip")
    {
        var source = Path.Combine(workDirectory, "src-" + Guid.NewGuid().ToString("N"));
        var manifest = Copy(modelDirectory ?? TestAssets.BlazeFaceFront, source, version is null ? null : m => m["version"] = version);
        var package = Path.Combine(workDirectory, fileName);
        ModelPackager.Pack(manifest, package, key);
        Directory.Delete(source, recursive: true);
        return package;
    }

    public static TrustedKeys Trust(params SigningKey[] keys) =>
        TrustedKeys.Of(keys.Select(k => new TrustedKey(PublicKeyDer(k), $"test key {k.KeyId}")));

    public static byte[] PublicKeyDer(SigningKey key)
    {
        using var ecdsa = System.Security.Cryptography.ECDsa.Create();
        ecdsa.ImportFromPem(key.ExportPublicKeyPem());
        return ecdsa.ExportSubjectPublicKeyInfo();
    }

    /// <summary>Edits a package in place (adds or replaces entries), the way an attacker or a broken tool would.</summary>
    public static void Tamper(string packagePath, Action<ZipArchive> edit)
    {
        using var zip = ZipFile.Open(packagePath, ZipArchiveMode.Update);
        edit(zip);
    }

    public static void WriteEntry(ZipArchive zip, string name, byte[] content, int? unixMode = null)
    {
        if (zip.Mode != ZipArchiveMode.Create) zip.GetEntry(name)?.Delete();
        var entry = zip.CreateEntry(name);
        if (unixMode is { } mode) entry.ExternalAttributes = mode << 16;
        using var stream = entry.Open();
        stream.Write(content);
    }

    public static byte[] ReadEntry(string packagePath, string name)
    {
        using var zip = ZipFile.OpenRead(packagePath);
        using var stream = zip.GetEntry(name)!.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
