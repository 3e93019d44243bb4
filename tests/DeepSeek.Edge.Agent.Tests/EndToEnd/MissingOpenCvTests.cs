using System.Diagnostics;
using DeepSeek.Edge.Agent.Tests.Broker;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>
/// The agent installed without OpenCV's native library (as on linux-arm64, for which NuGet has none): it keeps running and
/// its camera fails with a reason that names the library and where it comes from, not a .NET type initializer.
/// </summary>
public sealed class MissingOpenCvTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-no-opencv");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task WithoutLibOpenCvSharpExtern_TheCameraFailsNamingTheLibrary_AndTheAgentKeepsRunning()
    {
        // Hard links next to the build (the same file system): the install without copying its bytes.
        var install = Path.Combine(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/'))!, "no-opencv-" + Guid.NewGuid().ToString("N")[..8]);
        using (var copy = Process.Start("cp", ["-al", AppContext.BaseDirectory.TrimEnd('/'), install])!) await copy.WaitForExitAsync();
        Assert.True(File.Exists(Path.Combine(install, "ds-edge.dll")), "the linked copy of the build was not made");
        foreach (var native in Directory.GetFiles(install, "libOpenCvSharpExtern*", SearchOption.AllDirectories)) File.Delete(native);
        var config = AgentConfigFile.Write(_dir.Path, "no-opencv", 1, http: true);
        using var agent = AgentProcess.Start(config, installDirectory: install);
        try
        {
            using var endpoint = await AgentEndpoint.FindAsync(agent);
            var camera = (await endpoint.HealthAsync()).GetProperty("cameras")[0];

            Assert.Equal("failed", camera.GetProperty("state").GetString());
            var error = camera.GetProperty("last_error").GetString()!;
            Assert.Contains("OpenCV's native library (libOpenCvSharpExtern.so) does not load", error, StringComparison.Ordinal);
            Assert.Contains("libgtk-3-0", error, StringComparison.Ordinal); // the x64 fix; on arm64 it names Dockerfile.jetson
            Assert.DoesNotContain("type initializer", error, StringComparison.OrdinalIgnoreCase);
            Assert.False(agent.HasExited);
        }
        catch
        {
            output.WriteLine(agent.Output);
            throw;
        }
        finally
        {
            await agent.StopAsync();
            Directory.Delete(install, recursive: true);
        }
    }
}
