namespace Traas.Reporting.Input;

/// <summary>
/// One line of tripleo-ansible's tripleo_dense stdout callback (the default for `openstack overcloud
/// deploy` from Wallaby on) or of tripleo_profile_tasks beside it. Their `_output` joins the fields with
/// ` | `: `2021-10-05 12:34:56.123456 | 52540012-3456-7890-abcd-000000000012 |       TASK | name`, the
/// time `%Y-%m-%d %H:%M:%S.%f`, the task's `_uuid` padded to 36 (`'{:36}'`, all blanks for a warning,
/// which has no task), the state right-aligned in 10. The time is the line's own prefix, or follows
/// another one (ansible's log_path, tripleoclient's python logging).
/// </summary>
/// <param name="Uuid">The task's id (an include's file gets a uuid4 of its own); empty when blank.</param>
/// <param name="Rest">Everything after the state's ` | `: the fields the state has.</param>
internal readonly record struct DenseLine(DenseState State, string Uuid, string Rest)
{
    private const int UuidChars = 36;
    private const int StateWidth = 10;
    private const string Separator = " | ";
    private const string TimeShape = "dddd-dd-dd dd:dd:dd.dddddd";

    /// <summary>`uuid |      STATE` (and ` | ` or the line's end) starts at <paramref name="at"/>.</summary>
    public static bool StartsAt(ReadOnlySpan<char> text, int at) => StateAt(text, at, out _, out _);

    public static bool TryRead(string content, out DenseLine line)
    {
        line = default;
        var at = content.Length > TimeShape.Length + Separator.Length && IsTime(content)
            && content.AsSpan(TimeShape.Length).StartsWith(Separator) ? TimeShape.Length + Separator.Length : 0;
        if (!StateAt(content, at, out var state, out var end))
            return false;
        var uuid = content.AsSpan(at, UuidChars).Trim(' ').ToString();
        line = new DenseLine(state, uuid, end < content.Length ? content[(end + Separator.Length)..] : "");
        return true;
    }

    private static bool StateAt(ReadOnlySpan<char> text, int at, out DenseState state, out int end)
    {
        state = default;
        end = 0;
        var column = at + UuidChars + Separator.Length;
        if (text.Length < column + StateWidth || !text[(at + UuidChars)..].StartsWith(Separator)
            || !IsUuidColumn(text.Slice(at, UuidChars)))
            return false;
        var word = column;
        while (word < text.Length && text[word] == ' ')
            word++;
        end = word;
        while (end < text.Length && char.IsAsciiLetterUpper(text[end]))
            end++;
        // Right-aligned in ten: blanks and a word of ten characters together, or a longer word alone.
        if (end - column != StateWidth && (word != column || end - column < StateWidth))
            return false;
        if (end < text.Length && !text[end..].StartsWith(Separator))
            return false;
        return StateOf(text[word..end], out state);
    }

    /// <summary>36 blanks, or ansible's task id / a uuid4: hex in groups of 8-4-4-4-12.</summary>
    private static bool IsUuidColumn(ReadOnlySpan<char> column)
    {
        if (column.IndexOfAnyExcept(' ') < 0)
            return true;
        for (var i = 0; i < column.Length; i++)
        {
            var dash = i is 8 or 13 or 18 or 23;
            if (dash ? column[i] != '-' : !char.IsAsciiHexDigit(column[i]))
                return false;
        }
        return true;
    }

    private static bool IsTime(string content)
    {
        for (var i = 0; i < TimeShape.Length; i++)
        {
            if (TimeShape[i] == 'd' ? !char.IsAsciiDigit(content[i]) : content[i] != TimeShape[i])
                return false;
        }
        return true;
    }

    private static bool StateOf(ReadOnlySpan<char> word, out DenseState state)
    {
        (var known, state) = word switch
        {
            "TASK" => (true, DenseState.Task),
            "HANDLER" => (true, DenseState.Handler),
            "CLEANUP" => (true, DenseState.Cleanup),
            "START" => (true, DenseState.Start),
            "OK" => (true, DenseState.Ok),
            "CHANGED" => (true, DenseState.Changed),
            "SKIPPED" => (true, DenseState.Skipped),
            "FATAL" => (true, DenseState.Fatal),
            "IGNORED" => (true, DenseState.Ignored),
            "UNREACHABLE" => (true, DenseState.Unreachable),
            "INCLUDED" => (true, DenseState.Included),
            "RETRY" => (true, DenseState.Retry),
            "WAITING" => (true, DenseState.Waiting),
            "WARNING" => (true, DenseState.Warning),
            "DEPRECATED" => (true, DenseState.Deprecated),
            "TIMING" => (true, DenseState.Timing),
            "SUMMARY" => (true, DenseState.Summary),
            _ => (false, default),
        };
        return known;
    }

    /// <summary>`'{0:.02f}s'`.</summary>
    public static bool TrySeconds(ReadOnlySpan<char> text, out double seconds)
    {
        seconds = 0;
        return text.Length > 1 && text[^1] == 's'
            && double.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out seconds);
    }

    /// <summary>python's `str(timedelta)`: `0:00:25.128927`, past a day `1 day, 2:03:04.5` (`2 days, ...`).</summary>
    public static bool TryElapsed(ReadOnlySpan<char> text, out double seconds)
    {
        seconds = 0;
        var days = 0;
        var comma = text.IndexOf(", ");
        if (comma >= 0)
        {
            if (!Whole(text[..text.IndexOf(' ')], out days))
                return false;
            text = text[(comma + 2)..];
        }
        var first = text.IndexOf(':');
        var second = text.LastIndexOf(':');
        if (first < 0 || second == first || !Whole(text[..first], out var hours)
            || !Whole(text[(first + 1)..second], out var minutes)
            || !double.TryParse(text[(second + 1)..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture,
                out var rest))
            return false;
        seconds = (((days * 24.0) + hours) * 60 + minutes) * 60 + rest;
        return true;
    }

    private static bool Whole(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
