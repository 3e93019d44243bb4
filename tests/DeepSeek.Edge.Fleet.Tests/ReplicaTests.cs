using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using DeepSeek.Edge.Fleet.Hosting;
using DeepSeek.Edge.Fleet.Metrics;
using DeepSeek.Edge.Fleet.Simulation;
using DeepSeek.Edge.Testing;
using static DeepSeek.Edge.Fleet.Tests.RolloutApi;

namespace DeepSeek.Edge.Fleet.Tests;

/// <summary>Two console replicas on one PostgreSQL and one broker: they split telemetry, one leads, and the other takes over when it dies.</summary>
[Collection(StorageEngines.Name)]
public sealed class ReplicaTests(PostgresServer postgres)
{
    private const string Stored = "outcome=\"stored\"";
    private const string Duplicate = "outcome=\"duplicate\"";

    [Fact]
    public async Task TwoReplicas_SplitTheTelemetryWithNoLossOrDuplicate_AndWhenTheLeaderDiesTheOtherFinishesTheRollout()
    {
        using var broker = MosquittoBroker.Start();
        using var models = new SignedModels();
        using var data = new TempDirectory("dsfleet-shared"); // the package store both replicas see (shared storage in production)
        var database = postgres.CreateDatabase();
        var replicas = new List<FleetConsole>
        {
            await FleetConsole.StartAsync(broker, [models.PublicKey], data, database),
            await FleetConsole.StartAsync(broker, [models.PublicKey], data, database),
        };
        var devices = new List<SimulatedDevice>();
        try
        {
            // 20 devices x 50 samples through the shared subscription: every sample stored once, by one replica or the other.
            var senders = new List<DeviceMessages>();
            for (var i = 0; i < 20; i++) senders.Add(await DeviceMessages.ConnectAsync(broker, $"load-{i:00}"));
            for (var seq = 1; seq <= 50; seq++)
            {
                foreach (var sender in senders) await sender.TelemetryAsync("e1", seq);
            }

            await TestTimeouts.UntilAsync(() => Count(replicas[0], "SELECT count(*) FROM telemetry_samples WHERE device LIKE 'load-%'") == 1000, "1000 samples stored");
            await TestTimeouts.UntilAsync(() => replicas.Sum(r => r.Service<FleetCounters>().Get("ds_fleet_ingest_messages_total", Stored)) >= 1000, "both replicas counted");
            foreach (var sender in senders) await sender.DisposeAsync();
            Assert.All(replicas, r => Assert.True(r.Service<FleetCounters>().Get("ds_fleet_ingest_messages_total", Stored) > 0, "each replica stored a share"));
            Assert.Equal(1000, replicas.Sum(r => r.Service<FleetCounters>().Get("ds_fleet_ingest_messages_total", Stored)));
            Assert.Equal(0, replicas.Sum(r => r.Service<FleetCounters>().Get("ds_fleet_ingest_messages_total", Duplicate)));
            Assert.Equal(1000, Count(replicas[0], "SELECT count(*) FROM (SELECT DISTINCT device, seq FROM telemetry_samples WHERE device LIKE 'load-%' AND seq BETWEEN 1 AND 50) s"));

            await models.RegisterAsync(replicas[0]);
            for (var i = 0; i < 10; i++)
            {
                var device = new SimulatedDevice("dsedge", $"sim-{i:00}", "lobby", SignedModels.Model, "1.0.0", null);
                await device.StartAsync("127.0.0.1", broker.Port, TimeSpan.FromMilliseconds(500), CancellationToken.None);
                devices.Add(device);
            }

            await TestTimeouts.UntilAsync(() => Count(replicas[1], $"SELECT count(*) FROM device_cameras WHERE model = '{SignedModels.Model}@1.0.0'") == 10, "10 devices on 1.0.0");
            await TestTimeouts.UntilAsync(() => replicas.Count(r => r.Service<Leadership>().IsLeader) == 1, "one replica leads");
            var leader = replicas.Single(r => r.Service<Leadership>().IsLeader);
            var survivor = replicas.Single(r => r != leader);
            using var created = await leader.Http.PostAsJsonAsync("/api/rollouts",
                new { model = SignedModels.Model, version = "2.0.0", group = "lobby", waves = new object[] { 1, "50%", "100%" }, soak_s = 1, apply_timeout_s = 60 });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            await UntilAsync(survivor, id, r => r.GetProperty("rollout").GetProperty("wave").GetInt64() >= 1, "wave 1 done by the leader");
            Assert.False(survivor.Service<Leadership>().IsLeader);

            replicas.Remove(leader);
            await leader.DisposeAsync(); // its lock connection closes with it

            var done = await UntilAsync(survivor, id, r => r.GetProperty("rollout").GetProperty("state").GetString() == "completed", "the other replica completed it");
            Assert.True(survivor.Service<Leadership>().IsLeader);
            Assert.All(devices, d => Assert.Equal("2.0.0", d.Version));
            Assert.All(done.GetProperty("devices").EnumerateArray(), d => Assert.Equal("healthy", d.GetProperty("state").GetString()));
            Assert.Equal(1, survivor.Service<FleetCounters>().Get("ds_fleet_leadership_changes_total", "change=\"gained\""));

            // The broker now gives the shared subscription's whole share to the survivor: nothing waits for the gone replica.
            var late = new List<DeviceMessages>();
            for (var i = 0; i < 20; i++) late.Add(await DeviceMessages.ConnectAsync(broker, $"load-{i:00}"));
            for (var seq = 1; seq <= 10; seq++)
            {
                foreach (var sender in late) await sender.TelemetryAsync("e2", seq);
            }

            await TestTimeouts.UntilAsync(() => Count(survivor, "SELECT count(*) FROM telemetry_samples WHERE device LIKE 'load-%' AND epoch = 'e2'") == 200, "200 samples after the leader went");
            foreach (var sender in late) await sender.DisposeAsync();
        }
        finally
        {
            foreach (var d in devices) await d.DisposeAsync();
            foreach (var r in replicas) await r.DisposeAsync();
        }
    }

    [Fact]
    public async Task TheLeadingReplicaProcessKilledWithSigkill_TheOtherTakesTheLockAndCompletesTheRollout()
    {
        using var broker = MosquittoBroker.Start();
        using var models = new SignedModels();
        using var data = new TempDirectory("dsfleet-shared");
        var database = postgres.CreateDatabase();
        var replicas = new List<FleetProcess>
        {
            await FleetProcess.StartAsync(broker, models.PublicKey, data, database, "replica-a.json"),
            await FleetProcess.StartAsync(broker, models.PublicKey, data, database, "replica-b.json"),
        };
        var devices = new List<SimulatedDevice>();
        try
        {
            await models.RegisterAsync(replicas[0]);
            for (var i = 0; i < 6; i++)
            {
                var device = new SimulatedDevice("dsedge", $"sim-{i:00}", "lobby", SignedModels.Model, "1.0.0", null);
                await device.StartAsync("127.0.0.1", broker.Port, TimeSpan.FromMilliseconds(500), CancellationToken.None);
                devices.Add(device);
            }

            await WaitForDevicesAsync(replicas[1], 6);
            var leader = await LeaderAsync(replicas);
            var survivor = replicas.Single(r => r != leader);
            var id = await StartRolloutAsync(survivor, new { model = SignedModels.Model, version = "2.0.0", group = "lobby", waves = new object[] { 1, "50%", "100%" }, soak_s = 1, apply_timeout_s = 60 });
            await UntilAsync(survivor, id, r => r.GetProperty("rollout").GetProperty("wave").GetInt64() >= 1, "wave 1 done by the leader");

            // SIGKILL: no shutdown, no unlock; PostgreSQL frees the advisory lock when the dead process's connection drops.
            Assert.Equal(137, leader.Kill());
            var done = await UntilAsync(survivor, id, r => r.GetProperty("rollout").GetProperty("state").GetString() == "completed", "the other replica completed it");

            Assert.Contains("ds_fleet_leader 1", await survivor.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
            Assert.Contains("ds_fleet_leadership_changes_total{change=\"gained\"} 1", await survivor.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
            Assert.All(devices, d => Assert.Equal("2.0.0", d.Version));
            Assert.All(done.GetProperty("devices").EnumerateArray(), d => Assert.Equal("healthy", d.GetProperty("state").GetString()));
        }
        finally
        {
            foreach (var d in devices) await d.DisposeAsync();
            foreach (var r in replicas) r.Dispose();
        }
    }

    /// <summary>The one replica whose <c>/metrics</c> says it leads, once exactly one does.</summary>
    private static async Task<FleetProcess> LeaderAsync(IReadOnlyList<FleetProcess> replicas)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Wait;
        while (true)
        {
            var leading = new List<FleetProcess>();
            foreach (var r in replicas)
            {
                if ((await r.Http.GetStringAsync("/metrics")).Contains("ds_fleet_leader 1", StringComparison.Ordinal)) leading.Add(r);
            }

            if (leading.Count == 1) return leading[0];
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{leading.Count} replicas lead");
            await Task.Delay(200);
        }
    }

    private static long Count(FleetConsole console, string sql)
    {
        using var db = console.Database.Open();
        return db.ExecuteScalar<long>(sql);
    }
}
