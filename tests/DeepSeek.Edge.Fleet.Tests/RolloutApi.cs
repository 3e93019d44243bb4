using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Fleet.Tests;

/// <summary>The rollout tests' calls on a console (in-process or a real process): devices showing up, starting a rollout, waiting on its report.</summary>
internal static class RolloutApi
{
    /// <summary>Until <paramref name="count"/> devices of the lobby group are online on the model's 1.0.0.</summary>
    public static async Task WaitForDevicesAsync(IFleetApi console, int count)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Wait;
        while ((await console.GetJsonAsync($"/api/devices?status=online&group=lobby&model={SignedModels.Model}@1.0.0")).GetProperty("total").GetInt64() < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{count} devices did not show up");
            await Task.Delay(100);
        }
    }

    public static async Task<long> StartRolloutAsync(IFleetApi console, object request)
    {
        using var response = await console.Http.PostAsJsonAsync("/api/rollouts", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
    }

    /// <summary>Polls <c>GET /api/rollouts/{id}</c> until <paramref name="condition"/> holds (90 s unless <paramref name="within"/>).</summary>
    public static async Task<JsonElement> UntilAsync(IFleetApi console, long id, Func<JsonElement, bool> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var rollout = await console.GetJsonAsync($"/api/rollouts/{id}");
            if (condition(rollout)) return rollout;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited for {what}: {rollout}");
            await Task.Delay(200);
        }
    }
}
