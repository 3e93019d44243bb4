using System.Text;
using Dapper;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Fleet.Tests;

/// <summary>Ingest through a real mosquitto into the console's database (SQLite and PostgreSQL): stored once, bad messages kept as dead letters, ingest goes on.</summary>
[Collection(StorageEngines.Name)]
public sealed class IngestTests(PostgresServer postgres)
{
    [Theory, MemberData(nameof(StorageEngines.Both), MemberType = typeof(StorageEngines))]
    public async Task Telemetry_RedeliveredSequenceNumbers_AreStoredOnceAndEverySequenceIsAccountedFor(string engine)
    {
        using var broker = MosquittoBroker.Start();
        await using var console = await FleetConsole.StartAsync(broker, database: StorageEngines.Database(engine, postgres));
        await using var device = await DeviceMessages.ConnectAsync(broker, "cam-box-1");
        await device.OnlineAsync("lobby");
        for (var seq = 1; seq <= 50; seq++) await device.TelemetryAsync("e1", seq);
        for (var seq = 41; seq <= 50; seq++) await device.TelemetryAsync("e1", seq); // a redelivery after a reconnect
        for (var seq = 1; seq <= 5; seq++) await device.TelemetryAsync("e2", seq);   // a restart: a new epoch counts from 1 again

        await TestTimeouts.UntilAsync(() => Count(console, "SELECT count(*) FROM telemetry_samples") == 55 && Count(console, "SELECT count(*) FROM devices WHERE groups_json LIKE '%lobby%'") == 1,
            "55 samples and the device's group stored");
        await TestTimeouts.UntilAsync(() => console.Service<Metrics.FleetCounters>().Get("ds_fleet_ingest_messages_total", "outcome=\"duplicate\"") == 10, "10 duplicates counted");
        Assert.Equal(55, Count(console, "SELECT count(*) FROM camera_samples"));
        Assert.Equal(50, Count(console, "SELECT count(DISTINCT seq) FROM telemetry_samples WHERE epoch = 'e1'"));

        var page = await console.GetJsonAsync("/api/devices?status=online&group=lobby");
        Assert.Equal(1, page.GetProperty("total").GetInt64());
        var row = page.GetProperty("items")[0];
        Assert.Equal("cam-box-1", row.GetProperty("id").GetString());
        Assert.Equal(25, row.GetProperty("fps").GetDouble());
    }

    [Fact]
    public async Task OnTheEmbeddedBroker_WhichHasNoSharedSubscriptions_TelemetryEventsAndCapturesAreStoredToo()
    {
        // The single-box default ("Broker": "embedded"), and an agent's embedded broker: MQTTnet's server has no $share.
        await using var console = await FleetConsole.StartAsync(broker: null);
        await using var device = await DeviceMessages.ConnectAsync(console.Options.EmbeddedBrokerPort, "box-1");
        await device.OnlineAsync("lobby");
        for (var seq = 1; seq <= 5; seq++) await device.TelemetryAsync("e1", seq);
        await device.CaptureAsync(DeviceMessages.Capture("box-1", 6, File.ReadAllBytes(TestAssets.Media("messi5.jpg")), [548, 342], [548, 342], "1.0.0", []));

        await TestTimeouts.UntilAsync(() => Count(console, "SELECT count(*) FROM telemetry_samples") == 5 && Count(console, "SELECT count(*) FROM captures") == 1,
            "5 samples and a capture stored");
        Assert.Equal(25, (await console.GetJsonAsync("/api/devices/box-1")).GetProperty("device").GetProperty("fps").GetDouble());
    }

    [Theory, MemberData(nameof(StorageEngines.Both), MemberType = typeof(StorageEngines))]
    public async Task BadPayloads_BecomeDeadLettersWithTheReason_AndIngestGoesOn(string engine)
    {
        using var broker = MosquittoBroker.Start();
        await using var console = await FleetConsole.StartAsync(broker, database: StorageEngines.Database(engine, postgres));
        await using var device = await DeviceMessages.ConnectAsync(broker, "edge-7");
        await device.PublishAsync(device.Topics.Telemetry, Encoding.UTF8.GetBytes("{not json"));
        await device.PublishAsync(device.Topics.Telemetry, Encoding.UTF8.GetBytes("""{"schema":"deepseek-edge/event/v1","device":"edge-7"}"""));
        await device.PublishAsync(device.Topics.Events, Encoding.UTF8.GetBytes("""{"schema":"deepseek-edge/event/v1","device":"edge-7","epoch":"e","seq":"one"}"""));
        await using (var impostor = await DeviceMessages.ConnectAsync(broker, "edge-8"))
            await impostor.PublishAsync(impostor.Topics.Telemetry, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(TelemetryOf("edge-7"))));
        await device.PublishAsync("dsedge/devices/bad id!/telemetry", Encoding.UTF8.GetBytes("{}"));
        await device.TelemetryAsync("e1", 1);

        await TestTimeouts.UntilAsync(() => Count(console, "SELECT count(*) FROM telemetry_samples WHERE device = 'edge-7'") == 1, "the good sample after the bad ones");
        await TestTimeouts.UntilAsync(() => Count(console, "SELECT count(*) FROM dead_letters") == 5, "5 dead letters");
        using var db = console.Database.Open();
        var reasons = db.Query<(string Topic, string Reason)>("SELECT topic, reason FROM dead_letters ORDER BY id").ToList();
        string ReasonOn(string topic, string part) => Assert.Single(reasons, r => r.Topic == topic && r.Reason.Contains(part, StringComparison.Ordinal)).Reason;
        ReasonOn("dsedge/devices/edge-7/telemetry", "telemetry: no \"schema\"");
        ReasonOn("dsedge/devices/edge-7/telemetry", "schema is \"deepseek-edge/event/v1\"; this reader takes \"deepseek-edge/telemetry/v1\"");
        ReasonOn("dsedge/devices/edge-7/events", "not a valid document");
        ReasonOn("dsedge/devices/edge-8/telemetry", "the payload says device \"edge-7\" but it came on device \"edge-8\"'s topic");
        ReasonOn("dsedge/devices/bad id!/telemetry", "valid device id");
        Assert.Equal(0, Count(console, "SELECT count(*) FROM devices WHERE id LIKE 'bad%'"));
        var letters = await console.GetJsonAsync("/api/dead-letters");
        Assert.Equal(5, letters.GetArrayLength());
        var metrics = await console.Http.GetStringAsync("/metrics");
        Assert.Contains("ds_fleet_dead_letters 5", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgres_AMessageTheDatabaseRefuses_BecomesADeadLetter_AndTheRestIsStored()
    {
        using var broker = MosquittoBroker.Start();
        await using var console = await FleetConsole.StartAsync(broker, database: postgres.CreateDatabase());
        await using var device = await DeviceMessages.ConnectAsync(broker, "edge-9");
        // Valid JSON and a valid document, but PostgreSQL text cannot hold U+0000.
        var poisoned = Encoding.UTF8.GetString(TelemetryOf("edge-9")).Replace("\"status\":\"ok\"", "\"status\":\"o\\u0000k\"", StringComparison.Ordinal);
        Assert.Contains("\\u0000", poisoned, StringComparison.Ordinal);
        await device.PublishAsync(device.Topics.Telemetry, Encoding.UTF8.GetBytes(poisoned));
        for (var seq = 1; seq <= 5; seq++) await device.TelemetryAsync("e1", seq);

        await TestTimeouts.UntilAsync(() => Count(console, "SELECT count(*) FROM telemetry_samples WHERE device = 'edge-9' AND epoch = 'e1'") == 5, "the good samples");
        await TestTimeouts.UntilAsync(() => Count(console, "SELECT count(*) FROM dead_letters WHERE topic = 'dsedge/devices/edge-9/telemetry'") == 1, "the refused one kept");
        Assert.Equal(0, Count(console, "SELECT count(*) FROM telemetry_samples WHERE epoch = 'e9'"));
    }

    [Fact]
    public async Task Api_WithoutAToken_IsRefused()
    {
        using var broker = MosquittoBroker.Start();
        await using var console = await FleetConsole.StartAsync(broker);
        using var anonymous = new HttpClient { BaseAddress = console.Http.BaseAddress };
        using var response = await anonymous.GetAsync("/api/devices");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        using var bad = new HttpRequestMessage(HttpMethod.Get, "/api/devices");
        bad.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "dsf_guess");
        using var refused = await anonymous.SendAsync(bad);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private static byte[] TelemetryOf(string device) => DeepSeek.Edge.Protocol.Json.ProtocolJson.Write(new DeepSeek.Edge.Protocol.Documents.TelemetryDocument(
        device, "e9", 1, DateTimeOffset.UtcNow, new DeepSeek.Edge.Protocol.Documents.AgentSummary("1.0.0", "ok", DateTimeOffset.UtcNow, 1, true), []));

    private static long Count(FleetConsole console, string sql)
    {
        using var db = console.Database.Open();
        return db.ExecuteScalar<long>(sql);
    }
}
