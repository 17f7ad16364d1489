namespace Traas.Tool.Ssh;

/// <summary>
/// Turns the bytes of a growing remote traas.log, read from <see cref="Offset"/> onwards, into whole
/// lines. A reader that reconnects and resumes at <see cref="Offset"/> neither repeats nor loses a
/// line, and a line split across two reads (or two connections) comes out once, whole.
/// </summary>
internal sealed class LogCursor
{
    /// <summary>A line longer than this is passed on in pieces, as the report reads it.</summary>
    public const int MaxLineBytes = 8 * 1024 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly List<byte> pending = [];

    public LogCursor(long committedOffset = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(committedOffset);
        Offset = committedOffset;
    }

    /// <summary>The next byte of the file to read: everything before it has been fed.</summary>
    public long Offset { get; private set; }

    /// <summary>
    /// The offset just past the last whole line handed out. A new process resuming from a state
    /// file starts here, so the partial line it did not see completed is read again, not lost.
    /// </summary>
    public long CommittedOffset => Offset - pending.Count;

    /// <summary>Feeds the bytes read at <see cref="Offset"/>; returns the lines they complete.</summary>
    public IReadOnlyList<string> Feed(ReadOnlySpan<byte> bytes)
    {
        var lines = new List<string>();
        while (!bytes.IsEmpty)
        {
            var newline = bytes.IndexOf((byte)'\n');
            var room = MaxLineBytes - pending.Count;
            if (newline < 0 || newline > room)
            {
                var take = Math.Min(bytes.Length, room);
                pending.AddRange(bytes[..take]);
                Offset += take;
                bytes = bytes[take..];
                if (pending.Count == MaxLineBytes)
                    lines.Add(TakePending());
                continue;
            }
            pending.AddRange(bytes[..newline]);
            Offset += newline + 1;
            bytes = bytes[(newline + 1)..];
            lines.Add(TakePending());
        }
        return lines;
    }

    /// <summary>The last line when the file does not end with a newline, once the job is over.</summary>
    public string? Flush() => pending.Count == 0 ? null : TakePending();

    private string TakePending()
    {
        var count = pending.Count;
        if (count > 0 && pending[count - 1] == (byte)'\r')
            count--;
        var text = Utf8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pending)[..count]);
        pending.Clear();
        return text;
    }
}
