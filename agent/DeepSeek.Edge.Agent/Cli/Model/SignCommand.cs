using System.CommandLine;
using DeepSeek.Edge.Models.Packaging;

namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary><c>ds-edge model sign --key private.pem PACKAGE</c>: adds or replaces manifest.sig.</summary>
internal static class SignCommand
{
    public static Command Create()
    {
        var key = new Option<string>("--key") { Description = "The private.pem written by `ds-edge model keygen`", Required = true };
        var package = new Argument<string>("package") { Description = "Package zip to sign in place (its files are checked against the manifest first)" };
        var command = new Command("sign", "Sign a package: an ES256 signature over the exact manifest.json bytes, stored as manifest.sig") { key, package };
        command.SetAction((parse, cancellationToken) => Task.Run(() => ModelCliErrors.Run("sign", () =>
        {
            var info = ModelPackager.Sign(parse.GetValue(package)!, parse.GetValue(key)!, cancellationToken);
            ModelCliOutput.WritePackage(info, signed: true);
            return ExitCodes.Ok;
        }), cancellationToken));
        return command;
    }
}
