using DeepSeek.Edge.Pipelines.Sources;

namespace DeepSeek.Edge.Agent.Configuration;

/// <summary>One camera: where frames come from, which model runs on them and what is reported.</summary>
public sealed class CameraOptions
{
    /// <summary>Name used in topics, metrics and URLs (letters, digits, '-', '_').</summary>
    public string Name { get; set; } = "";

    /// <summary>Source URI: <c>file:</c>, <c>v4l2:</c>, <c>csi://</c>, <c>rtsp://</c>, <c>rtmp://</c>, <c>http(s)://</c>, <c>gst:</c> or <c>test:</c>.</summary>
    public string Source { get; set; } = "";

    /// <summary>What decodes the source: <c>auto</c> (default), <c>opencv</c>, <c>ffmpeg</c> or <c>gstreamer</c> (a supervised child process).</summary>
    public DecoderBackend Decoder { get; set; } = DecoderBackend.Auto;

    /// <summary>RTSP through ffmpeg: <c>tcp</c> (default), <c>udp</c>, <c>udp_multicast</c> or <c>http</c>.</summary>
    public string RtspTransport { get; set; } = "tcp";

    /// <summary>Frame size the decoder scales to (ffmpeg, gst-launch-1.0); 0 keeps the stream's (gst: 640x480).</summary>
    public int Width { get; set; }

    public int Height { get; set; }

    /// <summary>Model directory or package; relative paths are resolved against the config file's directory.</summary>
    public string Model { get; set; } = "";

    /// <summary>Execution provider chain, e.g. <c>cpu</c>: the older spelling of <c>Inference:Providers</c>, still read; set one of the two.</summary>
    public string? Providers { get; set; }

    /// <summary>This camera's inference settings over <c>Agent:Inference</c> (provider chain, policy, threads, TensorRT, CUDA).</summary>
    public InferenceSettings Inference { get; set; } = new();

    public bool Enabled { get; set; } = true;

    /// <summary>Run inference on every Nth frame (1 = every frame).</summary>
    public int EveryNthFrame { get; set; } = 1;

    /// <summary>Infer only the frames a GPIO trigger asks for (<c>Gpio:Inputs</c> naming this camera); the others are skipped.</summary>
    public bool InferOnTriggerOnly { get; set; }

    /// <summary>Overrides of the model's thresholds; null keeps the manifest's.</summary>
    public float? ScoreThreshold { get; set; }

    public float? IouThreshold { get; set; }

    /// <summary>Replay a file source from the start when it ends (demo and soak use).</summary>
    public bool Loop { get; set; }

    /// <summary>Pace a file source at its own frame rate, like a live camera.</summary>
    public bool RealTime { get; set; }

    /// <summary>Network sources: how long to wait for a connection.</summary>
    public TimeSpan OpenTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Live sources: a read that waits this long without a frame marks the source stalled, and it is reopened.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest pause between attempts to reopen a live source (the first is 0.5 s, doubling).</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    public EventOptions Events { get; set; } = new();

    /// <summary>Frames sent back for retraining (off by default; the <c>capture</c> command works regardless).</summary>
    public CaptureOptions Capture { get; set; } = new();
}
