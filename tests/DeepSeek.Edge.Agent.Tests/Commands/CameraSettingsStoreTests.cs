using DeepSeek.Edge.Agent.Commands;

namespace DeepSeek.Edge.Agent.Tests.Commands;

public sealed class CameraSettingsStoreTests
{
    [Fact]
    public void Apply_ThenReopen_KeepsTheMergedSettings()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ds-edge-tests", Guid.NewGuid().ToString("N"));
        var store = new CameraSettingsStore(dir);

        store.Apply("yard", new CameraSettings(ScoreThreshold: 0.8f));
        store.Apply("yard", new CameraSettings(Enabled: false));

        var reopened = new CameraSettingsStore(dir).For("yard");
        Assert.Equal(new CameraSettings(0.8f, null, false), reopened);
        Assert.Equal(new CameraSettings(), reopened with { ScoreThreshold = null, Enabled = null });
    }

    [Fact]
    public void Open_CorruptFile_SaysWhichFileAndWhatToDo()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ds-edge-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "settings.json"), "{ not json");

        var ex = Assert.Throws<InvalidDataException>(() => new CameraSettingsStore(dir));

        Assert.Contains("settings.json", ex.Message);
        Assert.Contains("delete the file", ex.Message);
    }
}
