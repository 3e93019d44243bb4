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
        if (File.Exists(path))
        {
            // Touched so that retention, which removes an image no capture names once it has been left alone a while, does not
            // remove it between here and the new capture's row.
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            return sha;
        }

        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temp, jpeg);
        File.Move(temp, path, overwrite: true);
        return sha;
    }

    /// <summary>
    /// Removes the image when it has not been written or touched for <paramref name="quiet"/> (an ingest storing the same image
    /// again touches it first); returns its size, or 0 when it stays or is not there.
    /// </summary>
    public long Remove(string sha256, TimeSpan quiet, DateTime nowUtc)
    {
        var file = new FileInfo(PathOf(sha256));
        if (!file.Exists || nowUtc - file.LastWriteTimeUtc < quiet) return 0;
        var size = file.Length;
        file.Delete();
        return size;
    }
}
