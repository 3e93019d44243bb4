using System.Buffers.Binary;
using System.Text;

namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>
/// The on-disk record: <c>[u32 sync marker 0xF70BE1D5][u32 body length][u32 CRC-32C of the length and the body]</c> then the body
/// <c>[u8 format=2][u8 flags (1 = retain)][i64 sequence][i64 enqueued, Unix ms][u16 topic length][topic UTF-8][payload]</c>,
/// little-endian. The marker lets recovery find the next record after a damaged one. Segments written before the marker
/// existed (<c>[u32 body length][u32 CRC-32C of body]</c>, format 1) are still read; nothing is appended to them.
/// </summary>
internal static class RecordCodec
{
    public const int HeaderBytes = 12;
    public const uint SyncMarker = 0xF70BE1D5;
    private const int LegacyHeaderBytes = 8;
    private const int FixedBodyBytes = 20;
    private const byte Format = 2;
    private const byte LegacyFormat = 1;
    private const byte RetainFlag = 1;
    private static readonly byte[] MarkerBytes = BitConverter.IsLittleEndian ? BitConverter.GetBytes(SyncMarker) : [.. BitConverter.GetBytes(SyncMarker).Reverse()];

    public static byte[] Encode(long sequence, DateTimeOffset enqueuedAt, string topic, bool retain, ReadOnlySpan<byte> payload)
    {
        var topicBytes = Encoding.UTF8.GetByteCount(topic);
        if (topicBytes > ushort.MaxValue) throw new ArgumentException($"topic is {topicBytes} bytes; MQTT allows 65535", nameof(topic));
        var record = new byte[HeaderBytes + FixedBodyBytes + topicBytes + payload.Length];
        var body = record.AsSpan(HeaderBytes);
        body[0] = Format;
        body[1] = retain ? RetainFlag : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(body[2..], sequence);
        BinaryPrimitives.WriteInt64LittleEndian(body[10..], enqueuedAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteUInt16LittleEndian(body[18..], (ushort)topicBytes);
        Encoding.UTF8.GetBytes(topic, body[FixedBodyBytes..]);
        payload.CopyTo(body[(FixedBodyBytes + topicBytes)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(record, SyncMarker);
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(4), body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), Checksum(record));
        return record;
    }

    /// <summary>Checks the record at the start of <paramref name="data"/>; false when it is torn or corrupt.</summary>
    public static bool TryCheck(ReadOnlySpan<byte> data, int maxRecordBytes, out long sequence, out int recordLength)
    {
        sequence = 0;
        recordLength = 0;
        if (data.Length < HeaderBytes + FixedBodyBytes || BinaryPrimitives.ReadUInt32LittleEndian(data) != SyncMarker) return false;
        var bodyLength = BinaryPrimitives.ReadInt32LittleEndian(data[4..]);
        if (bodyLength < FixedBodyBytes || bodyLength > maxRecordBytes - HeaderBytes || bodyLength > data.Length - HeaderBytes) return false;
        var record = data[..(HeaderBytes + bodyLength)];
        var body = record[HeaderBytes..];
        if (Checksum(record) != BinaryPrimitives.ReadUInt32LittleEndian(data[8..]) || body[0] != Format) return false;
        if (FixedBodyBytes + BinaryPrimitives.ReadUInt16LittleEndian(body[18..]) > bodyLength) return false;
        sequence = BinaryPrimitives.ReadInt64LittleEndian(body[2..]);
        recordLength = record.Length;
        return true;
    }

    /// <summary>Like <see cref="TryCheck"/>, for a record of a segment written before the sync marker (format 1).</summary>
    public static bool TryCheckLegacy(ReadOnlySpan<byte> data, int maxRecordBytes, out long sequence, out int recordLength)
    {
        sequence = 0;
        recordLength = 0;
        if (data.Length < LegacyHeaderBytes + FixedBodyBytes) return false;
        var bodyLength = BinaryPrimitives.ReadInt32LittleEndian(data);
        if (bodyLength < FixedBodyBytes || bodyLength > maxRecordBytes - LegacyHeaderBytes || bodyLength > data.Length - LegacyHeaderBytes) return false;
        var body = data.Slice(LegacyHeaderBytes, bodyLength);
        if (Crc32C.Compute(body) != BinaryPrimitives.ReadUInt32LittleEndian(data[4..]) || body[0] != LegacyFormat) return false;
        if (FixedBodyBytes + BinaryPrimitives.ReadUInt16LittleEndian(body[18..]) > bodyLength) return false;
        sequence = BinaryPrimitives.ReadInt64LittleEndian(body[2..]);
        recordLength = LegacyHeaderBytes + bodyLength;
        return true;
    }

    /// <summary>Offset of the next sync marker at or after <paramref name="from"/>, or -1.</summary>
    public static int NextMarker(ReadOnlySpan<byte> data, int from)
    {
        if (from >= data.Length) return -1;
        var i = data[from..].IndexOf(MarkerBytes);
        return i < 0 ? -1 : from + i;
    }

    /// <summary>The sequence number a (possibly damaged) record starting at <paramref name="offset"/> claims, or null when it is cut off.</summary>
    public static long? ClaimedSequence(ReadOnlySpan<byte> data, int offset) =>
        offset + HeaderBytes + 10 <= data.Length ? BinaryPrimitives.ReadInt64LittleEndian(data[(offset + HeaderBytes + 2)..]) : null;

    /// <exception cref="InvalidDataException">The bytes are not one intact record.</exception>
    public static OutboxRecord Decode(byte[] record, OutboxPriority priority, bool legacy = false)
    {
        var ok = legacy
            ? TryCheckLegacy(record, record.Length, out var sequence, out var length)
            : TryCheck(record, record.Length, out sequence, out length);
        if (!ok || length != record.Length) throw new InvalidDataException("outbox record failed its length or CRC check");
        var body = record.AsSpan(legacy ? LegacyHeaderBytes : HeaderBytes);
        var topicLength = BinaryPrimitives.ReadUInt16LittleEndian(body[18..]);
        var topic = Encoding.UTF8.GetString(body.Slice(FixedBodyBytes, topicLength));
        var payloadStart = (legacy ? LegacyHeaderBytes : HeaderBytes) + FixedBodyBytes + topicLength;
        var enqueued = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(body[10..]));
        return new OutboxRecord(sequence, priority, topic, record.AsMemory(payloadStart), (body[1] & RetainFlag) != 0, enqueued);
    }

    /// <summary>CRC-32C of the length field and the body: a flipped length bit fails the check too.</summary>
    private static uint Checksum(ReadOnlySpan<byte> record) => Crc32C.Compute(record.Slice(4, 4), record[HeaderBytes..]);
}
