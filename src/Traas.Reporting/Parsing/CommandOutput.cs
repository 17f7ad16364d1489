namespace Traas.Reporting.Parsing;

/// <summary>
/// One stream (stderr, stdout, module_stderr, ...) of a failed command, read as a developer reads it:
/// lines that never say why (ssh's "Shared connection to X closed.", xtrace's `+ cmd`) set aside, each
/// line ranked as <see cref="ErrorLines"/> ranks the log's, and the lines kept around the best-ranked one.
/// Keeps at most a few lines, whatever the size of the stream.
/// </summary>
internal sealed class CommandOutput(string name)
{
    /// <summary>Lines of a detail: the summary shows them under the failure's message.</summary>
    internal const int Kept = 10;

    // Lines kept before the best-ranked line, when it is not among the last ones: the rest come after it.
    private const int Before = 4;

    private readonly string[] _tail = new string[Kept];
    private readonly string[] _noise = new string[Kept];
    private readonly List<string> _around = [];
    private long _count;
    private long _noiseCount;
    private long _bestAt = -1;
    private int _aroundAnchor;
    private bool _inTraceback;

    public string Name { get; } = name;

    /// <summary>The best rank of a line; 0 when none looks like an error.</summary>
    public int Rank { get; private set; }

    /// <summary>The first line of the best rank, else the last line; null when only noise was read.</summary>
    public string? Key { get; private set; }

    /// <summary>Lines other than noise read.</summary>
    public bool HasLines => _count > 0;

    public bool HasNoise => _noiseCount > 0;

    /// <summary>Error output by convention: a stderr that says anything is shown, error words or not.</summary>
    public bool IsStderr => Name.EndsWith("stderr", StringComparison.Ordinal);

    public static CommandOutput Of(string name, string text)
    {
        var output = new CommandOutput(name);
        foreach (var line in text.Split('\n'))
            output.Add(line);
        return output;
    }

    public void Add(string line)
    {
        line = line.TrimEnd();
        if (line.Length == 0)
            return;
        if (line.Length > ReportLimits.ExcerptChars)
            line = string.Concat(line.AsSpan(0, ReportLimits.ExcerptChars), "\u2026");
        if (IsNoise(line))
        {
            _noise[_noiseCount++ % Kept] = line;
            return;
        }
        var rank = RankOf(line);
        if (rank > Rank)
        {
            (Rank, Key, _bestAt) = (rank, line, _count);
            _around.Clear();
            _around.AddRange(Last(_tail, _count).TakeLast(Before));
            _aroundAnchor = _around.Count;
            _around.Add(line);
        }
        else
        {
            if (Rank == 0)
                Key = line;
            else if (_around.Count < Kept)
                _around.Add(line);
        }
        _tail[_count++ % Kept] = line;
    }

    /// <summary>At most <paramref name="lines"/> lines: around the best-ranked line, else the last ones.</summary>
    public IEnumerable<string> Excerpt(int lines)
    {
        if (_count == 0)
            return Last(_noise, _noiseCount).TakeLast(lines);
        string[] kept;
        int anchor;
        if (Rank > 0 && _count - _bestAt > Kept)
            (kept, anchor) = ([.. _around], _aroundAnchor);
        else
        {
            kept = [.. Last(_tail, _count)];
            anchor = Rank > 0 ? (int)(_bestAt - (_count - kept.Length)) : kept.Length - 1;
        }
        var start = Math.Max(0, Math.Min(kept.Length - lines, anchor - ((lines - 1) / 2)));
        return kept.Skip(start).Take(lines);
    }

    private static IEnumerable<string> Last(string[] ring, long count)
    {
        for (var i = Math.Max(0, count - Kept); i < count; i++)
            yield return ring[i % Kept];
    }

    private int RankOf(string line)
    {
        // A traceback says why at its first line back at the margin, as in the log (ErrorLines).
        if (_inTraceback && char.IsWhiteSpace(line[0]))
            return 0;
        var exception = _inTraceback;
        _inTraceback = line.AsSpan().TrimStart()
            .StartsWith("Traceback (most recent call last)", StringComparison.Ordinal);
        return exception ? ErrorLines.TracebackRank : ErrorLines.Rank(line);
    }

    /// <summary>
    /// Lines a command's output carries whatever went wrong: ssh's own notices, and bash xtrace
    /// (`set -x` writes `+ cmd`, `++ cmd` in a subshell, tripleo-ci's PS4 `+(file:line): func(): cmd`).
    /// </summary>
    internal static bool IsNoise(string line)
    {
        if (line[0] == '+')
        {
            var plus = line.AsSpan().TrimStart('+');
            return plus.IsEmpty || plus[0] is ' ' or '(';
        }
        return (line.StartsWith("Shared connection to ", StringComparison.Ordinal)
                || line.StartsWith("Connection to ", StringComparison.Ordinal))
            && line.EndsWith(" closed.", StringComparison.Ordinal)
            || line.StartsWith("Warning: Permanently added ", StringComparison.Ordinal)
            || line.StartsWith("Pseudo-terminal will not be allocated", StringComparison.Ordinal);
    }
}
