using OpenCvSharp;

namespace DeepSeek.Edge.Vision.Images;

/// <summary>Still images on disk: which files are images, reading one as a BGR frame, listing a folder of them.</summary>
public static class ImageFiles
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff",
    };

    /// <summary>Whether the file name has an image extension (png, jpg, jpeg, bmp, webp, tif, tiff; any case).</summary>
    public static bool IsImage(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Extensions.Contains(Path.GetExtension(path));
    }

    /// <summary>Reads an image as an 8-bit BGR frame (alpha dropped, gray expanded). The caller owns the Mat.</summary>
    /// <exception cref="ImageFileException">The file does not exist or is not an image OpenCV can decode.</exception>
    public static Mat Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path)) throw new ImageFileException(path, "is a folder, not an image file.");
        if (!File.Exists(path)) throw new ImageFileException(path, "does not exist; check the path.");

        var image = Cv2.ImRead(path, ImreadModes.Color);
        if (!image.Empty()) return image;

        image.Dispose();
        var size = new FileInfo(path).Length;
        throw new ImageFileException(
            path,
            $"could not be decoded ({size} bytes); it is damaged or not an image format this build reads (png, jpg, bmp, webp, tiff).");
    }

    /// <summary>The image files directly in <paramref name="directory"/> (not sub-folders), full paths sorted by name.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IReadOnlyList<string> ListImages(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"image folder \"{directory}\" does not exist; check the path.");

        var files = Directory.EnumerateFiles(directory).Where(IsImage).ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }
}
