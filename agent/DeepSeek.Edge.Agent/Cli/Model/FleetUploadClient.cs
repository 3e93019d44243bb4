using System.Net.Http.Headers;
using System.Text.Json;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Models.Store;

namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>What the console's registry answered for an upload: the registered version and its package SHA-256.</summary>
internal sealed record FleetUploadResult(string Name, string Version, string Sha256, long Size);

/// <summary>
/// <c>ds-edge model publish --fleet URL --token-file FILE PACKAGE</c>: uploads a signed package to the fleet console's registry
/// (<c>POST /api/models</c>, multipart field <c>package</c>, an operator's API token), which verifies it as the devices will.
/// The package is checked here first (a zip with a manifest and its signature) so a broken zip fails before it is sent. A refusal by the
/// console throws <see cref="InvalidOperationException"/> with the console's reason.
/// </summary>
internal sealed class FleetUploadClient(HttpMessageHandler? handler = null)
{
    public async Task<FleetUploadResult> UploadAsync(Uri fleet, string tokenFile, string packagePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        if (fleet.Scheme is not ("http" or "https")) throw new ArgumentException($"--fleet \"{fleet}\" is not an http(s) URL of the console (e.g. https://fleet.example:8090)");
        if (!File.Exists(tokenFile)) throw new FileNotFoundException($"--token-file {tokenFile} does not exist; create a token with ds-fleet token create and save it there", tokenFile);
        var token = (await File.ReadAllTextAsync(tokenFile, cancellationToken).ConfigureAwait(false)).Trim();
        if (token.Length == 0 || token.Any(char.IsWhiteSpace)) throw new ArgumentException($"--token-file {tokenFile} does not hold one API token (dsf_…)");
        if (!File.Exists(packagePath)) throw new FileNotFoundException($"package {packagePath} does not exist", packagePath);
        using (var zip = System.IO.Compression.ZipFile.OpenRead(packagePath))
            if (zip.GetEntry(ModelBundle.ManifestFileName) is null || zip.GetEntry(ManifestSignature.FileName) is null)
                throw new ArgumentException($"{packagePath} is not a signed package (no {ModelBundle.ManifestFileName} and {ManifestSignature.FileName}); pack it with ds-edge model pack --key");

        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = TimeSpan.FromMinutes(10);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await using var file = File.OpenRead(packagePath);
        using var form = new MultipartFormDataContent();
        var content = new StreamContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(content, "package", Path.GetFileName(packagePath));
        using var response = await http.PostAsync(new Uri(fleet, "/api/models"), form, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonElement json;
        try
        {
            json = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"{fleet} answered {(int)response.StatusCode} without JSON: is --fleet the console's address?");
        }

        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"the console refused the package ({(int)response.StatusCode}): " +
                (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("error", out var error) ? error.GetString() : body));
        return new FleetUploadResult(json.GetProperty("name").GetString()!, json.GetProperty("version").GetString()!, json.GetProperty("sha256").GetString()!,
            json.GetProperty("size").GetInt64());
    }
}
