using System.Buffers.Binary;

namespace Traas.Reporting.Subunit;

/// <summary>
/// Reads a subunit v2 stream (https://github.com/testing-cabal/subunit, README "Version 2"): packets
/// of signature 0xb3, 16-bit flags, a varint length, optional timestamp, test id, tags, MIME type,
/// file content and route code, and a CRC-32. Tests are folded as testtools' StreamToDict does, so
/// the results match what subunit2junitxml makes of the same stream: a test ends at its first
/// status that is not `inprogress`; `exists` only lists a test; one that never ends is a failure.
/// Bytes between packets (a runner's own output) are skipped. A v1 text stream is read as subunit-1to2 converts
/// it (SubunitReader.Version1.cs).
/// </summary>
/// <remarks>
/// The stream may come from a node that wants the runner to run out of memory, so what is held is bounded
/// where StreamToDict holds everything: the problems kept (<see cref="ReportLimits.SubunitProblemsKept"/>),
/// the tests running at once (<see cref="ReportLimits.SubunitTestsInProgress"/>, and
/// <see cref="ReportLimits.SubunitInProgressChars"/> of their ids and attachments), and the bytes read
/// (<paramref name="maxBytes"/>, for a gzipped stream).
/// </remarks>
internal sealed partial class SubunitReader(Stream stream, long maxBytes = long.MaxValue)
{
    private const byte Signature = 0xB3;
    private const int AttachmentChars = 16 * 1024;
    /// <summary>What a running test or one of its attachments costs beside its text, in characters.</summary>
    private const int EntryChars = 128;
    private const ushort FlagTestId = 0x0800;
    private const ushort FlagRouteCode = 0x0400;
    private const ushort FlagTimestamp = 0x0200;
    private const ushort FlagTags = 0x0080;
    private const ushort FlagMimeType = 0x0020;
    private const ushort FlagFileContent = 0x0040;

    private sealed class Record(string id, string? route, DateTime? start)
    {
        public (string Id, string? Route) Key { get; } = (id, route);
        public string Id => Key.Id;
        public DateTime? Start { get; } = start;
        public DateTime? End { get; set; }
        public int Status { get; set; } = -1;
        public Dictionary<string, StringBuilder> Files { get; } = new(StringComparer.Ordinal);
        /// <summary>The characters it holds, with <see cref="EntryChars"/> for itself and each attachment.</summary>
        public long Chars { get; set; } = id.Length + EntryChars;
    }

    // The running tests in the order they started, the first to be let go past the limits.
    private readonly Dictionary<(string Id, string? Route), LinkedListNode<Record>> _inProgress = [];
    private readonly LinkedList<Record> _started = new();
    private long _heldChars;
    private readonly List<string> _problems = [];

    /// <summary>What could not be read (a bad checksum, a cut packet), in words: the first ones.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>The problems past <see cref="ReportLimits.SubunitProblemsKept"/>, only counted.</summary>
    public long ProblemsLeftOut { get; private set; }

    /// <summary>Whether the stream went on past <c>maxBytes</c>, where reading stopped.</summary>
    public bool Cut { get; private set; }

    /// <summary>The stream's tests in the order they ended; the unfinished ones last.</summary>
    public IEnumerable<SubunitTest> ReadTests() => Folded(IsVersion1() ? Version1Packets() : Version2Packets());

    /// <summary>The tests of <paramref name="packets"/>, folded as testtools' StreamToDict folds them.</summary>
    private IEnumerable<SubunitTest> Folded(IEnumerable<Packet> packets)
    {
        foreach (var packet in packets)
        {
            if (packet.Problem is { } problem)
            {
                // python-subunit reports a packet it cannot read as a failing test of its own.
                AddProblem(problem);
                yield return ParserFailure(problem);
                continue;
            }
            if (Event(packet) is { } done)
                yield return done;
            while (_inProgress.Count > ReportLimits.SubunitTestsInProgress
                || _heldChars > ReportLimits.SubunitInProgressChars)
                yield return LetGo();
        }
        while (_started.First is { } running)
            yield return Unfinished(running);
    }

    /// <summary>The v2 packets, a problem as a packet of its own; one that the stream's end cuts is the last.</summary>
    private IEnumerable<Packet> Version2Packets()
    {
        var prefix = new byte[6];
        while (NextSignature())
        {
            Packet packet;
            var cut = false;
            try
            {
                packet = ReadPacket(prefix, _offset - 1);
            }
            catch (EndOfStreamException)
            {
                (packet, cut) = (new Packet(null, null, null, null, null, 0,
                    $"the stream ends inside the packet at byte {_offset}"), true);
            }
            yield return packet;
            if (cut)
                yield break;
        }
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
        if (!_inProgress.TryGetValue(key, out var running))
        {
            _inProgress[key] = running = _started.AddLast(new Record(packet.Id, packet.Route, packet.Time));
            _heldChars += running.Value.Chars;
        }
        var record = running.Value;
        if (packet.Status != 0)
            record.Status = packet.Status;
        record.End = packet.Time;
        if (packet.FileName is { } name && packet.FileBytes is { Length: > 0 } bytes)
        {
            if (!record.Files.TryGetValue(name, out var text))
            {
                record.Files[name] = text = new StringBuilder();
                Hold(record, name.Length + EntryChars);
            }
            if (text.Length < AttachmentChars)
            {
                var before = text.Length;
                text.Append(Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, AttachmentChars - text.Length)));
                Hold(record, text.Length - before);
            }
        }
        // 0 carries no status, 2 is inprogress: the test goes on.
        if (packet.Status is 0 or 2)
            return null;
        Forget(running);
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
}
