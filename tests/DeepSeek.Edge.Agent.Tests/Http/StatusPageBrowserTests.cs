using System.Text.Json;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Cli.Model;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Agent.Tests.EndToEnd;
using DeepSeek.Edge.Agent.Tests.Ota;
using DeepSeek.Edge.Models.Packaging.Chunks;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Json;
using DeepSeek.Edge.Testing;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.Http;

/// <summary>
/// The local status page of the real agent (a ds-edge process) in a real browser (Debian's chromium through Playwright): the
/// demo configuration's two cameras stream, an over-the-air update shows its download progress and then the new version
/// running, the providers that fell back say why, stage latencies show; "degraded" is amber and "failed" red, with a legend;
/// an error that looks like markup is shown as text (in the camera's row and among the recent errors), never run as HTML.
/// </summary>
public sealed class StatusPageBrowserTests(ITestOutputHelper output) : IDisposable
{
    private const string Markup = "<img src=x id=injected onerror=alert(1)>";
    private const int ChunkSize = 16 * 1024;
    private readonly TempDirectory _dir = new("dsedge-page");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Page_DemoCamerasStream_AndAnUpdateShowsItsProgressThenTheNewVersion()
    {
        using var broker = MosquittoBroker.Start();
        using var key = SigningKey.Generate();
        var config = DemoConfig(broker.Port, key);
        var package = OtaPackages.Repack(_dir.Path, "blazeface-back", "1.1.0", key);
        var chunks = PackageChunker.Describe(package.Path, ChunkSize);
        var held = chunks.ChunkCount / 2; // the chunks from here on reach the broker only once the page showed the progress
        Assert.True(held > 1, $"the package has {chunks.ChunkCount} chunks; at least 4 are needed to stop half-way");
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, "dsedge/devices/demo-device/#");
        await new PublishClient(TimeProvider.System, TextWriter.Null).PublishAsync(
            new PublishRequest(package.Path, "127.0.0.1", broker.Port, "dsedge", null, null, null, ChunkSize), CancellationToken.None);
        for (var i = held; i < chunks.ChunkCount; i++) await probe.PublishAsync(ChunkTopic(i), [], retain: true); // removed from the broker

        using var agent = AgentProcess.Start(config);
        try
        {
            using var endpoint = await AgentEndpoint.FindAsync(agent);
            await using var browser = await StatusPageBrowser.OpenAsync(endpoint.Address, output);
            foreach (var camera in new[] { "megamind", "street" })
            {
                await browser.UntilCameraRowAsync(camera, "t.includes('streaming') && t.includes('blazeface-back@1.0.0')");
                await browser.Page.WaitForFunctionAsync($"() => {{ const i = document.querySelector('img[alt={camera}]'); return i && i.naturalWidth > 0; }}");
                await browser.Page.WaitForFunctionAsync($"() => /\\d+\\.\\d \\/ \\d+\\.\\d/.test(document.querySelector('#latency tr[data-camera={camera}] td:nth-child(5)')?.innerText ?? '')");
            }

            // Every provider of megamind's chain before the one it runs on says why it was not used (tensorrt and cuda on a CPU build).
            var megamind = Camera(await StatusAsync(endpoint), "megamind");
            var providerCell = await browser.CellAsync("megamind", 6);
            foreach (var tried in megamind.GetProperty("providers").EnumerateArray().Where(p => !p.GetProperty("used").GetBoolean()))
                Assert.Contains($"{tried.GetProperty("provider").GetString()} fell back: {tried.GetProperty("reason").GetString()}", providerCell, StringComparison.Ordinal);
            Assert.Equal(["tensorrt", "cuda", "cpu"], megamind.GetProperty("providers").EnumerateArray().Select(p => p.GetProperty("provider").GetString()));
            Assert.Contains("connected to 127.0.0.1:", await browser.Page.Locator("#broker").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal("healthy", await browser.Page.Locator("#status").InnerTextAsync());

            await probe.PublishAsync("dsedge/devices/demo-device/state/desired",
                ProtocolJson.Write(new DesiredStateDocument("1", [new DesiredModel("blazeface-back", "1.1.0", ["megamind"])])), retain: true);
            await browser.UntilCameraRowAsync("megamind", "/downloading blazeface-back@1\\.1\\.0 ([1-9]|[1-9][0-9])% \\(/.test(t)");
            Assert.Contains("blazeface-back@1.1.0", await browser.CellAsync("megamind", 4), StringComparison.Ordinal); // desired
            Assert.Equal("blazeface-back@1.0.0", await browser.CellAsync("megamind", 3)); // running
            var downloading = await endpoint.StatusAsync();
            Assert.Empty(ProtocolSchemas.Problems(System.Text.Encoding.UTF8.GetBytes(downloading)));
            var update = Camera(JsonDocument.Parse(downloading).RootElement, "megamind").GetProperty("update");
            Assert.True(update.GetProperty("bytes").GetInt64() is > 0 and var b && b < update.GetProperty("total").GetInt64(), update.GetRawText());
            await browser.ScreenshotAsync("status-page-update-downloading");

            for (var i = held; i < chunks.ChunkCount; i++) await probe.PublishAsync(ChunkTopic(i), PackageChunker.ReadChunk(package.Path, chunks, i), retain: true);
            await browser.UntilCameraRowAsync("megamind", "t.includes('active blazeface-back@1.1.0') && t.includes('streaming')");
            Assert.Equal("blazeface-back@1.1.0", await browser.CellAsync("megamind", 3));
            Assert.Equal("blazeface-back@1.0.0", await browser.CellAsync("street", 3)); // the update was for megamind only
            Assert.True(StatusPageBrowser.IsGreen(await browser.ColourAsync("#cameras tr[data-camera=megamind] td:nth-child(5)")), "an active update is shown green");
            var done = await endpoint.StatusAsync();
            Assert.Empty(ProtocolSchemas.Problems(System.Text.Encoding.UTF8.GetBytes(done)));
            await browser.ScreenshotAsync("status-page-update-active");
        }
        catch
        {
            output.WriteLine(agent.Output);
            throw;
        }
        finally
        {
            await agent.StopAsync();
        }
    }

    [Fact]
    public async Task Page_DegradedIsAmber_FailedIsRed_AndErrorsAreShownAsText()
    {
        using var broker = MosquittoBroker.Start();
        var port = broker.Port;
        broker.Stop(); // no broker: degraded, with the reason
        var config = AgentConfigFile.Write(_dir.Path, "page", port, http: true);
        AgentEndpoint.Edit(config, c =>
        {
            var cameras = c["Agent"]!["Cameras"]!.AsArray();
            var broken = cameras[0]!.DeepClone();
            broken["Name"] = "yard";
            broken["Model"] = "/no/such/" + Markup;
            cameras.Add(broken);
        });
        using var agent = AgentProcess.Start(config);
        try
        {
            using var endpoint = await AgentEndpoint.FindAsync(agent);
            await using var browser = await StatusPageBrowser.OpenAsync(endpoint.Address, output);
            var page = browser.Page;
            await browser.UntilCameraRowAsync("door", "t.includes('streaming')");
            await page.WaitForFunctionAsync("() => document.querySelector('#problems').innerText.includes('yard')");

            Assert.Contains(Markup, await browser.CameraRowAsync("yard"), StringComparison.Ordinal); // the error, as text
            Assert.Contains(Markup, await page.Locator("#problems").InnerTextAsync(), StringComparison.Ordinal); // and among the recent errors
            Assert.Equal(0, await page.Locator("#injected").CountAsync());

            Assert.Equal("degraded", await page.Locator("#status").InnerTextAsync());
            Assert.Contains("device page", await page.Locator("#summary").InnerTextAsync(), StringComparison.Ordinal);
            Assert.True(StatusPageBrowser.IsAmber(await browser.ColourAsync("#status", "background-color")), "degraded is shown amber");
            Assert.Equal("failed", await browser.CellAsync("yard", 2));
            Assert.True(StatusPageBrowser.IsRed(await browser.ColourAsync("#cameras tr[data-camera=yard] td:nth-child(2)")), "a failed camera is shown red");
            Assert.True(StatusPageBrowser.IsAmber(await browser.ColourAsync("#legend .badge.warn", "background-color")), "the legend's amber is the page's");
            Assert.Contains("degraded", await page.Locator("#legend").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("mqtt: not connected", await page.Locator("#reasons").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("last connect attempt failed", await page.Locator("#broker").InnerTextAsync(), StringComparison.Ordinal);

            // Offline, telemetry waits in the outbox: the page shows it queued, with the age of the oldest.
            await page.WaitForFunctionAsync("() => /^telemetry\\s+[1-9]\\d*\\s.*\\d+(\\.\\d)? (s|min)/.test(document.querySelector('#outbox tr[data-priority=telemetry]')?.innerText ?? '')");
            Assert.Empty(ProtocolSchemas.Problems(System.Text.Encoding.UTF8.GetBytes(await endpoint.StatusAsync())));

            await page.WaitForFunctionAsync("() => { const i = document.querySelector('img[alt=door]'); return i && i.naturalWidth > 0; }");
            Assert.Equal(0, await page.Locator("img[alt=yard]").CountAsync()); // a failed camera has no stream to show
            await browser.ScreenshotAsync("status-page-degraded");
        }
        catch
        {
            output.WriteLine(agent.Output);
            throw;
        }
        finally
        {
            await agent.StopAsync();
        }
    }

    /// <summary>
    /// The demo configuration (packaging/dev/agent.demo.json: cameras megamind and street) with its relative paths resolved where
    /// it lives, the test's broker instead of the embedded one, the test's data directory, key and short update windows.
    /// </summary>
    private string DemoConfig(int brokerPort, SigningKey key)
    {
        var demoDirectory = Path.Combine(TestAssets.RepoRoot, "packaging", "dev");
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(demoDirectory, "agent.demo.json")))!.AsObject();
        var agent = config["Agent"]!;
        agent["DataDirectory"] = _dir.File("state");
        agent["Http"]!["Urls"] = "http://127.0.0.1:0";
        foreach (var camera in agent["Cameras"]!.AsArray())
        {
            camera!["Source"] = "file:" + Path.GetFullPath(Path.Combine(demoDirectory, camera["Source"]!.GetValue<string>()["file:".Length..]));
            camera["Model"] = Path.GetFullPath(Path.Combine(demoDirectory, camera["Model"]!.GetValue<string>()));
        }

        config["Mqtt"] = new JsonObject
        {
            ["Broker"] = "127.0.0.1", ["Port"] = brokerPort, ["TopicPrefix"] = "dsedge", ["ReconnectMinDelay"] = "00:00:00.200", ["ReconnectMaxDelay"] = "00:00:01",
        };
        var publicKey = _dir.File("trusted.pem");
        File.WriteAllText(publicKey, key.ExportPublicKeyPem());
        config["Ota"] = new JsonObject
        {
            ["TrustedKeys"] = new JsonArray(publicKey), ["BaselineWindow"] = "00:00:01", ["HealthWindow"] = "00:00:02",
            ["MinFpsRatio"] = 0.25, // a loaded 2-core test machine slows every model now and then
            ["StallTimeout"] = "00:05:00", // the held chunks come when the test says
        };
        var path = _dir.File("agent.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    private static string ChunkTopic(int index) => $"dsedge/models/blazeface-back/1.1.0/chunks/{index}";

    private static async Task<JsonElement> StatusAsync(AgentEndpoint endpoint) => JsonDocument.Parse(await endpoint.StatusAsync()).RootElement.Clone();

    private static JsonElement Camera(JsonElement status, string name) =>
        status.GetProperty("cameras").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
}
