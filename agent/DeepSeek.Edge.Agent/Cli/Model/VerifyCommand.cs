using System.CommandLine;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Packaging;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Models.Store;

namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>
/// <c>ds-edge model verify --key public.pem|DIR PACKAGE|VERSION-DIR</c>: exit 0 when the package (or an installed version directory)
/// is signed by a trusted key and every file matches; 1 with the reason when it is not; 2 when an input cannot be used.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var keys = new Option<string[]>("--key") { Description = "Trusted public key PEM, or a directory of them (repeatable)", Required = true };
        var target = new Argument<string>("package") { Description = "Package zip, or an installed model version directory" };
        var command = new Command("verify", "Check a package's signature, manifest and every file, as a device does before installing it") { keys, target };
        command.SetAction((parse, cancellationToken) => Task.Run(() => ModelCliErrors.Run("verify", () =>
        {
            var trusted = TrustedKeys.Load(parse.GetValue(keys)!);
            var path = parse.GetValue(target)!;
            if (!File.Exists(path) && !Directory.Exists(path))
                throw new FileNotFoundException($"\"{path}\" not found; give a package zip or a model version directory", path);
            try
            {
                if (Directory.Exists(path))
                {
                    var bundle = ModelBundle.OpenVerified(path, trusted);
                    Console.Out.WriteLine($"ok {bundle.Manifest.Id} key {bundle.Signature!.KeyId} files {bundle.Manifest.Files.Count} directory {bundle.Directory}");
                }
                else
                {
                    var verified = new PackageVerifier(trusted).Verify(path, cancellationToken);
                    Console.Out.WriteLine($"ok {verified.Manifest.Id} key {verified.SignedBy.KeyId} files {verified.Manifest.Files.Count} sha256 {verified.PackageSha256}");
                }

                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is SignatureException or ModelIntegrityException or ManifestException)
            {
                Console.Error.WriteLine($"ds-edge model verify: REJECTED: {ex.Message}");
                return ExitCodes.Failure;
            }
        }), cancellationToken));
        return command;
    }
}
