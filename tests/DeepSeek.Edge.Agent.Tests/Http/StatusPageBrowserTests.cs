using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Agent.Tests.EndToEnd;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.Http;

/// <summary>
/// The local status page of the real agent in a real browser (Debian's chromium through Playwright): the cameras and their
/// live streams show, "degraded" is shown as a warning with its reason, and a camera error that looks like markup is shown
/// as text, never run as HTML.
/// </summary>
public sealed class StatusPageBrowserTests(ITestOutputHelper output) : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private const string Markup = "<img src=x id=injected onerror=alert(1)>";
    private readonly TempDirectory _dir = new("dsedge-page");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Page_ShowsCamerasAndStreams_DegradedAsAWarning_AndErrorsAsText()
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
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
            var page = await browser.NewPageAsync();
            await page.GotoAsync(endpoint.Address.ToString(), new() { WaitUntil = WaitUntilState.DOMContentLoaded }); // the MJPEG streams never finish loading
            await page.WaitForFunctionAsync("() => document.querySelectorAll('#cameras tr').length === 2");

            var rows = await page.Locator("#cameras tr").AllInnerTextsAsync();
            Assert.Contains(rows, r => r.StartsWith("door", StringComparison.Ordinal) && r.Contains("streaming", StringComparison.Ordinal));
            Assert.Contains(rows, r => r.StartsWith("yard", StringComparison.Ordinal) && r.Contains(Markup, StringComparison.Ordinal)); // the error, as text
            Assert.Equal(0, await page.Locator("#injected").CountAsync());

            Assert.Equal("degraded", await page.Locator("#status").InnerTextAsync());
            Assert.Contains("device page", await page.Locator("#summary").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal("warn", await page.Locator("#status").GetAttributeAsync("class"));
            Assert.Contains("mqtt: not connected", await page.Locator("#reasons").InnerTextAsync(), StringComparison.Ordinal);

            await page.WaitForFunctionAsync("() => { const i = document.querySelector('img[alt=door]'); return i && i.naturalWidth > 0; }");
            var screenshot = Path.Combine(AppContext.BaseDirectory, "status-page.png");
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
            output.WriteLine("screenshot: " + screenshot);
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
}
