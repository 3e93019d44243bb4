using System.Diagnostics.Metrics;
using DeepSeek.Edge.Inference.Telemetry;

namespace DeepSeek.Edge.Agent.Ota;

internal static class OtaMetrics
{
    public static readonly Counter<long> ChunkBytes =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.ota.chunk.bytes", "By", "Model package bytes received over MQTT and stored");

    public static readonly Counter<long> Updates =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.ota.updates", "{update}", "Model updates finished, tagged result active, failed or rolled_back");

    public static readonly Counter<long> Retries =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.ota.retries", "{retry}", "Model updates postponed after a passing failure (stall, broker away, disk full) to be tried again");

    public static readonly Counter<long> DesiredStateRejected =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.ota.desired_state.rejected", "{document}", "Desired-state documents ignored because they are malformed (bad JSON, a name or version outside the safe-name rule)");

    public static readonly Counter<long> DowngradesRefused =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.ota.downgrades.refused", "{update}", "Desired versions older than the running one, refused without allow_downgrade");

    public static readonly Counter<long> SourcesRefused =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.ota.sources.refused", "{update}", "Desired http(s) package sources outside Ota:AllowedSources, refused before any request");

    public static readonly Counter<long> TransfersCutOff =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.ota.transfers.cut_off", "{transfer}", "Package transfers stopped because the source sent more bytes than the package's size");
}
