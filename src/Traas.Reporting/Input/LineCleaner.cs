using System.Buffers;

namespace Traas.Reporting.Input;

/// <summary>
/// Turns a raw line into what it says: drops ANSI escape sequences, then a leading
/// `YYYY-MM-DD HH:MM:SS[.ffffff] | ` timestamp and, after it, Zuul's `host | ` column.
/// </summary>
public static class LineCleaner
{
    public static LogLine Clean(long number, string raw, bool isContinuation)
    {
        if (isContinuation)
            return new LogLine(number, raw, raw, true);
        var plain = raw.Contains('\x1b') ? StripAnsi(raw) : raw;
        return new LogLine(number, raw, StripPrefix(plain), false);
    }

    public static string StripAnsi(string text)
    {
        var buffer = ArrayPool<char>.Shared.Rent(text.Length);
        try
        {
            var length = 0;
            var at = 0;
            for (var escape = text.IndexOf('\x1b'); escape >= 0; escape = at < text.Length ? text.IndexOf('\x1b', at) : -1)
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

    private static string StripPrefix(string line)
    {
        // 2017-11-10 01:37:16[.451558] | ...
        if (line.Length < 22 || !IsTimestampStart(line))
            return line;
        var i = 19;
        if (line[i] == '.')
        {
            i++;
            while (i < line.Length && char.IsAsciiDigit(line[i]))
                i++;
        }
        if (i + 2 > line.Length || line[i] != ' ' || line[i + 1] != '|' || (i + 2 < line.Length && line[i + 2] != ' '))
            return line;
        var rest = i + 3 <= line.Length ? line[(i + 3)..] : string.Empty;
        return StripZuulHost(rest);
    }

    private static bool IsTimestampStart(string s) =>
        char.IsAsciiDigit(s[0]) && char.IsAsciiDigit(s[1]) && char.IsAsciiDigit(s[2]) && char.IsAsciiDigit(s[3])
        && s[4] == '-' && s[7] == '-' && (s[10] == ' ' || s[10] == 'T') && s[13] == ':' && s[16] == ':';

    // Zuul v3 job-output: "ts | host | text". A host name has no blanks and is short.
    private static string StripZuulHost(string rest)
    {
        var bar = rest.IndexOf(" | ", StringComparison.Ordinal);
        if (bar <= 0 || bar > 64)
            return rest;
        for (var i = 0; i < bar; i++)
        {
            var c = rest[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
                return rest;
        }
        return rest[(bar + 3)..];
    }
}
