namespace DeepSeek.Edge.Pipelines.Pipeline;

/// <summary>A camera's sinks, changed copy-on-write so the output stage reads them without a lock.</summary>
internal sealed class SinkSet
{
    private readonly object _gate = new();
    private Subscription[] _current = [];

    public Subscription[] Current => Volatile.Read(ref _current);

    public IDisposable Add(IResultSink sink, string name)
    {
        var subscription = new Subscription(this, sink, name);
        lock (_gate) Volatile.Write(ref _current, [.. _current, subscription]);
        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate) Volatile.Write(ref _current, _current.Where(s => !ReferenceEquals(s, subscription)).ToArray());
    }

    internal sealed class Subscription(SinkSet owner, IResultSink sink, string name) : IDisposable
    {
        private long _errors;

        public IResultSink Sink => sink;
        public string Name => name;

        public long CountError() => Interlocked.Increment(ref _errors);

        public void Dispose() => owner.Remove(this);
    }
}
