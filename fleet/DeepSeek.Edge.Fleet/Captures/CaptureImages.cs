using System.Security.Cryptography;
using DeepSeek.Edge.Fleet.Configuration;
using DeepSeek.Edge.Models.Naming;

namespace DeepSeek.Edge.Fleet.Captures;

/// <summary>
/// Capture JPEGs on disk, content-addressed: <c>&lt;data&gt;/captures/&lt;first two hex digits&gt;/&lt;sha256&gt;.jpg</c>. A file is written
/// to a temp name and moved into place, so a reader never sees half an image; the same image sent twice is stored once.
/// </summary>
public sealed class CaptureImages(FleetOptions options)
{
    public string Directory => Path.Combine(options.DataDirectory, "captures");

    public string PathOf(string sha256)
    {
        if (!Sha256Text.IsValid(sha256)) throw new ArgumentException($"\"{sha256}\" is not a lowercase hex SHA-256", nameof(sha256));
        return Path.Combine(Directory, sha256[..2], sha256 + ".jpg");
    }

    /// <summary>Stores the image (unless it is there already) and returns its SHA-256.</summary>
    public string Put(byte[] jpeg)
    {
        ArgumentNullException.ThrowIfNull(jpeg);
        var sha = Convert.ToHexStringLower(SHA256.HashData(jpeg));
        var path = PathOf(sha);
        if (File.Exists(path)) return sha;
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temp, jpeg);
        File.Move(temp, path, overwrite: true);
        return sha;
    }
}
