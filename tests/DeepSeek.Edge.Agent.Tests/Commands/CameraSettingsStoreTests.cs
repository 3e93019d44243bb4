using DeepSeek.Edge.Agent.Commands;

namespace DeepSeek.Edge.Agent.Tests.Commands;

public sealed class CameraSettingsStoreTests
{
    [Fact]
    public void Apply_ThenReopen_KeepsTheMergedSettings()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ds-edge-tests", Guid.NewGuid().ToString("N"));
        var store = new CameraSettingsStore(dir);

        store.Apply("yard", Set(new CameraSettings(ScoreThreshold: 0.8f)));
        store.Apply("yard", Set(new CameraSettings(Enabled: false)));

        var reopened = new CameraSettingsStore(dir).For("yard");
        Assert.Equal(new CameraSettings(0.8f, null, false), reopened);
        Assert.Equal(new CameraSettings(), reopened with { ScoreThreshold = null, Enabled = null });
    }

    [Fact]
    public void Apply_ClearEverySetting_LeavesNoEntryAfterReopen()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ds-edge-tests", Guid.NewGuid().ToString("N"));
        var store = new CameraSettingsStore(dir);
        store.Apply("yard", Set(new CameraSettings(0.8f, null, false)));

        var left = store.Apply("yard", new CameraSettingsChange(new CameraSettings(), new HashSet<string> { "enabled" }));
        Assert.Equal(new CameraSettings(ScoreThreshold: 0.8f), left);
        store.Apply("yard", new CameraSettingsChange(new CameraSettings(), new HashSet<string> { "score_threshold" }));

        var reopened = new CameraSettingsStore(dir);
        Assert.Empty(reopened.Cameras);
        Assert.True(reopened.For("yard").IsEmpty);
    }

    private static CameraSettingsChange Set(CameraSettings values) => new(values, new HashSet<string>());

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
