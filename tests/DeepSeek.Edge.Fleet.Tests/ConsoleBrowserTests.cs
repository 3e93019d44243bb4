using System.Net.Http.Json;
using DeepSeek.Edge.Fleet.Simulation;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Fleet.Tests;

/// <summary>The console's UI in a real browser (Debian's chromium through Playwright): log in, see the fleet, open a device, watch a rollout, abort it.</summary>
public sealed class ConsoleBrowserTests(ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Operator_LogsIn_SeesTheFleet_OpensADevice_StartsARolloutAndAbortsIt()
    {
        using var broker = MosquittoBroker.Start();
        var models = new SignedModels();
        await using var console = await FleetConsole.StartAsync(broker, [models.PublicKey]);
        await models.RegisterAsync(console);
        var devices = new List<SimulatedDevice>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var d = new SimulatedDevice("dsedge", $"web-{i}", "lobby", SignedModels.Model, "1.0.0");
                await d.StartAsync("127.0.0.1", broker.Port, TimeSpan.FromMilliseconds(500), CancellationToken.None);
                devices.Add(d);
            }

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
            var page = await browser.NewPageAsync();
            await page.GotoAsync(console.Options.Listen);
            await page.FillAsync("#user", "admin");
            await page.FillAsync("#password", FleetConsole.AdminPassword);
            await page.ClickAsync("#login button");
            await page.WaitForFunctionAsync("() => document.querySelector('#counts').textContent.includes('3 online')");
            Assert.Contains("admin (admin)", await page.Locator("#who").InnerTextAsync(), StringComparison.Ordinal);

            await page.ClickAsync("a[href='#devices']");
            await page.WaitForFunctionAsync("() => document.querySelectorAll('#device-rows tr').length === 3");
            // Live: a device that comes online now shows up without a reload, pushed over the event stream (no polling while it is open).
            await page.WaitForFunctionAsync("() => window.fleetLive.stream?.readyState === EventSource.OPEN");
            var late = new SimulatedDevice("dsedge", "web-3", "lobby", SignedModels.Model, "1.0.0");
            devices.Add(late);
            var pushes = await page.EvaluateAsync<int>("() => window.fleetLive.pushes");
            await late.StartAsync("127.0.0.1", broker.Port, TimeSpan.FromMilliseconds(500), CancellationToken.None);
            await page.WaitForFunctionAsync("() => document.querySelectorAll('#device-rows tr').length === 4");
            Assert.True(await page.EvaluateAsync<int>("() => window.fleetLive.pushes") > pushes, "the new device showed up without a push over the event stream");
            Assert.Equal("open", await page.EvaluateAsync<string>("() => window.fleetLive.stream.readyState === EventSource.OPEN ? 'open' : 'closed'"));
            await page.ClickAsync("#device-rows a >> text=web-1");
            await page.WaitForFunctionAsync("() => document.querySelector('#device-cameras tr')?.textContent.includes('blazeface-front@1.0.0')");
            // Its charts (uPlot, fetched from npm): fps per camera, CPU and temperature, drawn from what the device sent.
            await page.WaitForFunctionAsync("() => window.fleetCharts.plots.length === 3 && window.fleetCharts.plots.every(p => p.data[0].length > 0)", null, new() { Timeout = 30_000 });
            var charts = await page.EvaluateAsync<string[]>(
                "() => window.fleetCharts.plots.map(p => p.root.querySelector('.u-title').textContent + '=' + p.data[1][p.data[1].length - 1])");
            Assert.Equal(["fps=25", "CPU %=45", "temperature °C=45"], charts);
            Assert.Equal(3, await page.Locator("#device-charts canvas").CountAsync());
            await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "fleet-device.png"), FullPage = true });

            await page.ClickAsync("a[href='#rollouts']");
            await page.FillAsync("#r-model", SignedModels.Model);
            await page.FillAsync("#r-version", "2.0.0");
            await page.FillAsync("#r-group", "lobby");
            await page.FillAsync("#r-waves", "1, \"100%\"");
            await page.FillAsync("#r-soak", "600");
            await page.ClickAsync("#new-rollout button");
            await page.WaitForFunctionAsync("() => document.querySelector('#rollout-rows tr')?.textContent.includes('applied 1')", null, new() { Timeout = 30_000 });
            // New against old on the same device while it soaks: its baseline fps on 1.0.0 beside its live fps on 2.0.0.
            await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#compare-rows tr')].some(r => r.textContent.includes('web-0') && r.textContent.includes('25.0 → 25.0'))", null, new() { Timeout = 30_000 });
            Assert.Contains("1.0.0 → 2.0.0", await page.Locator("#compare-title").InnerTextAsync(), StringComparison.Ordinal);
            await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "fleet-rollout.png"), FullPage = true });
            await page.ClickAsync("#rollout-rows button[data-action=abort]");
            await page.WaitForFunctionAsync("() => document.querySelector('#rollout-rows tr')?.textContent.includes('aborted by admin')", null, new() { Timeout = 30_000 });
            await page.WaitForFunctionAsync("() => document.querySelector('#rollout-rows tr td:nth-child(4)')?.textContent === 'aborted'", null, new() { Timeout = 30_000 });
            Assert.All(devices, d => Assert.Equal("1.0.0", d.Version));

            await page.ClickAsync("a[href='#audit']");
            await page.WaitForFunctionAsync("() => document.querySelector('#audit-verdict').textContent.includes('verifies')");
            await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "fleet-audit.png"), FullPage = true });
            output.WriteLine("screenshots: " + AppContext.BaseDirectory);
        }
        finally
        {
            foreach (var d in devices) await d.DisposeAsync();
            models.Dispose();
        }
    }

    [Fact]
    public async Task Trainer_BrowsesCapturesWithTheirBoxes_FiltersThem_AndComparesTwoVersionsQuality()
    {
        using var broker = MosquittoBroker.Start();
        await using var console = await FleetConsole.StartAsync(broker);
        await using var device = await DeviceMessages.ConnectAsync(broker, "gate-web");
        var messi = File.ReadAllBytes(DeepSeek.Edge.Testing.TestAssets.Media("messi5.jpg"));
        await device.CaptureAsync(DeviceMessages.Capture("gate-web", 1, messi, [548, 342], [1096, 684], "1.0.0",
            [new("face", 0.47, [400, 100, 120, 140]), new("ball", 0.9, [900, 560, 100, 100])]));
        await device.CaptureAsync(DeviceMessages.Capture("gate-web", 2, messi, [548, 342], [548, 342], "2.0.0", [new("face", 0.55, [200, 40, 70, 80])], camera: "side"));
        await device.QualityAsync("e1", 1, "1.0.0", 100, 150, [0, 0, 0, 10, 20, 20, 30, 30, 20, 20], 12, 1, 20);
        await device.QualityAsync("e1", 2, "2.0.0", 100, 80, [0, 0, 0, 0, 0, 5, 10, 20, 20, 25], 3, 0, 18);
        await TestTimeouts.UntilAsync(() => console.Service<Metrics.FleetCounters>().Get("ds_fleet_captures_total", "outcome=\"stored\"") == 2, "2 captures stored");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(console.Options.Listen + "/#gallery");
        await page.FillAsync("#user", "admin");
        await page.FillAsync("#password", FleetConsole.AdminPassword);
        await page.ClickAsync("#login button");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#gallery canvas[data-drawn=true]').length === 2");
        Assert.Equal("2", await page.Locator("#gallery figure >> nth=0 >> canvas").GetAttributeAsync("data-boxes"));
        Assert.Contains("face 0.47, ball 0.90", await page.Locator("#gallery figure >> nth=0 >> figcaption").InnerTextAsync(), StringComparison.Ordinal);
        // The box is drawn where the device saw it: the canvas pixel on the face box's left edge is the uncertain-box colour.
        var edge = await page.EvaluateAsync<int[]>("() => { const c = document.querySelector('#gallery canvas'); const s = c.width / 1096; return Array.from(c.getContext('2d').getImageData(Math.floor(400 * s), Math.round(170 * s), 1, 1).data); }");
        Assert.Equal([255, 176, 0], edge[..3]);
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "fleet-gallery.png"), FullPage = true });

        await page.FillAsync("#g-camera", "side");
        await page.ClickAsync("#gallery-filter button");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#gallery figure').length === 1 && document.querySelector('#gallery figcaption').textContent.includes('faces@2.0.0')");

        await page.ClickAsync("a[href='#quality']");
        await page.FillAsync("#q-model", "faces");
        await page.FillAsync("#q-versions", "1.0.0,2.0.0");
        await page.ClickAsync("#quality-form button");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#quality-rows tr').length === 2 && document.querySelectorAll('#quality-rows svg rect').length === 20");
        var cells = await page.Locator("#quality-rows tr[data-version='2.0.0'] td").AllInnerTextsAsync();
        Assert.Equal(["2.0.0", "1", "100", "0.80", "3.0 %", "0", "18.0", "1"], cells.Take(8));
        Assert.Equal("1.50", (await page.Locator("#quality-rows tr[data-version='1.0.0'] td").AllInnerTextsAsync())[3]);
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "fleet-quality.png"), FullPage = true });
        output.WriteLine("screenshots: " + AppContext.BaseDirectory);
    }
}
