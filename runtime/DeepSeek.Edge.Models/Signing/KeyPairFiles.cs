namespace DeepSeek.Edge.Models.Signing;

/// <summary>Writes a new key pair as <c>private.pem</c> (mode 0600, created that way) and <c>public.pem</c> in a directory.</summary>
public static class KeyPairFiles
{
    public const string PrivateFileName = "private.pem";
    public const string PublicFileName = "public.pem";

    /// <summary>Generates a key pair into <paramref name="directory"/> (created 0700 if missing) and returns its key id.</summary>
    public static string Generate(string directory, bool overwrite = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var privatePath = Path.Combine(directory, PrivateFileName);
        var publicPath = Path.Combine(directory, PublicFileName);
        if (!overwrite)
        {
            foreach (var existing in new[] { privatePath, publicPath }.Where(File.Exists))
                throw new IOException($"{existing} already exists; choose another directory, or overwrite it knowingly (packages signed with the old key will need re-signing)");
        }

        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
            else Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        using var key = SigningKey.Generate();
        WriteNew(privatePath, key.ExportPrivateKeyPem(), secret: true);
        WriteNew(publicPath, key.ExportPublicKeyPem(), secret: false);
        return key.KeyId;
    }

    private static void WriteNew(string path, string pem, bool secret)
    {
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = secret
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        if (File.Exists(temp)) File.Delete(temp);
        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(pem);
            writer.Write('\n');
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
