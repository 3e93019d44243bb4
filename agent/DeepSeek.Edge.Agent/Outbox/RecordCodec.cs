using System.Buffers.Binary;
using System.Text;

namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>
/// The on-disk record: <c>[u32 body length][u32 CRC-32C of body]</c> then the body
/// <c>[u8 format=1][u8 flags (1 = retain)][i64 sequence][i64 enqueued, Unix ms][u16 topic length][topic UTF-8][payload]</c>,
/// little-endian. A record whose length runs past the file or whose CRC does not match is torn.
/// </summary>
internal static class RecordCodec
{
    public const int HeaderBytes = 8;
    private const int FixedBodyBytes = 20;
    private const byte Format = 1;
    private const byte RetainFlag = 1;

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
        BinaryPrimitives.WriteInt32LittleEndian(record, body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), Crc32C.Compute(body));
        return record;
    }

    /// <summary>Checks the record at the start of <paramref name="data"/>; false when it is torn or corrupt.</summary>
    public static bool TryCheck(ReadOnlySpan<byte> data, int maxRecordBytes, out long sequence, out int recordLength)
    {
        sequence = 0;
        recordLength = 0;
        if (data.Length < HeaderBytes + FixedBodyBytes) return false;
        var bodyLength = BinaryPrimitives.ReadInt32LittleEndian(data);
        if (bodyLength < FixedBodyBytes || bodyLength > maxRecordBytes - HeaderBytes || bodyLength > data.Length - HeaderBytes) return false;
        var body = data.Slice(HeaderBytes, bodyLength);
        if (Crc32C.Compute(body) != BinaryPrimitives.ReadUInt32LittleEndian(data[4..]) || body[0] != Format) return false;
        if (FixedBodyBytes + BinaryPrimitives.ReadUInt16LittleEndian(body[18..]) > bodyLength) return false;
        sequence = BinaryPrimitives.ReadInt64LittleEndian(body[2..]);
        recordLength = HeaderBytes + bodyLength;
        return true;
    }

    /// <exception cref="InvalidDataException">The bytes are not one intact record.</exception>
    public static OutboxRecord Decode(byte[] record, OutboxPriority priority)
    {
        if (!TryCheck(record, record.Length, out var sequence, out var length) || length != record.Length)
            throw new InvalidDataException("outbox record failed its length or CRC check");
        var body = record.AsSpan(HeaderBytes);
        var topicLength = BinaryPrimitives.ReadUInt16LittleEndian(body[18..]);
        var topic = Encoding.UTF8.GetString(body.Slice(FixedBodyBytes, topicLength));
        var payloadStart = HeaderBytes + FixedBodyBytes + topicLength;
        var enqueued = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(body[10..]));
        return new OutboxRecord(sequence, priority, topic, record.AsMemory(payloadStart), (body[1] & RetainFlag) != 0, enqueued);
    }
}
