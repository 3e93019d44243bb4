using DeepSeek.Edge.Pipelines.Capture;
using DeepSeek.Edge.Pipelines.Pipeline;

namespace DeepSeek.Edge.Pipelines.Metrics;

/// <summary>Tag arrays for one camera's measurements, built once so that recording allocates nothing per frame.</summary>
internal sealed class CameraTags
{
    private readonly KeyValuePair<string, object?>[][] _dropped;
    private readonly KeyValuePair<string, object?>[][] _stages;
    private readonly KeyValuePair<string, object?>[][] _states;
    private Tuple<ModelIdentity, KeyValuePair<string, object?>[]>? _inference;

    public CameraTags(string camera)
    {
        Name = camera;
        Camera = [new("camera", camera)];
        _dropped = DropReasons.All.Select(r => new KeyValuePair<string, object?>[] { new("camera", camera), new("reason", r) }).ToArray();
        _stages = PipelineStages.All.Select(s => new KeyValuePair<string, object?>[] { new("camera", camera), new("stage", s) }).ToArray();
        _states = Enum.GetValues<SourceState>()
            .Select(s => new KeyValuePair<string, object?>[] { new("camera", camera), new("state", SourceStates.Name(s)) }).ToArray();
    }

    public string Name { get; }

    public KeyValuePair<string, object?>[] Camera { get; }

    public KeyValuePair<string, object?>[] Dropped(string reason)
    {
        var i = DropReasons.IndexOf(reason);
        return i >= 0 ? _dropped[i] : [new("camera", Name), new("reason", reason)];
    }

    /// <summary>Tags for a stage, by its index in <see cref="PipelineStages.All"/>.</summary>
    public KeyValuePair<string, object?>[] Stage(int index) => _stages[index];

    public KeyValuePair<string, object?>[] State(SourceState state) => _states[(int)state];

    /// <summary>Camera, model, version and provider; rebuilt only when the model changes (a swap).</summary>
    public KeyValuePair<string, object?>[] Inference(ModelIdentity model)
    {
        var cached = _inference;
        if (cached is not null && ReferenceEquals(cached.Item1, model)) return cached.Item2;
        KeyValuePair<string, object?>[] tags =
            [new("camera", Name), new("model", model.Name), new("version", model.Version), new("provider", model.Provider)];
        _inference = Tuple.Create(model, tags);
        return tags;
    }
}
