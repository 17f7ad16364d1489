using System.Buffers;

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
        var plain = raw.Contains('\x1b') ? StripAnsi(raw) : raw;
        var prefix = LinePrefix.Parse(plain);
        return new LogLine(number, raw, Trim(plain, prefix.ContentStart), false)
        {
            Host = prefix.Host,
            TimeSource = prefix.TimeAt >= 0 ? plain : null,
            TimeAt = prefix.TimeAt,
            ErrorLevel = prefix.ErrorLevel,
        };
    }

    private static string Trim(string text, int start)
    {
        var end = TrimBlanks(text, start, text.Length);
        // "\\" at the end is an escaped backslash, not the engine's line marker.
        if (end > start && text[end - 1] == '\\' && (end - 1 == start || text[end - 2] != '\\'))
            end = TrimBlanks(text, start, end - 1);
        return start == 0 && end == text.Length ? text : text[start..end];
    }

    private static int TrimBlanks(string text, int start, int end)
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
            length += text.Length - at;
            return new string(buffer, 0, length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
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
