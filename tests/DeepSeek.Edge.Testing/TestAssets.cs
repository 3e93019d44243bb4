namespace DeepSeek.Edge.Testing;

/// <summary>Paths to the real sample models and media that <c>models/fetch.sh</c> installs (git-ignored).</summary>
public static class TestAssets
{
    public static string RepoRoot { get; } = FindRepoRoot();
    public static string ModelsDir => Path.Combine(RepoRoot, "models", "dist");
    public static string MediaDir => Path.Combine(RepoRoot, "models", "media");

    public static string BlazeFaceFront => Model("blazeface-front");
    public static string BlazeFaceBack => Model("blazeface-back");
    public static string ResNet18 => Model("resnet18-features");
    public static string TextAngle => Model("ppocr-angle-cls");

    public static string Model(string name) => Existing(Path.Combine(ModelsDir, name));

    public static string Media(string file) => Existing(Path.Combine(MediaDir, file));

    private static string Existing(string path) =>
        File.Exists(path) || Directory.Exists(path)
            ? path
            : throw new FileNotFoundException($"test asset {path} is missing: run `bash models/fetch.sh` (the README's test command does).", path);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DeepSeek.Edge.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException($"DeepSeek.Edge.sln not found above {AppContext.BaseDirectory}");
    }
}
