using System.Buffers.Binary;

namespace Traas.Reporting.Subunit;

/// <summary>
/// Reads a subunit v2 stream (https://github.com/testing-cabal/subunit, README "Version 2"): packets
/// of signature 0xb3, 16-bit flags, a varint length, optional timestamp, test id, tags, MIME type,
/// file content and route code, and a CRC-32. Tests are folded as testtools' StreamToDict does, so
/// the results match what subunit2junitxml makes of the same stream: a test ends at its first
/// status that is not `inprogress`; `exists` only lists a test; one that never ends is a failure.
/// Bytes between packets (a runner's own output) are skipped.
/// </summary>
internal sealed class SubunitReader(Stream stream)
{
    private const byte Signature = 0xB3;
    private const int AttachmentChars = 16 * 1024;
    private const ushort FlagTestId = 0x0800;
    private const ushort FlagRouteCode = 0x0400;
    private const ushort FlagTimestamp = 0x0200;
    private const ushort FlagTags = 0x0080;
    private const ushort FlagMimeType = 0x0020;
    private const ushort FlagFileContent = 0x0040;

    private sealed class Record(string id, DateTime? start)
    {
        public string Id { get; } = id;
        public DateTime? Start { get; } = start;
        public DateTime? End { get; set; }
        public int Status { get; set; } = -1;
        public Dictionary<string, StringBuilder> Files { get; } = new(StringComparer.Ordinal);
    }

    private readonly Dictionary<(string Id, string? Route), Record> _inProgress = [];
    private readonly List<string> _problems = [];
    private long _offset;

    /// <summary>What could not be read (a bad checksum, a cut packet), in words.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>The stream's tests in the order they ended; the unfinished ones last.</summary>
    public IEnumerable<SubunitTest> ReadTests()
    {
        var prefix = new byte[6];
        while (true)
        {
            var first = stream.ReadByte();
            if (first < 0)
                break;
            _offset++;
            if (first != Signature)
                continue;
            Packet packet;
            string? problem;
            try
            {
                (packet, problem) = (ReadPacket(prefix, _offset - 1), null);
            }
            catch (EndOfStreamException)
            {
                (packet, problem) = (default, $"the stream ends inside the packet at byte {_offset}");
            }
            if (problem is not null || packet.Problem is not null)
            {
                // python-subunit reports a packet it cannot read as a failing test of its own.
                var text = problem ?? packet.Problem!;
                _problems.Add(text);
                yield return ParserFailure(text);
                if (problem is not null)
                    break;
                continue;
            }
            if (Event(packet) is { } done)
                yield return done;
        }
        foreach (var record in _inProgress.Values.ToList())
        {
            // testtools ends a hung test with no end time.
            record.End = null;
            record.Status = -1;
            yield return ToTest(record);
        }
        _inProgress.Clear();
    }

    private static SubunitTest ParserFailure(string problem) => new("subunit.parser", SubunitStatus.Fail, null, null,
        new Dictionary<string, string>(StringComparer.Ordinal) { ["Parser Error"] = problem });

    private readonly record struct Packet(DateTime? Time, string? Id, string? Route, string? FileName,
        byte[]? FileBytes, int Status, string? Problem = null);

    private Packet ReadPacket(byte[] prefix, long packetStart)
    {
        prefix[0] = Signature;
        Fill(prefix.AsSpan(1, 3));
        var flags = BinaryPrimitives.ReadUInt16BigEndian(prefix.AsSpan(1, 2));
        // python-subunit reads at most three length bytes.
        var lengthBytes = (prefix[3] >> 6) + 1;
        if (lengthBytes == 4)
            return Problem(packetStart, "3 byte maximum given but 4 byte value found");
        if (lengthBytes > 1)
            Fill(prefix.AsSpan(4, lengthBytes - 1));
        var headerLength = 3 + lengthBytes;
        var length = Varint(prefix, 3, out _);
        if (length < headerLength + 4)
            return Problem(packetStart, $"packet length {length} is shorter than its header");
        var rest = new byte[length - headerLength];
        Fill(rest);
        var crc = Crc32.Compute(rest.AsSpan(0, rest.Length - 4), Crc32.Compute(prefix.AsSpan(0, headerLength)));
        if (crc != BinaryPrimitives.ReadUInt32BigEndian(rest.AsSpan(rest.Length - 4)))
            return Problem(packetStart, "bad checksum");
        if ((flags >> 12) != 0x2)
            return Problem(packetStart, $"version {flags >> 12}, not 2");
        return Parse(flags, rest.AsSpan(0, rest.Length - 4), packetStart);
    }

    private static Packet Problem(long packetStart, string what) =>
        new(null, null, null, null, null, 0, $"packet at byte {packetStart}: {what}");

    private static Packet Parse(ushort flags, ReadOnlySpan<byte> body, long packetStart)
    {
        try
        {
            var at = 0;
            DateTime? time = null;
            if ((flags & FlagTimestamp) != 0)
            {
                var seconds = BinaryPrimitives.ReadUInt32BigEndian(body[at..]);
                var nanos = Varint(body, at + 4, out var used);
                at += 4 + used;
                time = DateTime.UnixEpoch.AddSeconds(seconds).AddTicks(nanos / 100);
            }
            var id = (flags & FlagTestId) != 0 ? Utf8(body, ref at) : null;
            if ((flags & FlagTags) != 0)
            {
                var count = Varint(body, at, out var used);
                at += used;
                for (var i = 0; i < count; i++)
                    Utf8(body, ref at);
            }
            if ((flags & FlagMimeType) != 0)
                Utf8(body, ref at);
            string? fileName = null;
            byte[]? fileBytes = null;
            if ((flags & FlagFileContent) != 0)
            {
                fileName = Utf8(body, ref at);
                var size = Varint(body, at, out var used);
                at += used;
                fileBytes = body.Slice(at, size).ToArray();
                at += size;
            }
            var route = (flags & FlagRouteCode) != 0 ? Utf8(body, ref at) : null;
            return new Packet(time, id, route, fileName, fileBytes, flags & 0x7);
        }
        catch (ArgumentOutOfRangeException)
        {
            return Problem(packetStart, "a field runs past the end of the packet");
        }
    }

    /// <returns>The test this event ended, if it ended one.</returns>
    private SubunitTest? Event(Packet packet)
    {
        if (packet.Id is null)
            return null;
        var key = (packet.Id, packet.Route);
        if (!_inProgress.TryGetValue(key, out var record))
            _inProgress[key] = record = new Record(packet.Id, packet.Time);
        if (packet.Status != 0)
            record.Status = packet.Status;
        record.End = packet.Time;
        if (packet.FileName is { } name && packet.FileBytes is { Length: > 0 } bytes)
        {
            if (!record.Files.TryGetValue(name, out var text))
                record.Files[name] = text = new StringBuilder();
            if (text.Length < AttachmentChars)
                text.Append(Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, AttachmentChars - text.Length)));
        }
        // 0 carries no status, 2 is inprogress: the test goes on.
        if (packet.Status is 0 or 2)
            return null;
        _inProgress.Remove(key);
        // 1 (exists) only enumerates a test: subunit2junitxml writes no testcase for it.
        return packet.Status == 1 ? null : ToTest(record);
    }

    private static SubunitTest ToTest(Record record)
    {
        var status = record.Status switch
        {
            3 => SubunitStatus.Success,
            4 => SubunitStatus.UnexpectedSuccess,
            5 => SubunitStatus.Skip,
            6 => SubunitStatus.Fail,
            7 => SubunitStatus.ExpectedFailure,
            _ => SubunitStatus.Unfinished,
        };
        return new SubunitTest(record.Id, status, record.Start, record.End,
            record.Files.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal));
    }

    private void Fill(Span<byte> target)
    {
        stream.ReadExactly(target);
        _offset += target.Length;
    }

    /// <summary>subunit's varint: the top two bits of the first byte say 1, 2, 3 or 4 bytes, big-endian.</summary>
    private static int Varint(ReadOnlySpan<byte> data, int at, out int used)
    {
        var first = data[at];
        used = (first >> 6) + 1;
        var value = first & 0x3F;
        for (var i = 1; i < used; i++)
            value = (value << 8) | data[at + i];
        return value;
    }

    private static string Utf8(ReadOnlySpan<byte> body, ref int at)
    {
        var length = Varint(body, at, out var used);
        at += used;
        var text = Encoding.UTF8.GetString(body.Slice(at, length));
        at += length;
        return text;
    }
}
