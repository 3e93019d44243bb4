using System.Diagnostics.Metrics;
using DeepSeek.Edge.Agent.Metrics;
using DeepSeek.Edge.Inference.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.Metrics;

public sealed class PrometheusMetricsExporterTests : IDisposable
{
    private readonly Meter _meter = new($"DeepSeek.Edge.Tests.{Guid.NewGuid():N}");
    private readonly PrometheusMetricsExporter _exporter;

    public PrometheusMetricsExporterTests() =>
        _exporter = new PrometheusMetricsExporter(NullLogger<PrometheusMetricsExporter>.Instance, _meter.Name);

    public void Dispose()
    {
        _exporter.Dispose();
        _meter.Dispose();
    }

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);

    private string[] Lines() => _exporter.Render().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Render_NothingRecorded_IsEmpty()
    {
        Assert.Equal("", _exporter.Render());
    }

    [Fact]
    public void Render_Counter_WritesTotalPerLabelSet()
    {
        var frames = _meter.CreateCounter<long>("dsedge.frames", "{frame}", "Frames read");

        frames.Add(3, Tag("camera", "gate"));
        frames.Add(2, Tag("camera", "gate"));
        frames.Add(1, Tag("camera", "dock"));

        Assert.Equal(
            """
            # HELP dsedge_frames_total Frames read
            # TYPE dsedge_frames_total counter
            dsedge_frames_total{camera="dock"} 1
            dsedge_frames_total{camera="gate"} 5

            """.ReplaceLineEndings("\n"),
            _exporter.Render());
    }

    [Fact]
    public void Render_InstrumentsWithUnits_AddUnitSuffixes()
    {
        _meter.CreateUpDownCounter<long>("dsedge.outbox.size", "By").Add(4096);
        _meter.CreateCounter<long>("dsedge.upload", "By").Add(10);
        _meter.CreateCounter<double>("dsedge.busy", "s").Add(1.5);
        _meter.CreateCounter<long>("dsedge.restarts_total").Add(1);

        Assert.Equal(
            [
                "# TYPE dsedge_busy_seconds_total counter", "dsedge_busy_seconds_total 1.5",
                "# TYPE dsedge_outbox_size_bytes gauge", "dsedge_outbox_size_bytes 4096",
                "# TYPE dsedge_restarts_total counter", "dsedge_restarts_total 1",
                "# TYPE dsedge_upload_bytes_total counter", "dsedge_upload_bytes_total 10",
            ],
            Lines());
    }

    [Fact]
    public void Render_UpDownCounter_GoesDownAsGauge()
    {
        var queue = _meter.CreateUpDownCounter<int>("dsedge.queue.depth");

        queue.Add(5);
        queue.Add(-3);

        Assert.Equal(["# TYPE dsedge_queue_depth gauge", "dsedge_queue_depth 2"], Lines());
    }

    [Fact]
    public void Render_Gauge_LastValue()
    {
        var temperature = _meter.CreateGauge<double>("dsedge.temperature");

        temperature.Record(41.25, Tag("zone", "cpu"));
        temperature.Record(40.5, Tag("zone", "cpu"));

        Assert.Equal(["# TYPE dsedge_temperature gauge", "dsedge_temperature{zone=\"cpu\"} 40.5"], Lines());
    }

    [Fact]
    public void Render_TagsAndValues_EscapedSortedAndSanitized()
    {
        var loads = _meter.CreateCounter<long>("dsedge.model.loads");

        loads.Add(1, Tag("model.version", "1.2.0"), Tag("camera", "a\"b\\c\nd"), Tag("ok", true), Tag("none", null));

        Assert.Equal(
            """dsedge_model_loads_total{camera="a\"b\\c\nd",model_version="1.2.0",none="",ok="true"} 1""",
            Lines()[^1]);
    }

    [Fact]
    public void Render_HelpWithBackslashAndNewline_Escaped()
    {
        _meter.CreateCounter<long>("dsedge.odd", description: "path C:\\models\nsecond line").Add(1);

        Assert.Equal(@"# HELP dsedge_odd_total path C:\\models\nsecond line", Lines()[0]);
    }

    [Fact]
    public void Render_HistogramInMilliseconds_CumulativeBucketsSumAndCount()
    {
        var duration = _meter.CreateHistogram<double>("dsedge.inference.duration", "ms", "Run time");

        foreach (var ms in new[] { 0.25, 0.5, 3, 7, 1500 }) duration.Record(ms, Tag("model", "faces"));

        Assert.Equal(
            """
            # HELP dsedge_inference_duration_ms Run time
            # TYPE dsedge_inference_duration_ms histogram
            dsedge_inference_duration_ms_bucket{model="faces",le="0.5"} 2
            dsedge_inference_duration_ms_bucket{model="faces",le="1"} 2
            dsedge_inference_duration_ms_bucket{model="faces",le="2"} 2
            dsedge_inference_duration_ms_bucket{model="faces",le="5"} 3
            dsedge_inference_duration_ms_bucket{model="faces",le="10"} 4
            dsedge_inference_duration_ms_bucket{model="faces",le="20"} 4
            dsedge_inference_duration_ms_bucket{model="faces",le="50"} 4
            dsedge_inference_duration_ms_bucket{model="faces",le="100"} 4
            dsedge_inference_duration_ms_bucket{model="faces",le="200"} 4
            dsedge_inference_duration_ms_bucket{model="faces",le="500"} 4
            dsedge_inference_duration_ms_bucket{model="faces",le="1000"} 4
            dsedge_inference_duration_ms_bucket{model="faces",le="+Inf"} 5
            dsedge_inference_duration_ms_sum{model="faces"} 1510.75
            dsedge_inference_duration_ms_count{model="faces"} 5

            """.ReplaceLineEndings("\n"),
            _exporter.Render());
    }

    [Fact]
    public void Render_HistogramWithoutTags_BucketsHaveOnlyLe()
    {
        _meter.CreateHistogram<int>("dsedge.latency", "ms").Record(30);

        Assert.Contains("dsedge_latency_ms_bucket{le=\"50\"} 1", Lines());
        Assert.Contains("dsedge_latency_ms_bucket{le=\"20\"} 0", Lines());
        Assert.Contains("dsedge_latency_ms_sum 30", Lines());
    }

    [Fact]
    public void Render_HistogramWithAdvisedBuckets_UsesThem()
    {
        var sizes = _meter.CreateHistogram<long>("dsedge.chunk.size", "By", null, null,
            new InstrumentAdvice<long> { HistogramBucketBoundaries = [1024, 65536] });

        sizes.Record(2000);

        Assert.Equal(
            [
                "# TYPE dsedge_chunk_size_bytes histogram",
                "dsedge_chunk_size_bytes_bucket{le=\"1024\"} 0",
                "dsedge_chunk_size_bytes_bucket{le=\"65536\"} 1",
                "dsedge_chunk_size_bytes_bucket{le=\"+Inf\"} 1",
                "dsedge_chunk_size_bytes_sum 2000",
                "dsedge_chunk_size_bytes_count 1",
            ],
            Lines());
    }

    [Fact]
    public void Render_ObservableGauge_ReadsCurrentValuesEachTime()
    {
        var readings = new List<Measurement<double>> { new(45.5, Tag("zone", "cpu")), new(43, Tag("zone", "gpu")) };
        _meter.CreateObservableGauge("dsedge.device.temperature", () => readings.ToArray(), "Cel");

        Assert.Equal(["# TYPE dsedge_device_temperature gauge", "dsedge_device_temperature{zone=\"cpu\"} 45.5", "dsedge_device_temperature{zone=\"gpu\"} 43"], Lines());

        readings = [new(47, Tag("zone", "cpu"))];
        Assert.Equal(["# TYPE dsedge_device_temperature gauge", "dsedge_device_temperature{zone=\"cpu\"} 47"], Lines());
    }

    [Fact]
    public void Render_ObservableCounter_TotalTypedCounter()
    {
        long total = 40;
        _meter.CreateObservableCounter("dsedge.gc.collections", () => total);

        total = 42;

        Assert.Equal(["# TYPE dsedge_gc_collections_total counter", "dsedge_gc_collections_total 42"], Lines());
    }

    [Fact]
    public void Render_ObservableCallbackThrows_OtherFamiliesStillRendered()
    {
        _meter.CreateObservableGauge<double>("dsedge.broken", double () => throw new InvalidOperationException("sensor gone"));
        _meter.CreateCounter<long>("dsedge.fine").Add(7);

        Assert.Contains("dsedge_fine_total 7", Lines());
    }

    [Fact]
    public void Render_InstrumentOfAnotherMeter_NotExported()
    {
        using var other = new Meter($"Other.{Guid.NewGuid():N}");
        other.CreateCounter<long>("dsedge.elsewhere").Add(1);
        _meter.CreateCounter<long>("dsedge.here").Add(1);

        Assert.Equal(["# TYPE dsedge_here_total counter", "dsedge_here_total 1"], Lines());
    }

    [Fact]
    public void Render_TwoInstrumentsWithOneName_ExportsTheFirstOnly()
    {
        _meter.CreateCounter<long>("dsedge.a.b").Add(1);
        _meter.CreateCounter<long>("dsedge.a_b").Add(5);

        Assert.Equal(["# TYPE dsedge_a_b_total counter", "dsedge_a_b_total 1"], Lines());
    }

    [Fact]
    public void Render_ConcurrentRecording_CountsEveryMeasurement()
    {
        var counter = _meter.CreateCounter<long>("dsedge.parallel");
        var histogram = _meter.CreateHistogram<double>("dsedge.parallel.duration", "ms");

        Parallel.For(0, 8, worker =>
        {
            for (var i = 0; i < 5000; i++)
            {
                counter.Add(1, Tag("worker", worker % 2));
                histogram.Record(i % 3);
                if (i % 1000 == 0) _exporter.Render();
            }
        });

        var lines = Lines();
        Assert.Contains("dsedge_parallel_total{worker=\"0\"} 20000", lines);
        Assert.Contains("dsedge_parallel_total{worker=\"1\"} 20000", lines);
        Assert.Contains("dsedge_parallel_duration_ms_count 40000", lines);
    }

    [Fact]
    public void Render_DefaultMeter_ExportsEdgeMeterInstruments()
    {
        using var exporter = new PrometheusMetricsExporter(NullLogger<PrometheusMetricsExporter>.Instance);
        var name = $"dsedge.test.{Guid.NewGuid():N}";
        EdgeMeter.Instance.CreateCounter<long>(name).Add(3);

        Assert.Contains($"{name.Replace('.', '_')}_total 3", exporter.Render().Split('\n'));
    }

    [Fact]
    public void Render_MeterDisposed_ItsInstrumentsDisappear()
    {
        _meter.CreateCounter<long>("dsedge.gone").Add(1);

        _meter.Dispose();

        Assert.Equal("", _exporter.Render());
    }
}
