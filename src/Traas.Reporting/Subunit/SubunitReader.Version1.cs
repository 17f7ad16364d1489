namespace Traas.Reporting.Subunit;

/// <summary>
/// subunit v1, the text protocol that testrepository and subunit.run wrote before v2 (python-subunit's
/// TestProtocolServer): `test: ID`, then an outcome line for the same ID (`success:`/`successful:`, `failure:`,
/// `error:`, `skip:`, `xfail:`, `uxsuccess:`), with details in brackets after it: ` [` and lines to `]` (a `]`
/// inside quoted as ` ]`), or ` [ multipart` and parts of a Content-Type line, a name line and a chunked body
/// (hex size, CRLF, bytes; size 0 ends it). `time:` dates what follows; `tags:`, `progress:` and all other lines
/// are the runner's own output. Each event becomes the packet subunit-1to2 writes for it, folded as v2's are, so
/// that a v1 stream gives the tests its conversion gives.
/// </summary>
/// <remarks>
/// A line is read up to <see cref="MaxLine"/> bytes, the rest passed over; a chunk is taken in pieces of at most
/// the reader's buffer, so that what a stream holds costs no more than a v2 stream's attachments do.
/// </remarks>
internal sealed partial class SubunitReader
{
    private const int MaxLine = 64 * 1024;

    private readonly byte[] _line = new byte[MaxLine];
    private int _lineLength;

    /// <summary>Whether the stream is v1 text: its first line is one of v1's own commands.</summary>
    private bool IsVersion1()
    {
        if (_start == _end && !Refill())
            return false;
        var head = _buffer.AsSpan(_start, _end - _start);
        if (head[0] == Signature)
            return false;
        var end = head.IndexOf((byte)'\n');
        var (command, _) = Command(Encoding.UTF8.GetString(end < 0 ? head : head[..end]));
        return command is "test" or "testing" or "time" or "tags" or "progress";
    }

    /// <summary>A line's command (its first word, less a colon) and the rest; null where it has none.</summary>
    private static (string? Command, string Argument) Command(string line)
    {
        var space = line.IndexOfAny([' ', '\t']);
        return space <= 0 ? (null, "") : (line[..space].TrimEnd(':'), line[(space + 1)..].Trim());
    }

    private IEnumerable<Packet> Version1Packets()
    {
        DateTime? time = null;
        string? current = null;
        while (NextLine())
        {
            var line = Encoding.UTF8.GetString(_line, 0, _lineLength);
            var (command, rest) = Command(line);
            switch (command)
            {
                case "time":
                    time = Time(rest) ?? time;
                    continue;
                case "test" or "testing" when current is null:
                    current = rest;
                    yield return new Packet(time, current, null, null, null, 2);
                    continue;
            }
            if (current is null || Outcome(command) is not { } status)
                continue;
            if (rest == current)
            {
                yield return new Packet(time, current, null, null, null, status);
                current = null;
            }
            else if (rest == current + " [" || rest == current + " [ multipart")
            {
                var packets = rest.EndsWith(" [", StringComparison.Ordinal)
                    ? SimpleDetails(time, current, command!)
                    : MultipartDetails(time, current);
                foreach (var packet in packets)
                    yield return packet;
                yield return new Packet(time, current, null, null, null, status);
                current = null;
            }
        }
        // python-subunit ends a test the stream leaves running as an error.
        if (current is not null)
        {
            yield return new Packet(time, current, null, "traceback",
                Encoding.UTF8.GetBytes($"lost connection during test '{current}'\n"), 0);
            yield return new Packet(time, current, null, null, null, 6);
        }
    }

    /// <summary>v2's status for an outcome command: success 3, uxsuccess 4, skip 5, fail 6, xfail 7.</summary>
    private static int? Outcome(string? command) =>
        command switch
        {
            "success" or "successful" => 3,
            "uxsuccess" => 4,
            "skip" => 5,
            "failure" or "error" => 6,
            "xfail" => 7,
            _ => null,
        };

    /// <summary>
    /// Bracketed lines up to `]`: a skip's reason, a success's message, any other outcome's traceback (python-subunit's
    /// SimpleDetailsParser, as its _Reading*Details states call it).
    /// </summary>
    private IEnumerable<Packet> SimpleDetails(DateTime? time, string test, string command)
    {
        var name = command switch
        {
            "skip" => "reason",
            "success" or "successful" => "message",
            _ => "traceback",
        };
        while (NextLine() && !IsEnd())
        {
            var quoted = _lineLength >= 2 && _line[0] == (byte)' ' && _line[1] == (byte)']';
            var text = _line.AsSpan(quoted ? 1 : 0, _lineLength - (quoted ? 1 : 0));
            yield return new Packet(time, test, null, name, [.. text, (byte)'\n'], 0);
        }
    }

    /// <summary>Parts of a Content-Type line, a name line and a chunked body, up to `]`.</summary>
    private IEnumerable<Packet> MultipartDetails(DateTime? time, string test)
    {
        while (NextLine() && !IsEnd())
        {
            if (!NextLine())
                yield break;
            var name = Encoding.UTF8.GetString(_line, 0, _lineLength);
            while (NextLine() && ChunkSize() is > 0 and var size)
            {
                for (var left = size; left > 0;)
                {
                    var part = Bytes((int)Math.Min(left, _buffer.Length));
                    if (part.Length == 0)
                        yield break;
                    left -= part.Length;
                    yield return new Packet(time, test, null, name, part, 0);
                }
            }
        }
    }

    private bool IsEnd() => _lineLength == 1 && _line[0] == (byte)']';

    /// <summary>
    /// The hex size on the line just read (CRLF or LF); 0 at the last chunk or on a line that is none.
    /// </summary>
    private long ChunkSize()
    {
        var text = Encoding.ASCII.GetString(_line, 0, _lineLength).TrimEnd('\r');
        return long.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size)
            && size > 0 ? size : 0;
    }

    private static DateTime? Time(string text) =>
        DateTime.TryParse(text.TrimEnd('Z'), CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    /// <summary>
    /// The next line into <see cref="_line"/> without its LF, at most <see cref="MaxLine"/> bytes of it; false at
    /// the end of the stream or at <c>maxBytes</c> (<see cref="Cut"/>).
    /// </summary>
    private bool NextLine()
    {
        _lineLength = 0;
        return Through((byte)'\n', keep: true);
    }

    /// <summary>
    /// Up to <paramref name="count"/> bytes of the stream, fewer only at its end or at <c>maxBytes</c>.
    /// </summary>
    private byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        var at = 0;
        while (at < count && (_start < _end || Refill()))
        {
            var room = maxBytes - _offset;
            if (room <= 0)
            {
                Cut = true;
                break;
            }
            var part = (int)Math.Min(Math.Min(_end - _start, count - at), room);
            _buffer.AsSpan(_start, part).CopyTo(bytes.AsSpan(at));
            (_start, _offset, at) = (_start + part, _offset + part, at + part);
        }
        return at == count ? bytes : bytes[..at];
    }
}
