namespace DeepSeek.Edge.Inference.Precision;

/// <summary>
/// Counts the operator types of an ONNX model's main graph by reading only the protobuf fields on the way to them
/// (<c>ModelProto.graph</c> → <c>GraphProto.node</c> → <c>NodeProto.op_type</c>): weights are skipped, not read, so a
/// 45 MB model costs a few hundred reads. Subgraphs (If, Loop) are not entered.
/// </summary>
public static class OnnxOpCensus
{
    private const int ModelGraph = 7;
    private const int GraphNode = 1;
    private const int NodeOpType = 4;

    /// <summary>Operator type → number of nodes, for the model file at <paramref name="modelPath"/>.</summary>
    public static IReadOnlyDictionary<string, int> Count(string modelPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        using var stream = new FileStream(modelPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var file = new Fields(stream, stream.Length, modelPath);
        while (file.Next() is { } field)
        {
            if (field.Number != ModelGraph || field.Length is not { } graphLength) { file.Skip(field); continue; }
            var graph = new Fields(stream, stream.Position + graphLength, modelPath);
            while (graph.Next() is { } g)
            {
                if (g.Number != GraphNode || g.Length is not { } nodeLength) { graph.Skip(g); continue; }
                var node = new Fields(stream, stream.Position + nodeLength, modelPath);
                while (node.Next() is { } n)
                {
                    if (n.Number == NodeOpType && n.Length is { } opLength)
                    {
                        var op = node.ReadString(opLength);
                        counts[op] = counts.GetValueOrDefault(op) + 1;
                    }
                    else
                    {
                        node.Skip(n);
                    }
                }
            }
        }

        return counts;
    }

    private readonly record struct Field(int Number, int WireType, long? Length);

    /// <summary>The fields of one message that ends at <c>end</c>, read from the stream's current position.</summary>
    private readonly struct Fields(Stream stream, long end, string path)
    {
        public Field? Next()
        {
            if (stream.Position >= end) return null;
            var tag = ReadVarint();
            var wire = (int)(tag & 7);
            var number = (int)(tag >> 3);
            long? length = wire == 2 ? checked((long)ReadVarint()) : null;
            if (length is { } l && (l < 0 || stream.Position + l > end)) throw Corrupt();
            return new Field(number, wire, length);
        }

        public void Skip(Field field)
        {
            switch (field.WireType)
            {
                case 0: ReadVarint(); break;
                case 1: stream.Seek(8, SeekOrigin.Current); break;
                case 2: stream.Seek(field.Length!.Value, SeekOrigin.Current); break;
                case 5: stream.Seek(4, SeekOrigin.Current); break;
                default: throw Corrupt();
            }

            if (stream.Position > end) throw Corrupt();
        }

        public string ReadString(long length)
        {
            if (length > 4096) throw Corrupt();
            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            return System.Text.Encoding.UTF8.GetString(bytes);
        }

        private ulong ReadVarint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = stream.ReadByte();
                if (b < 0) throw Corrupt();
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0) return value;
            }

            throw Corrupt();
        }

        private InvalidDataException Corrupt() => new($"{path} is not a valid ONNX model (its protobuf ends or breaks at byte {stream.Position}); fetch or pack the model again");
    }
}
