using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Models.Packaging;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Fleet.Tests;

/// <summary>BlazeFace front packed as versions 1.0.0 and 2.0.0, signed by a fresh key whose public half the console trusts.</summary>
public sealed class SignedModels : IDisposable
{
    public const string Model = "blazeface-front";
    private readonly TempDirectory _work = new("dsfleet-models");
    private readonly SigningKey _key = SigningKey.Generate();

    public SignedModels()
    {
        File.WriteAllText(PublicKey, _key.ExportPublicKeyPem());
        foreach (var version in new[] { "1.0.0", "2.0.0" }) Pack(version);
    }

    /// <summary>
    /// Packs and signs another version; <paramref name="lineage"/> goes into its manifest as <c>lineage</c>, and
    /// <paramref name="edit"/> may change the rest of the manifest (a regressed version: a score threshold nothing passes).
    /// </summary>
    public string Pack(string version, JsonObject? lineage = null, Action<JsonObject>? edit = null)
    {
        var dir = Directory.CreateDirectory(_work.File("src-" + version)).FullName;
        File.Copy(Path.Combine(TestAssets.BlazeFaceFront, "model.onnx"), Path.Combine(dir, "model.onnx"), overwrite: true);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(TestAssets.BlazeFaceFront, "manifest.json")))!.AsObject();
        manifest["version"] = version;
        if (lineage is not null)
        {
            var merged = manifest["lineage"] as JsonObject ?? [];
            foreach (var (key, value) in lineage) merged[key] = value?.DeepClone();
            manifest["lineage"] = merged;
        }

        edit?.Invoke(manifest);
        File.WriteAllText(Path.Combine(dir, "manifest.json"), manifest.ToJsonString());
        ModelPackager.Pack(Path.Combine(dir, "manifest.json"), Package(version), _key);
        return Package(version);
    }

    public string PublicKey => _work.File("public.pem");

    public string Package(string version) => _work.File($"{version}.zip");

    /// <summary>Uploads both versions and makes 1.0.0 the desired state of group <c>lobby</c>.</summary>
    public async Task RegisterAsync(IFleetApi console)
    {
        foreach (var version in new[] { "1.0.0", "2.0.0" }) await UploadAsync(console, version);
        using var set = await console.Http.PutAsJsonAsync("/api/desired/group/lobby", new { models = new[] { new { name = Model, version = "1.0.0" } } });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
    }

    /// <summary>Uploads a packed version to the console's registry.</summary>
    public async Task UploadAsync(IFleetApi console, string version)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(File.ReadAllBytes(Package(version))), "package", $"{version}.zip" } };
        using var upload = await console.Http.PostAsync("/api/models", form);
        Assert.True(upload.IsSuccessStatusCode, await upload.Content.ReadAsStringAsync());
    }

    public void Dispose()
    {
        _key.Dispose();
        _work.Dispose();
    }
}
