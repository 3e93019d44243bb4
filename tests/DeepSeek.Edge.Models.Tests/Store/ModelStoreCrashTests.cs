using System.Diagnostics;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Models.Tests.Support;
using Xunit.Abstractions;
using static DeepSeek.Edge.Models.Tests.Store.StoreFixture;

namespace DeepSeek.Edge.Models.Tests.Store;

/// <summary>
/// A child process installs an update (stage, activate, collect garbage) and is killed with SIGKILL, at each named step
/// and at random instants. After Recover the store always holds the old or the new version, complete and verified.
/// </summary>
public sealed class ModelStoreCrashTests : IDisposable
{
    private readonly StoreFixture _f = new();
    private readonly ITestOutputHelper _output;

    public ModelStoreCrashTests(ITestOutputHelper output) => _output = output;

    /// <summary>faces 0.9.0 installed but unused (garbage), 1.0.0 active on "front".</summary>
    private void Prepare()
    {
        using var store = _f.Open();
        store.Stage(_f.Package("0.9.0"));
        store.Stage(_f.Package("1.0.0"));
        store.Activate("front", Faces("1.0.0"));
    }

    [Theory]
    [InlineData("stage:extracted", "1.0.0", false)]
    [InlineData("stage:verified", "1.0.0", false)]
    [InlineData("stage:renamed", "1.0.0", true)]
    [InlineData("activate:temp-written", "1.0.0", true)]
    [InlineData("activate:renamed", "2.0.0", true)]
    [InlineData("gc:trashed", "2.0.0", true)]
    public void Install_KilledAtStep_RecoverLeavesTheOldOrTheNewVersionComplete(string step, string expectedActive, bool newInstalled)
    {
        Prepare();
        var package = _f.Package("2.0.0");

        using (var child = ChildRun.Start("install", _f.Root, _f.TrustedPem, package, "front", step))
        {
            var (exitCode, done, error) = child.WaitForExit();
            Assert.False(done, $"the child was to die at {step}: {error}");
            Assert.NotEqual(0, exitCode);
        }

        using var store = _f.Open();
        var report = store.Recover();

        Assert.Empty(report.Fallbacks);
        Assert.Equal(Faces(expectedActive), store.GetActive("front")!.Model);
        Assert.Equal(newInstalled, Directory.Exists(store.Layout.VersionDirectory(Faces("2.0.0"))));
        Assert.Equal(step != "gc:trashed", Directory.Exists(store.Layout.VersionDirectory(Faces("0.9.0"))));
        AssertConsistent(store);
    }

    [Fact]
    public void Install_KilledWhileQuarantiningARejectedPackage_RecoverLeavesNoTrace()
    {
        Prepare();
        var unsigned = TestModels.Pack(_f.Temp.Path, key: null, fileName: "unsigned.zip");

        using (var child = ChildRun.Start("install", _f.Root, _f.TrustedPem, unsigned, "front", "quarantine:assembled"))
            Assert.False(child.WaitForExit().Done);

        using var store = _f.Open();
        var report = store.Recover();

        Assert.Single(report.RemovedLeftovers);
        Assert.Empty(Directory.GetFileSystemEntries(store.Layout.QuarantineDirectory));
        Assert.Equal(Faces("1.0.0"), store.GetActive("front")!.Model);
        AssertConsistent(store);
    }

    [Fact]
    public void Install_KilledAtRandomInstantsManyTimes_StoreAlwaysHoldsTheOldOrTheNewVersion()
    {
        Prepare();
        var current = Faces("1.0.0");
        var random = new Random(20250601);
        double? fullRunMs = null;
        var killed = 0;
        for (var i = 0; i < 16; i++)
        {
            var next = Faces($"2.0.{i}");
            var package = _f.Package(next.Version);
            using (var child = ChildRun.Start("install", _f.Root, _f.TrustedPem, package, "front"))
            {
                if (fullRunMs is null)
                {
                    var clock = Stopwatch.StartNew();
                    Assert.True(child.WaitForExit().Done);
                    fullRunMs = clock.Elapsed.TotalMilliseconds;
                }
                else if (child.KillAfter(TimeSpan.FromMilliseconds(random.NextDouble() * fullRunMs.Value * 1.2)))
                {
                    killed++;
                }
            }

            using var store = _f.Open();
            var report = store.Recover();
            var active = store.GetActive("front")!.Model;

            Assert.Empty(report.Fallbacks);
            Assert.True(active == current || active == next, $"round {i}: front runs {active}; expected {current} or {next}");
            AssertConsistent(store);
            current = active;
        }

        _output.WriteLine($"uninterrupted install: {fullRunMs:F0} ms; {killed} of 15 runs killed before they finished");
    }

    /// <summary>Nothing half-done is left, and every version directory under its final name verifies (signature and every file).</summary>
    private static void AssertConsistent(ModelStore store)
    {
        Assert.Empty(Directory.GetFileSystemEntries(store.Layout.StagingDirectory));
        Assert.All(Directory.GetFiles(store.Layout.ActiveDirectory), p => Assert.EndsWith(".json", p));
        Assert.All(store.ActiveModels(), a => store.Load(a.Model));
        Assert.All(store.Versions(), v => store.Load(v));
    }

    public void Dispose() => _f.Dispose();
}
