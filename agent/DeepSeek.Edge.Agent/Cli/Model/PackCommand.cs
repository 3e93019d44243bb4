using System.CommandLine;
using DeepSeek.Edge.Decoding;
using DeepSeek.Edge.Models.Packaging;
using DeepSeek.Edge.Models.Signing;

namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary><c>ds-edge model pack --manifest manifest.json --out package.zip [--key private.pem]</c>.</summary>
internal static class PackCommand
{
    public static Command Create()
    {
        var manifest = new Option<string>("--manifest") { Description = "The model's manifest.json; the files it lists are next to it (sizes and SHA-256 are filled in)", Required = true };
        var output = new Option<string>("--out") { Description = "Package zip to write (replaced atomically)", Required = true };
        var key = new Option<string?>("--key") { Description = "Also sign it with this private.pem" };
        var command = new Command("pack", "Pack a model directory into a deterministic package zip") { manifest, output, key };
        command.SetAction((parse, cancellationToken) => Task.Run(() => ModelCliErrors.Run("pack", () =>
        {
            using var signingKey = parse.GetValue(key) is { } keyPath ? SigningKey.Load(keyPath) : null;
            var info = ModelPackager.Pack(parse.GetValue(manifest)!, parse.GetValue(output)!, signingKey, m => DecoderFactory.Create(m), cancellationToken);
            ModelCliOutput.WritePackage(info, signed: signingKey is not null);
            return ExitCodes.Ok;
        }), cancellationToken));
        return command;
    }
}
