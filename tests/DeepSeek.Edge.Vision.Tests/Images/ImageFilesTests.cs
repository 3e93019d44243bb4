using DeepSeek.Edge.Testing;
using DeepSeek.Edge.Vision.Images;
using OpenCvSharp;

namespace DeepSeek.Edge.Vision.Tests.Images;

public sealed class ImageFilesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ds-edge-images-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("a.png", true)]
    [InlineData("dir/b.JPG", true)]
    [InlineData("c.jpeg", true)]
    [InlineData("d.bmp", true)]
    [InlineData("e.webp", true)]
    [InlineData("f.tif", true)]
    [InlineData("g.TIFF", true)]
    [InlineData("h.mp4", false)]
    [InlineData("labels.txt", false)]
    [InlineData("png", false)]
    [InlineData("archive.png.zip", false)]
    public void IsImage_FileName_DecidedByExtension(string path, bool expected) =>
        Assert.Equal(expected, ImageFiles.IsImage(path));

    [Fact]
    public void Read_RealPng_ReturnsBgrFrameOfTheFileSize()
    {
        using var image = ImageFiles.Read(TestAssets.Media("astronaut.png"));

        Assert.Equal((512, 512, MatType.CV_8UC3), (image.Width, image.Height, image.Type()));
    }

    [Fact]
    public void Read_GrayPng_ExpandsToBgr()
    {
        var path = Path.Combine(_folder, "gray.png");
        using (var gray = new Mat(3, 4, MatType.CV_8UC1, new Scalar(77))) Cv2.ImWrite(path, gray);

        using var image = ImageFiles.Read(path);

        Assert.Equal(MatType.CV_8UC3, image.Type());
        Assert.Equal(new Vec3b(77, 77, 77), image.At<Vec3b>(2, 3));
    }

    [Fact]
    public void Read_MissingFile_ThrowsNamingTheFile()
    {
        var path = Path.Combine(_folder, "nothing-here.jpg");

        var error = Assert.Throws<ImageFileException>(() => ImageFiles.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.FilePath);
    }

    [Fact]
    public void Read_FileThatIsNotAnImage_ThrowsNamingTheFile()
    {
        var path = Path.Combine(_folder, "broken.png");
        File.WriteAllText(path, "this is text, not a png");

        var error = Assert.Throws<ImageFileException>(() => ImageFiles.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("could not be decoded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedJpeg_ThrowsNamingTheFile()
    {
        var path = Path.Combine(_folder, "truncated.jpg");
        File.WriteAllBytes(path, File.ReadAllBytes(TestAssets.Media("messi5.jpg")).AsSpan(0, 200).ToArray());

        var error = Assert.Throws<ImageFileException>(() => ImageFiles.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ListImages_MixedFolder_ReturnsOnlyImagesSortedByName()
    {
        foreach (var name in new[] { "b.jpg", "a.png", "notes.txt", "C.bmp", "clip.mp4" }) File.WriteAllText(Path.Combine(_folder, name), "");
        Directory.CreateDirectory(Path.Combine(_folder, "sub.png"));

        var images = ImageFiles.ListImages(_folder);

        Assert.Equal(["C.bmp", "a.png", "b.jpg"], images.Select(Path.GetFileName));
        Assert.All(images, p => Assert.True(Path.IsPathFullyQualified(p) || p.StartsWith(_folder, StringComparison.Ordinal)));
    }

    [Fact]
    public void ListImages_RealPhotoFolder_EveryListedFileReads()
    {
        var images = ImageFiles.ListImages(Path.Combine(TestAssets.MediaDir, "photos"));

        Assert.NotEmpty(images);
        Assert.Equal(images.Order(StringComparer.Ordinal), images);
        foreach (var path in images)
        {
            using var image = ImageFiles.Read(path);
            Assert.Equal(MatType.CV_8UC3, image.Type());
        }
    }

    [Fact]
    public void ListImages_MissingFolder_ThrowsNamingTheFolder()
    {
        var path = Path.Combine(_folder, "absent");

        var error = Assert.Throws<DirectoryNotFoundException>(() => ImageFiles.ListImages(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
