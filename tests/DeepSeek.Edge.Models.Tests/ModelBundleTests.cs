using System.IO.Compression;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Models.Tests;

public sealed class ModelBundleTests
{
    [Fact]
    public void Open_SampleModelDirectory_VerifiesAndReportsTheModelHash()
    {
        var bundle = ModelBundle.Open(TestAssets.BlazeFaceFront);

        Assert.Equal("d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51", bundle.ModelSha256);
        Assert.True(File.Exists(bundle.ModelPath));
    }

    [Fact]
    public void Open_PackageZip_UnpacksAndVerifies()
    {
        var zip = Temp("pkg.zip");
        ZipFile.CreateFromDirectory(TestAssets.TextAngle, zip);

        var bundle = ModelBundle.Open(zip, Temp("unpacked"));

        Assert.Equal(["0", "180"], bundle.Manifest.Labels);
    }

    [Fact]
    public void Open_ZipEntryEscapingThePackage_IsRefused()
    {
        var zip = Temp("evil.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            using var w = new StreamWriter(archive.CreateEntry("../../escaped.txt").Open());
            w.Write("x");
        }

        var ex = Assert.Throws<ModelIntegrityException>(() => ModelBundle.Open(zip, Temp("unpacked")));
        Assert.Contains("escapes the package", ex.Message);
    }

    [Fact]
    public void Open_TruncatedZip_SaysItIsNotReadable()
    {
        var zip = Temp("truncated.zip");
        ZipFile.CreateFromDirectory(TestAssets.BlazeFaceFront, zip);
        var bytes = File.ReadAllBytes(zip);
        File.WriteAllBytes(zip, bytes[..(bytes.Length / 2)]);

        var ex = Assert.Throws<ModelIntegrityException>(() => ModelBundle.Open(zip, Temp("unpacked")));
        Assert.Contains("not a readable zip", ex.Message);
    }

    [Fact]
    public void Open_MissingListedFile_NamesIt()
    {
        var dir = Temp("model");
        Directory.CreateDirectory(dir);
        File.Copy(Path.Combine(TestAssets.BlazeFaceFront, "manifest.json"), Path.Combine(dir, "manifest.json"));

        var ex = Assert.Throws<ModelIntegrityException>(() => ModelBundle.Open(dir));
        Assert.Equal("model.onnx", ex.FilePath);
    }

    [Fact]
    public void Open_NothingThere_SaysWhatToGive()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => ModelBundle.Open("/nonexistent/model"));
        Assert.Contains("model directory", ex.Message);
    }

    private static string Temp(string name) => Path.Combine(Path.GetTempPath(), "ds-edge-tests", Guid.NewGuid().ToString("N"), name) is var p
        && Directory.CreateDirectory(Path.GetDirectoryName(p)!) is not null ? p : p;
}
