using Traas.Reporting.Input;

namespace Traas.Reporting.Parsing;

/// <summary>
/// Finds the lines that say why a job failed when no failing task does (tox, an rpm build, a shell
/// script, a Heat stack): shipped patterns, each with a rank, and the last lines of the log. Keeps
/// a bounded set of candidates and a ring of the last lines, never the log.
/// </summary>
internal sealed class ErrorLines
{
    internal const int TracebackRank = 80;
    private const int ErrorLevelRank = 65;
    private const int RpmBlockLines = 5;

    // Ranked: the more a pattern says about the cause, the higher. A line takes its best pattern.
    private static readonly (string Text, int Rank)[] Patterns =
    [
        ("No valid host was found", 95),
        ("RPM build errors", 90),
        ("InvocationError", 85),
        ("EXCEPTION", 75),
        ("CREATE_FAILED", 70),
        ("UPDATE_FAILED", 70),
        ("fatal:", 60),
        // A failed result in output the parser does not count (a nested run's): it names the task.
        ("failed: [", 60),
        ("FATAL", 60),
        ("ERROR", 50),
        ("command not found", 45),
        ("cannot stat", 45),
        ("Error:", 40),
        ("error:", 40),
        ("No such file or directory", 35),
        ("Permission denied", 35),
        ("FAILED", 30),
        ("Traceback (most recent call last)", 20),
    ];

    // The patterns and the highlighting words together: a plain line is scanned once for both.
    private static readonly SearchValues<string> Words =
        SearchValues.Create([.. Patterns.Select(p => p.Text), "WARNING"], StringComparison.Ordinal);

    private readonly (long Line, string Text)[] _tail = new (long, string)[ReportLimits.TailLines];
    private readonly List<(int Rank, long Line, string Text)> _candidates = [];
    private readonly Dictionary<string, int> _byText = new(StringComparer.Ordinal);
    private int _tailNext;
    private int _tailCount;
    private long _tracebackLine = -1;
    private long _rpmLine = -1;
    private int _rpmLeft;
    private string _rpmText = "";

    /// <param name="lineClass">What the parser made of the line; Plain when it claimed nothing (output, where error
    /// text lives).</param>
    /// <returns>How console.html shows the line: a plain line by the words it holds.</returns>
    public LineClass Observe(in LogLine line, LineClass lineClass)
    {
        var plain = lineClass == LineClass.Plain;
        if (line.IsContinuation)
            return plain ? LogParser.ByContent(line.Content) : lineClass;
        var text = Cut(line.Content);
        _tail[_tailNext] = (line.Number, text);
        _tailNext = (_tailNext + 1) % _tail.Length;
        _tailCount = Math.Min(_tailCount + 1, _tail.Length);
        var inBlock = ContinueBlocks(line.Number, text);
        if (!plain)
            return lineClass;
        var hit = line.Content.AsSpan().IndexOfAny(Words) >= 0;
        var shown = hit ? LogParser.ByContent(line.Content) : LineClass.Plain;
        if (inBlock || text.Length == 0)
            return shown;
        if (text[0] is 'T' or 'R' or ' ' or '\t' && StartsBlock(line.Number, text))
            return shown;
        // "None" or an empty record at level ERROR says nothing.
        var rank = line.ErrorLevel && text.Length >= 10 ? ErrorLevelRank : 0;
        if (hit)
            rank = Math.Max(rank, RankOf(text));
        if (rank > 0)
            Add(rank, line.Number, text.Trim());
        return shown;
    }

    private bool StartsBlock(long number, string text)
    {
        var start = text.AsSpan().TrimStart();
        if (start.StartsWith("Traceback (most recent call last)", StringComparison.Ordinal))
        {
            _tracebackLine = number;
            return true;
        }
        if (start.StartsWith("RPM build errors", StringComparison.Ordinal))
        {
            (_rpmLine, _rpmLeft, _rpmText) = (number, RpmBlockLines, text.Trim());
            return true;
        }
        return false;
    }

    /// <summary>A traceback's exception line, and the lines listed under `RPM build errors:`.</summary>
    private bool ContinueBlocks(long number, string text)
    {
        if (_rpmLine >= 0)
        {
            if (_rpmLeft-- > 0 && text.Length > 0 && char.IsWhiteSpace(text[0]))
            {
                _rpmText = $"{_rpmText} {text.Trim()}";
                return true;
            }
            Add(RankOf("RPM build errors"), _rpmLine, _rpmText);
            _rpmLine = -1;
        }
        if (_tracebackLine < 0)
            return false;
        if (text.Length == 0 || char.IsWhiteSpace(text[0]))
            return true;
        // The first line back at the margin names the exception.
        Add(TracebackRank, _tracebackLine, text.Trim());
        _tracebackLine = -1;
        return true;
    }

    /// <summary>A line's rank by the shipped patterns alone; 0 when none is in it.</summary>
    internal static int Rank(string text) => text.AsSpan().IndexOfAny(Words) >= 0 ? RankOf(text) : 0;

    private static int RankOf(string text)
    {
        foreach (var (word, rank) in Patterns)
        {
            if (text.Contains(word, StringComparison.Ordinal))
                return rank;
        }
        return 0;
    }

    private void Add(int rank, long line, string text)
    {
        if (text.Length == 0)
            return;
        if (_byText.TryGetValue(text, out var known))
        {
            if (_candidates[known].Rank < rank)
                _candidates[known] = (rank, _candidates[known].Line, text);
            return;
        }
        if (_candidates.Count < ReportLimits.ErrorLinesKept)
        {
            _byText[text] = _candidates.Count;
            _candidates.Add((rank, line, text));
            return;
        }
        // Full: an earlier line of the same rank stays; a better one takes the weakest place.
        var weakest = 0;
        for (var i = 1; i < _candidates.Count; i++)
        {
            if (_candidates[i].Rank < _candidates[weakest].Rank)
                weakest = i;
        }
        if (_candidates[weakest].Rank >= rank)
            return;
        _byText.Remove(_candidates[weakest].Text);
        _byText[text] = weakest;
        _candidates[weakest] = (rank, line, text);
    }

    /// <summary>The best error lines: highest rank first, the earlier line first within a rank.</summary>
    public IReadOnlyList<LogExcerpt> Best()
    {
        if (_tracebackLine >= 0)
            Add(TracebackRank, _tracebackLine, "Traceback (most recent call last): (the log ends inside it)");
        if (_rpmLine >= 0)
            Add(RankOf("RPM build errors"), _rpmLine, _rpmText);
        _tracebackLine = _rpmLine = -1;
        return [.. _candidates.OrderByDescending(c => c.Rank).ThenBy(c => c.Line)
            .Take(ReportLimits.ErrorLinesShown * 2).Select(c => new LogExcerpt(c.Line, c.Text))];
    }

    public IReadOnlyList<LogExcerpt> Tail()
    {
        var lines = new List<LogExcerpt>(_tailCount);
        for (var i = 0; i < _tailCount; i++)
        {
            var (line, text) = _tail[(_tailNext - _tailCount + i + _tail.Length) % _tail.Length];
            lines.Add(new LogExcerpt(line, text));
        }
        return lines;
    }

    private static string Cut(string text) =>
        text.Length <= ReportLimits.ExcerptChars
            ? text
            : string.Concat(text.AsSpan(0, ReportLimits.ExcerptChars), "\u2026");
}
