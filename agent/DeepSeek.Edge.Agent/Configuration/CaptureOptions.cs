using System.Globalization;

namespace DeepSeek.Edge.Agent.Configuration;

/// <summary>
/// Which frames a camera sends back for retraining (<c>Agent:Cameras:N:Capture</c>): frames with a detection whose score lies
/// in the uncertainty band [<see cref="BandMin"/>, <see cref="BandMax"/>], of a label of interest, at most one per
/// <see cref="MinIntervalMs"/>, within the hourly and daily caps and the daily byte budget. The <c>capture</c> command takes
/// frames whatever these say (encoded the same way), even while capture is disabled.
/// </summary>
public sealed class CaptureOptions
{
    public bool Enabled { get; set; }

    /// <summary>Lowest score of the uncertainty band. Detections under the camera's score threshold are not produced, so keep this at or above it.</summary>
    public float BandMin { get; set; } = 0.35f;

    /// <summary>Highest score of the uncertainty band (included).</summary>
    public float BandMax { get; set; } = 0.6f;

    /// <summary>Only detections of these labels make a frame uncertain; empty means every label.</summary>
    public List<string> Labels { get; set; } = [];

    /// <summary>At least this long between two captures of the camera.</summary>
    public int MinIntervalMs { get; set; } = 10_000;

    /// <summary>At most this many captures in any hour (rolling); 0 takes none.</summary>
    public int MaxPerHour { get; set; } = 60;

    /// <summary>At most this many captures in any 24 hours (rolling).</summary>
    public int MaxPerDay { get; set; } = 500;

    /// <summary>At most this many bytes of captures in any 24 hours (rolling).</summary>
    public long MaxBytesPerDay { get; set; } = 64L * 1024 * 1024;

    /// <summary>JPEG quality (1-100) a capture is encoded at; lowered when the message would not fit <see cref="MaxMessageBytes"/>.</summary>
    public int JpegQuality { get; set; } = 85;

    /// <summary>The image's longest side in pixels; a larger frame is scaled down (boxes stay in frame pixels). 0 keeps the frame's size.</summary>
    public int MaxSide { get; set; } = 1280;

    /// <summary>Largest capture message; also kept under the broker's maximum packet size when it announces one.</summary>
    public int MaxMessageBytes { get; set; } = 512 * 1024;

    /// <summary>Every problem, each naming its key under <paramref name="key"/> (e.g. <c>Agent:Cameras:0:Capture</c>).</summary>
    public IReadOnlyList<string> Validate(string key)
    {
        var errors = new List<string>();
        void Add(string option, string message) => errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:{option}: {message}"));

        if (BandMin is < 0 or > 1 || float.IsNaN(BandMin)) Add("BandMin", $"{BandMin} must be between 0 and 1");
        if (BandMax is < 0 or > 1 || float.IsNaN(BandMax)) Add("BandMax", $"{BandMax} must be between 0 and 1");
        else if (BandMax < BandMin) Add("BandMax", $"{BandMax} is below {key}:BandMin ({BandMin}); the band is BandMin to BandMax, e.g. 0.35 to 0.6");
        if (Labels.Any(string.IsNullOrWhiteSpace)) Add("Labels", "has an empty label; list label names such as \"face\", or none for every label");
        if (MinIntervalMs is < 0 or > 86_400_000) Add("MinIntervalMs", $"{MinIntervalMs} is out of range; use 0-86400000");
        if (MaxPerHour < 0) Add("MaxPerHour", $"{MaxPerHour} must not be negative");
        if (MaxPerDay < 0) Add("MaxPerDay", $"{MaxPerDay} must not be negative");
        if (MaxBytesPerDay < 0) Add("MaxBytesPerDay", $"{MaxBytesPerDay} must not be negative");
        if (JpegQuality is < 1 or > 100) Add("JpegQuality", $"{JpegQuality} is out of range; use 1-100");
        if (MaxSide is not 0 and (< 16 or > 16384)) Add("MaxSide", $"{MaxSide} is out of range; use 16-16384 pixels, or 0 for the frame's size");
        if (MaxMessageBytes is < 16 * 1024 or > 64 * 1024 * 1024) Add("MaxMessageBytes", $"{MaxMessageBytes} is out of range; use 16384-67108864");
        return errors;
    }
}
