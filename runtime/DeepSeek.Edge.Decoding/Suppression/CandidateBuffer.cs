namespace DeepSeek.Edge.Decoding.Suppression;

/// <summary>Scratch list of candidates owned by one decoder; grows to the busiest frame seen, then stops allocating.</summary>
internal sealed class CandidateBuffer
{
    private DetectionCandidate[] _items = new DetectionCandidate[64];

    public int Count { get; private set; }

    public Span<DetectionCandidate> Span => _items.AsSpan(0, Count);

    public void Clear() => Count = 0;

    public void Add(in DetectionCandidate candidate)
    {
        if (Count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
        _items[Count++] = candidate;
    }
}
