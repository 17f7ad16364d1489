namespace Traas.Reporting.Input;

/// <summary>
/// The prefixes tools write in front of what a line says. Each line is looked at on its own, since
/// one log often mixes forms (tripleoclient's log has unprefixed dnf output between its records):
/// <list type="bullet">
/// <item>`YYYY-MM-DD HH:MM:SS[.ffffff] | ` (Zuul v2, quickstart, devstack, tripleo_dense), then Zuul v3's
/// `host | ` or `host -> delegate | ` column (never tripleo_dense's task id column);</item>
/// <item>ansible's log_path: `YYYY-MM-DD HH:MM:SS,mmm p=PID u=USER [n=NAME] [LEVEL]| `;</item>
/// <item>python (oslo) logging, as tripleoclient writes it: `YYYY-MM-DD HH:MM:SS.mmm PID LEVEL logger [context]
/// `;</item>
/// <item>Jenkins' timestamper: `[YYYY-MM-DDTHH:MM:SS.mmmZ] `.</item>
/// </list>
/// A line that only starts with a time (Heat's event list) keeps its text and gets the time.
/// </summary>
internal static class LinePrefix
{
    /// <param name="TimeAt">Where the prefix's time starts, or -1; read with <see cref="TimeOf"/> only when
    /// wanted.</param>
    internal readonly record struct Parsed(int ContentStart, string? Host, int TimeAt, bool ErrorLevel)
    {
        public static readonly Parsed None = new(0, null, -1, false);
    }

    // A host name in Zuul's column is short; anything longer is text that happens to hold " | ".
    private const int MaxHostColumn = 140;

    public static Parsed Parse(ReadOnlySpan<char> line)
    {
        if (line.Length < 9)
            return Parsed.None;
        if (line[0] == '[')
            return Bracketed(line);
        const int time = 0;
        if (!char.IsAsciiDigit(line[0]))
            return Parsed.None;
        if (!IsTime(line, time, out var end))
            return IsClock(line, time, out end) ? Bare(line, end, time) : Parsed.None;
        if (IsBar(line, end))
        {
            var start = Math.Min(line.Length, end + 3);
            // tripleo_dense's task id column is not a host's.
            var (host, skip) = DenseLine.StartsAt(line, start) ? (null, 0) : ZuulHost(line, start);
            return new Parsed(Math.Min(line.Length, start + skip), host, time, false);
        }
        if (line[end..].StartsWith(" p="))
            return LogPath(line, end, time);
        if (end + 1 < line.Length && line[end] == ' ' && char.IsAsciiDigit(line[end + 1]))
            return PythonLogging(line, end, time);
        return Bare(line, end, time);
    }

    /// <summary>
    /// A time and a blank, and nothing else recognised after it (GitHub Actions' `ts `, Jenkins'
    /// `HH:MM:SS `, Heat's event list): the time is not part of what the line says.
    /// </summary>
    private static Parsed Bare(ReadOnlySpan<char> line, int end, int time) =>
        end < line.Length && line[end] == ' '
            ? new Parsed(end + 1, null, time, false)
            : new Parsed(0, null, time, false);

    private static bool IsBar(ReadOnlySpan<char> line, int at) =>
        at + 1 < line.Length && line[at] == ' ' && line[at + 1] == '|'
            && (at + 2 == line.Length || line[at + 2] == ' ');

    private static Parsed Bracketed(ReadOnlySpan<char> line)
    {
        const int time = 1;
        if (!IsTime(line, time, out var end) && !IsClock(line, time, out end))
            return Parsed.None;
        if (end + 1 >= line.Length || line[end] != ']' || line[end + 1] != ' ')
            return Parsed.None;
        return new Parsed(end + 2, null, time, false);
    }

    /// <summary>`ts p=PID u=USER [n=NAME] [LEVEL]| text`; ansible pads the text with blanks.</summary>
    private static Parsed LogPath(ReadOnlySpan<char> line, int end, int time)
    {
        var i = Digits(line, end + 3);
        if (i == end + 3 || !line[i..].StartsWith(" u="))
            return new Parsed(0, null, time, false);
        i = Word(line, i + 3);
        if (line[i..].StartsWith(" n="))
            i = Word(line, i + 3);
        var error = false;
        if (i + 1 < line.Length && line[i] == ' ' && char.IsAsciiLetterUpper(line[i + 1]))
        {
            var levelEnd = Word(line, i + 1);
            error = IsErrorLevel(line.Slice(i + 1, levelEnd - i - 1));
            i = levelEnd;
        }
        while (i < line.Length && line[i] == ' ')
            i++;
        if (i >= line.Length || line[i] != '|')
            return new Parsed(0, null, time, false);
        i++;
        while (i < line.Length && line[i] == ' ')
            i++;
        return new Parsed(i, null, time, error);
    }

    /// <summary>`ts PID LEVEL logger [context] text` (oslo.log's default format).</summary>
    private static Parsed PythonLogging(ReadOnlySpan<char> line, int end, int time)
    {
        var i = Digits(line, end + 1);
        if (i + 1 >= line.Length || line[i] != ' ' || !char.IsAsciiLetterUpper(line[i + 1]))
            return Bare(line, end, time);
        var levelEnd = Word(line, i + 1);
        var level = line.Slice(i + 1, levelEnd - i - 1);
        if (!IsLevel(level) || levelEnd + 1 >= line.Length || line[levelEnd] != ' ')
            return Bare(line, end, time);
        var loggerEnd = Word(line, levelEnd + 1);
        if (loggerEnd == levelEnd + 1 || loggerEnd >= line.Length)
            return Bare(line, end, time);
        var start = loggerEnd + 1;
        if (start < line.Length && line[start] == '[')
        {
            // The request context: "[-]", "[  ]", "[req-... admin admin]".
            var close = line.Slice(start, Math.Min(256, line.Length - start)).IndexOf(']');
            if (close < 0)
                return Bare(line, end, time);
            start = Math.Min(line.Length, start + close + 2);
        }
        return new Parsed(start, null, time, IsErrorLevel(level));
    }

    private static bool IsLevel(ReadOnlySpan<char> level) =>
        level is "DEBUG" or "INFO" or "WARNING" or "WARN" or "ERROR" or "CRITICAL" or "TRACE" or "AUDIT" or "NOTICE";

    private static bool IsErrorLevel(ReadOnlySpan<char> level) => level is "ERROR" or "CRITICAL";

    /// <summary>`host | ` or `host -> delegate | ` after Zuul's timestamp: (host, characters to skip).</summary>
    private static (string? Host, int Skip) ZuulHost(ReadOnlySpan<char> line, int start)
    {
        var limit = Math.Min(line.Length, start + MaxHostColumn);
        var nameEnd = HostName(line, start, limit);
        if (nameEnd < 0)
            return (null, 0);
        var at = nameEnd;
        if (line[at..].StartsWith(" -> "))
        {
            at = HostName(line, at + 4, limit);
            if (at < 0)
                return (null, 0);
        }
        if (!IsBar(line, at))
            return (null, 0);
        return (line[start..nameEnd].ToString(), at + 3 - start);
    }

    /// <summary>The end of a host name starting at <paramref name="at"/>, or -1.</summary>
    private static int HostName(ReadOnlySpan<char> line, int at, int limit)
    {
        if (at >= limit || !char.IsAsciiLetterOrDigit(line[at]))
            return -1;
        var i = at;
        while (i < limit && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '-' or '_' or '.' or ':'))
            i++;
        // "ok:" or "msg:" ends in a colon: a word of the text, not a host.
        return line[i - 1] == ':' ? -1 : i;
    }

    private static int Digits(ReadOnlySpan<char> line, int at)
    {
        while (at < line.Length && char.IsAsciiDigit(line[at]))
            at++;
        return at;
    }

    private static int Word(ReadOnlySpan<char> line, int at)
    {
        while (at < line.Length && line[at] != ' ' && line[at] != '|')
            at++;
        return at;
    }

    /// <summary>`YYYY-MM-DD[ T]HH:MM:SS`, then `.fff` or `,fff`, then an optional `Z`: where it ends.</summary>
    /// <remarks>Every line is asked; the time itself is built only for the few lines that need it.</remarks>
    private static bool IsTime(ReadOnlySpan<char> s, int at, out int end)
    {
        end = at;
        if (s.Length < at + 19 || s[at + 4] != '-' || s[at + 7] != '-' || (s[at + 10] != ' ' && s[at + 10] != 'T')
            || s[at + 13] != ':' || s[at + 16] != ':')
            return false;
        if (!Number(s, at, 4, out _) || !Number(s, at + 5, 2, out var month) || !Number(s, at + 8, 2, out var day)
            || !Number(s, at + 11, 2, out var hour) || !Number(s, at + 14, 2, out var minute)
            || !Number(s, at + 17, 2, out var second) || month is < 1 or > 12 || day is < 1 or > 31 || hour > 23
            || minute > 59 || second > 59)
            return false;
        var i = Fraction(s, at + 19);
        if (i < s.Length && s[i] == 'Z')
            i++;
        end = i;
        return true;
    }

    /// <summary>`HH:MM:SS` and an optional fraction: a time of day without its date (Jenkins' timestamper).</summary>
    private static bool IsClock(ReadOnlySpan<char> s, int at, out int end)
    {
        end = at;
        if (s.Length < at + 8 || s[at + 2] != ':' || s[at + 5] != ':' || !Number(s, at, 2, out var hour)
            || !Number(s, at + 3, 2, out var minute) || !Number(s, at + 6, 2, out var second) || hour > 23
            || minute > 59
            || second > 59)
            return false;
        end = Fraction(s, at + 8);
        return true;
    }

    private static int Fraction(ReadOnlySpan<char> s, int i)
    {
        if (i + 1 < s.Length && (s[i] == '.' || s[i] == ',') && char.IsAsciiDigit(s[i + 1]))
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
                i++;
        }
        return i;
    }

    /// <summary>
    /// The time <see cref="IsTime"/> recognised at <paramref name="at"/>; null for a day a month does not have.
    /// </summary>
    internal static DateTime? TimeOf(ReadOnlySpan<char> s, int at)
    {
        if (!IsTime(s, at, out _))
            return IsClock(s, at, out _) ? ClockOf(s, at) : null;
        Number(s, at, 4, out var year);
        Number(s, at + 5, 2, out var month);
        Number(s, at + 8, 2, out var day);
        Number(s, at + 11, 2, out var hour);
        Number(s, at + 14, 2, out var minute);
        Number(s, at + 17, 2, out var second);
        if (year < 1 || day > DateTime.DaysInMonth(year, month))
            return null;
        var ticks = FractionTicks(s, at + 19);
        return new DateTime(year, month, day, hour, minute, second).AddTicks(ticks);
    }

    /// <summary>A time of day on no date: durations between two of them still hold, except across midnight.</summary>
    private static DateTime ClockOf(ReadOnlySpan<char> s, int at)
    {
        Number(s, at, 2, out var hour);
        Number(s, at + 3, 2, out var minute);
        Number(s, at + 6, 2, out var second);
        return DateTime.MinValue.Add(new TimeSpan(hour, minute, second)).AddTicks(FractionTicks(s, at + 8));
    }

    private static long FractionTicks(ReadOnlySpan<char> s, int dot)
    {
        long ticks = 0;
        if (dot + 1 >= s.Length || (s[dot] != '.' && s[dot] != ','))
            return 0;
        var scale = TimeSpan.TicksPerSecond;
        for (var i = dot + 1; i < s.Length && char.IsAsciiDigit(s[i]) && scale > 1; i++)
        {
            scale /= 10;
            ticks += (s[i] - '0') * scale;
        }
        return ticks;
    }

    private static bool Number(ReadOnlySpan<char> s, int at, int length, out int value)
    {
        value = 0;
        for (var i = at; i < at + length; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
                return false;
            value = value * 10 + (s[i] - '0');
        }
        return true;
    }
}
