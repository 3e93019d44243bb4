using System.CommandLine;
using DeepSeek.Edge.Models.Signing;

namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary><c>ds-edge model keygen --out DIR [--force]</c>: a new ECDSA P-256 key pair, private.pem (0600) and public.pem.</summary>
internal static class KeygenCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Directory for private.pem (mode 0600) and public.pem; created 0700 if missing", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing key pair (packages signed with it must be re-signed)" };
        var command = new Command("keygen", "Generate a signing key pair (keep private.pem on the trainer; give public.pem to devices)") { output, force };
        command.SetAction(parse => ModelCliErrors.Run("keygen", () =>
        {
            var directory = parse.GetValue(output)!;
            var privatePath = Path.Combine(directory, KeyPairFiles.PrivateFileName);
            if (!parse.GetValue(force) && (File.Exists(privatePath) || File.Exists(Path.Combine(directory, KeyPairFiles.PublicFileName))))
                throw new ArgumentException($"{directory} already holds a key pair; choose another --out, or add --force to replace it (packages signed with the old key will need re-signing)");
            var keyId = KeyPairFiles.Generate(directory, overwrite: true);
            Console.Out.WriteLine($"key {keyId}");
            Console.Error.WriteLine($"ds-edge model keygen: wrote {privatePath} (keep it secret) and {Path.Combine(directory, KeyPairFiles.PublicFileName)} (install it on devices)");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
