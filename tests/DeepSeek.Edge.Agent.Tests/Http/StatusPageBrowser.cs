using System.Globalization;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.Http;

/// <summary>
/// Debian's chromium (no browser download) driven by Playwright on an agent's status page, with screenshots saved under the test
/// output directory (screenshots/) and their paths printed.
/// </summary>
internal sealed class StatusPageBrowser : IAsyncDisposable
{
    private const string Chromium = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly ITestOutputHelper _output;

    private StatusPageBrowser(IPlaywright playwright, IBrowser browser, IPage page, ITestOutputHelper output)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        _output = output;
    }

    public IPage Page { get; }

    public static async Task<StatusPageBrowser> OpenAsync(Uri address, ITestOutputHelper output)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 1000 } });
        page.SetDefaultTimeout(60_000); // an upper bound for a loaded machine, never a judgement of speed
        await page.GotoAsync(address.ToString(), new() { WaitUntil = WaitUntilState.DOMContentLoaded }); // the MJPEG streams never finish loading
        return new StatusPageBrowser(playwright, browser, page, output);
    }

    /// <summary>Waits for a row of the cameras table whose text satisfies the JavaScript predicate on <c>t</c> (the row's text).</summary>
    public Task UntilCameraRowAsync(string camera, string predicate) =>
        Page.WaitForFunctionAsync($"() => {{ const r = document.querySelector('#cameras tr[data-camera=\"{camera}\"]'); const t = r ? r.innerText : ''; return r && ({predicate}); }}");

    public Task<string> CameraRowAsync(string camera) => Page.Locator($"#cameras tr[data-camera=\"{camera}\"]").InnerTextAsync();

    public Task<string> CellAsync(string camera, int column) => Page.Locator($"#cameras tr[data-camera=\"{camera}\"] td:nth-child({column})").InnerTextAsync();

    /// <summary>The rendered colour (<c>color</c> or <c>background-color</c>) of the element <paramref name="selector"/> finds, as (r, g, b).</summary>
    public async Task<(int R, int G, int B)> ColourAsync(string selector, string property = "color")
    {
        // Found and read in one script run: the page rebuilds its tables every second, so a located element may be gone a moment later.
        var css = await Page.EvaluateAsync<string>(
            "([s, p]) => { const e = document.querySelector(s); return e ? getComputedStyle(e).getPropertyValue(p) : ''; }", new[] { selector, property });
        var match = System.Text.RegularExpressions.Regex.Match(css, @"\Argba?\((\d+(?:\.\d+)?), (\d+(?:\.\d+)?), (\d+(?:\.\d+)?)");
        if (!match.Success) throw new FormatException($"{property} of {selector} is \"{css}\", not rgb(r, g, b)");
        return (Parse(match.Groups[1].Value), Parse(match.Groups[2].Value), Parse(match.Groups[3].Value));
    }

    /// <summary>Amber as a person reads it: strong red, medium green, little blue.</summary>
    public static bool IsAmber((int R, int G, int B) c) => c.R >= 200 && c.G is >= 120 and <= 210 && c.B <= 90;

    /// <summary>Green: strong green, less red and blue.</summary>
    public static bool IsGreen((int R, int G, int B) c) => c.G >= 150 && c.R <= 120 && c.B <= 120;

    /// <summary>Red: strong red, little green and blue.</summary>
    public static bool IsRed((int R, int G, int B) c) => c.R >= 200 && c.G <= 110 && c.B <= 110;

    public async Task<string> ScreenshotAsync(string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        _output.WriteLine("screenshot: " + path);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    private static int Parse(string s) => (int)Math.Round(double.Parse(s.Trim(), CultureInfo.InvariantCulture));
}
