using DeepSeek.Edge.Models.Packaging;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Models.Tests.Support;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Models.Tests.Store;

/// <summary>A store root, a signing key the store trusts, and signed packages of the real BlazeFace model in several versions.</summary>
internal sealed class StoreFixture : IDisposable
{
    private readonly Dictionary<string, string> _packages = [];

    public StoreFixture()
    {
        Key = SigningKey.Generate();
        Trusted = TestModels.Trust(Key);
        File.WriteAllText(Temp.Combine("trusted.pem"), Key.ExportPublicKeyPem());
    }

    public TempDirectory Temp { get; } = new();
    public SigningKey Key { get; }
    public TrustedKeys Trusted { get; }
    public ManualTime Time { get; } = new();
    public string Root => Temp.Combine("store");
    public string TrustedPem => Temp.Combine("trusted.pem");

    public ModelStore Open(ModelStoreOptions? options = null) => ModelStore.Open(Root, Trusted, options, Time);

    /// <summary>A signed package of blazeface-front named faces@<paramref name="version"/> (made once per version).</summary>
    public string Package(string version, string model = "blazeface-front")
    {
        var id = $"{model}-{version}";
        if (_packages.TryGetValue(id, out var path)) return path;
        Directory.CreateDirectory(Temp.Combine("packages"));
        var source = Temp.Combine("packages", id);
        var manifest = TestModels.Copy(TestAssets.Model(model), source, m =>
        {
            m["name"] = "faces";
            m["version"] = version;
        });
        path = Temp.Combine("packages", id + ".zip");
        ModelPackager.Pack(manifest, path, Key);
        _packages[id] = path;
        return path;
    }

    public static ModelRef Faces(string version) => new("faces", version);

    /// <summary>Flips one byte in the middle of an installed file (bit rot, a bad flash block, a stray write).</summary>
    public void Corrupt(string version, string file = "model.onnx")
    {
        var path = Path.Combine(Root, "faces", version, file);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(path, bytes);
    }

    public void Dispose()
    {
        Key.Dispose();
        Temp.Dispose();
    }
}
