namespace Traas.Reporting.Input;

/// <summary>
/// Turns a raw line into what it says: drops ANSI escape sequences, then the line's prefix (see
/// <see cref="LinePrefix"/>), then trailing blanks and one trailing literal backslash (output handed
/// back through a workflow engine ends every line with one).
/// </summary>
public static class LineCleaner
{
    public static LogLine Clean(long number, string raw, bool isContinuation)
    {
        if (isContinuation)
            return new LogLine(number, raw, raw, true);
        if (!raw.Contains('\x1b'))
        {
            var prefix = LinePrefix.Parse(raw);
            var (start, end) = Trimmed(raw, prefix.ContentStart);
            return Line(number, raw, start == 0 && end == raw.Length ? raw : raw[start..end], prefix, ansi: false);
        }
        // A coloured line is stripped into a pooled buffer: what it says is the one new string.
        var buffer = ArrayPool<char>.Shared.Rent(raw.Length);
        try
        {
            var plain = buffer.AsSpan(0, StripAnsi(raw, buffer));
            var prefix = LinePrefix.Parse(plain);
            var (start, end) = Trimmed(plain, prefix.ContentStart);
            return Line(number, raw, new string(plain[start..end]), prefix, ansi: true);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// <see cref="Clean"/>'s <see cref="LogLine.Content"/> without a new string: a part of
    /// <paramref name="raw"/>, or for a coloured line of <paramref name="buffer"/> (grown as needed; the
    /// content is good until the buffer is used again). The comparison of two logs reads every line for
    /// what it says and keeps none.
    /// </summary>
    internal static ReadOnlySpan<char> Content(string raw, ref char[] buffer)
    {
        ReadOnlySpan<char> plain = raw;
        if (raw.Contains('\x1b'))
        {
            if (buffer.Length < raw.Length)
                buffer = new char[Math.Max(raw.Length, buffer.Length * 2)];
            plain = buffer.AsSpan(0, StripAnsi(raw, buffer));
        }
        var (start, end) = Trimmed(plain, LinePrefix.Parse(plain).ContentStart);
        return plain[start..end];
    }

    private static LogLine Line(long number, string raw, string content, LinePrefix.Parsed prefix, bool ansi) =>
        new(number, raw, content, false)
        {
            Host = prefix.Host,
            TimeSource = prefix.TimeAt >= 0 ? raw : null,
            TimeInAnsi = ansi,
            TimeAt = prefix.TimeAt,
            ErrorLevel = prefix.ErrorLevel,
        };

    private static (int Start, int End) Trimmed(ReadOnlySpan<char> text, int start)
    {
        var end = TrimBlanks(text, start, text.Length);
        // "\\" at the end is an escaped backslash, not the engine's line marker.
        if (end > start && text[end - 1] == '\\' && (end - 1 == start || text[end - 2] != '\\'))
            end = TrimBlanks(text, start, end - 1);
        return (start, end);
    }

    private static int TrimBlanks(ReadOnlySpan<char> text, int start, int end)
    {
        while (end > start && text[end - 1] is ' ' or '\t')
            end--;
        return end;
    }

    public static string StripAnsi(string text)
    {
        var buffer = ArrayPool<char>.Shared.Rent(text.Length);
        try
        {
            return new string(buffer, 0, StripAnsi(text, buffer));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <returns>
    /// The length of <paramref name="text"/> without its escapes, written to <paramref name="buffer"/>.
    /// </returns>
    private static int StripAnsi(string text, char[] buffer)
    {
        var length = 0;
        var at = 0;
        for (var escape = text.IndexOf('\x1b'); escape >= 0;
            escape = at < text.Length ? text.IndexOf('\x1b', at) : -1)
        {
            text.AsSpan(at, escape - at).CopyTo(buffer.AsSpan(length));
            length += escape - at;
            at = SkipEscape(text, escape);
        }
        text.AsSpan(at).CopyTo(buffer.AsSpan(length));
        return length + text.Length - at;
    }

    /// <summary>Returns the index just past the escape sequence that starts at <paramref name="escape"/>.</summary>
    internal static int SkipEscape(string text, int escape)
    {
        var i = escape + 1;
        if (i >= text.Length)
            return i;
        if (text[i] == '[')
        {
            // CSI: parameters and intermediates, then one final byte in @..~ (ECMA-48 5.4).
            i++;
            while (i < text.Length && text[i] >= 0x20 && text[i] <= 0x3f)
                i++;
            return i < text.Length && text[i] >= 0x40 && text[i] <= 0x7e ? i + 1 : i;
        }
        if (text[i] == ']')
        {
            // OSC: up to BEL or ST.
            var bel = text.IndexOf('\a', i);
            var st = text.IndexOf("\x1b\\", i, StringComparison.Ordinal);
            if (bel < 0 && st < 0)
                return text.Length;
            return bel >= 0 && (st < 0 || bel < st) ? bel + 1 : st + 2;
        }
        return i + 1;
    }
}
