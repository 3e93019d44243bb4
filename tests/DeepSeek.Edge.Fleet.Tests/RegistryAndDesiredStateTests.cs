using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using DeepSeek.Edge.Models.Packaging;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Testing;
using MQTTnet;
using MQTTnet.Formatter;

namespace DeepSeek.Edge.Fleet.Tests;

/// <summary>The registry verifies uploads as a device does; desired state is versioned, audited (hash chain), published and republished.</summary>
[Collection(StorageEngines.Name)]
public sealed class RegistryAndDesiredStateTests(PostgresServer postgres)
{
    [Fact]
    public async Task Upload_SignedByATrustedKey_IsRegisteredServedWithRangeAndPublishedAsDesiredState_OthersAreRefused()
    {
        using var keys = new TempDirectory("dsfleet-keys");
        using var trusted = SigningKey.Generate();
        using var stranger = SigningKey.Generate();
        File.WriteAllText(keys.File("public.pem"), trusted.ExportPublicKeyPem());
        var good = keys.File("good.zip");
        var foreign = keys.File("foreign.zip");
        ModelPackager.Pack(Path.Combine(TestAssets.BlazeFaceFront, "manifest.json"), good, trusted);
        ModelPackager.Pack(Path.Combine(TestAssets.BlazeFaceFront, "manifest.json"), foreign, stranger);
        using var broker = MosquittoBroker.Start();
        await using var console = await FleetConsole.StartAsync(broker, [keys.File("public.pem")]);

        using (var refused = await UploadAsync(console, foreign))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("package refused", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var created = await UploadAsync(console, good);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var model = await created.Content.ReadFromJsonAsync<JsonElement>();
        var sha = model.GetProperty("sha256").GetString()!;
        Assert.Equal(trusted.KeyId, model.GetProperty("signer_key_id").GetString());
        Assert.Equal(new FileInfo(good).Length, model.GetProperty("size").GetInt64());

        using var range = new HttpRequestMessage(HttpMethod.Get, $"/packages/{sha}.zip");
        range.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(100, 199);
        using var partial = await console.Http.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(File.ReadAllBytes(good)[100..200], await partial.Content.ReadAsByteArrayAsync());

        var name = model.GetProperty("name").GetString()!;
        var version = model.GetProperty("version").GetString()!;
        using var set = await console.Http.PutAsJsonAsync("/api/desired/group/lobby", new { models = new[] { new { name, version } } });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var retained = await RetainedAsync(broker, "dsedge/groups/lobby/state/desired");
        var document = DesiredStateDocument.Parse(retained);
        Assert.Equal("1", document.Version);
        Assert.Equal(sha, document.Models.Single().Sha256);
        Assert.NotEmpty(await RetainedAsync(broker, $"dsedge/models/{name}/{version}/manifest"));

        using var unknown = await console.Http.PutAsJsonAsync("/api/desired/group/lobby", new { models = new[] { new { name, version = "9.9.9" } } });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory, MemberData(nameof(StorageEngines.Both), MemberType = typeof(StorageEngines))]
    public async Task AuditChain_Verifies_AndATamperedRowIsFound(string engine)
    {
        using var broker = MosquittoBroker.Start();
        await using var console = await FleetConsole.StartAsync(broker, database: StorageEngines.Database(engine, postgres));
        for (var i = 0; i < 3; i++)
        {
            using var set = await console.Http.PutAsJsonAsync($"/api/desired/device/dev-{i}", new { models = Array.Empty<object>() });
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        Assert.True((await console.GetJsonAsync("/api/audit/verify")).GetProperty("ok").GetBoolean());
        using (var db = console.Database.Open()) db.Execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 2");
        var verdict = await console.GetJsonAsync("/api/audit/verify");
        Assert.False(verdict.GetProperty("ok").GetBoolean());
        Assert.Equal(2, verdict.GetProperty("first_bad_id").GetInt64());
    }

    [Fact]
    public async Task DesiredState_LostByABrokerRestartWithoutPersistence_IsRepublished()
    {
        using var broker = MosquittoBroker.Start();
        await using var console = await FleetConsole.StartAsync(broker);
        using var set = await console.Http.PutAsJsonAsync("/api/desired/device/dev-1", new { models = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var before = await RetainedAsync(broker, "dsedge/devices/dev-1/state/desired");
        broker.Stop();
        broker.StartAgain();
        var deadline = DateTime.UtcNow + TestTimeouts.Wait;
        byte[] after = [];
        while (after.Length == 0 && DateTime.UtcNow < deadline) after = await RetainedAsync(broker, "dsedge/devices/dev-1/state/desired", TimeSpan.FromSeconds(1));
        Assert.Equal(before, after);
        // Counted once the reconcile pass that published it returns, which may be just after the retained copy arrived here.
        await TestTimeouts.UntilAsync(() => console.Service<Metrics.FleetCounters>().Get("ds_fleet_desired_republished_total") >= 1, "the republish counted");
    }

    private static async Task<HttpResponseMessage> UploadAsync(FleetConsole console, string package)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(File.ReadAllBytes(package));
        form.Add(content, "package", Path.GetFileName(package));
        return await console.Http.PostAsync("/api/models", form);
    }

    /// <summary>The retained payload on a topic (empty when none arrives within the wait).</summary>
    private static async Task<byte[]> RetainedAsync(MosquittoBroker broker, string topic, TimeSpan? wait = null)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var got = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += e =>
        {
            got.TrySetResult(System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload));
            return Task.CompletedTask;
        };
        try
        {
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithProtocolVersion(MqttProtocolVersion.V500).WithTcpServer("127.0.0.1", broker.Port).Build());
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException)
        {
            return [];
        }

        await client.SubscribeAsync(topic);
        try
        {
            return await got.Task.WaitAsync(wait ?? TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            return [];
        }
        finally
        {
            await client.DisconnectAsync();
        }
    }
}
