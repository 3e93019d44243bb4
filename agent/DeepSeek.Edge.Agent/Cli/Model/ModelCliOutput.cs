using DeepSeek.Edge.Models.Packaging;

namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>The one line a packaging verb prints on standard output, for scripts: <c>package PATH name@version size N sha256 H [key ID]</c>.</summary>
internal static class ModelCliOutput
{
    public static void WritePackage(PackageInfo info, bool signed) =>
        Console.Out.WriteLine($"package {info.Path} {info.Manifest.Id} size {info.Size} sha256 {info.Sha256}{(signed ? $" key {info.KeyId}" : " unsigned")}");
}
