using Traas.Reporting.Input;

namespace Traas.Reporting.Triage;

/// <summary>
/// Matches failure patterns against a log line by line (what each line says: ANSI escapes and
/// prefixes removed). A regex made of a group of the patterns looks at each line first, so a line
/// that matches none (nearly all) is read once per group; only a group that matches tries its
/// patterns one by one. Groups are as large as .NET's linear-time regex builds (its automaton has
/// a size limit: the shipped set takes a few groups).
/// Memory is bounded: per pattern, its first text and a few line numbers.
/// </summary>
public sealed class PatternScanner
{
    public const int TextChars = 500;
    public const int LinesKept = 16;

    private readonly IReadOnlyList<FailurePattern> _patterns;
    private readonly List<(Regex Any, int Start, int End)> _groups = [];
    private readonly State[] _states;

    public PatternScanner(IReadOnlyList<FailurePattern> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        _patterns = patterns;
        _states = [.. patterns.Select(_ => new State())];
        Group(0, patterns.Count);
    }

    /// <summary>Patterns [start, end) in one regex, or else each half in its own.</summary>
    private void Group(int start, int end)
    {
        if (start >= end)
            return;
        if (end - start == 1)
        {
            _groups.Add((_patterns[start].Regex, start, end));
            return;
        }
        var group = _patterns.Skip(start).Take(end - start).ToList();
        // A user's pattern is linear-time, and so is any group with one: only ours may backtrack.
        var linear = group.Any(IsLinear);
        if (linear && !group.All(IsLinear))
        {
            var first = group.FindIndex(p => IsLinear(p) != IsLinear(group[0]));
            Group(start, start + first);
            Group(start + first, end);
            return;
        }
        var options = RegexOptions.CultureInvariant | (linear ? RegexOptions.NonBacktracking : RegexOptions.Compiled);
        try
        {
            var any = new Regex(string.Join('|', group.Select(p => $"(?:{p.Regex})")), options,
                TimeSpan.FromSeconds(1));
            _groups.Add((any, start, end));
        }
        catch (NotSupportedException)
        {
            var middle = start + ((end - start) / 2);
            Group(start, middle);
            Group(middle, end);
        }
    }

    private static bool IsLinear(FailurePattern pattern) =>
        pattern.Regex.Options.HasFlag(RegexOptions.NonBacktracking);

    /// <summary>Looks at one line: its number and what it says (<see cref="LogLine.Content"/>).</summary>
    public void Feed(long number, string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        foreach (var (any, start, end) in _groups)
        {
            if (!Matches(any, content))
                continue;
            for (var i = start; i < end; i++)
            {
                if (end - start == 1 || Matches(_patterns[i].Regex, content))
                    _states[i].Add(number, content);
            }
        }
    }

    /// <summary>The patterns seen so far, in the order of the pattern list.</summary>
    public IReadOnlyList<PatternMatch> Matches() =>
        [.. _patterns.Select((p, i) => (p, s: _states[i])).Where(x => x.s.Count > 0)
            .Select(x => new PatternMatch(x.p, x.s.FirstLine, x.s.FirstText, x.s.Count, x.s.Lines()))];

    /// <summary>Reads a whole log (plain text; lines over 1 MiB are read as their first MiB).</summary>
    public static async Task<IReadOnlyList<PatternMatch>> ScanAsync(Stream log, IReadOnlyList<FailurePattern> patterns,
        CancellationToken cancellationToken)
    {
        var scanner = new PatternScanner(patterns);
        using var reader = new LogLineReader(log, LogDiff.MaxLineBytes);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (!line.IsContinuation)
                scanner.Feed(line.Number, LineCleaner.Clean(line.Number, line.Text, false).Content);
        }
        return scanner.Matches();
    }

    /// <summary>A line that keeps a regex busy past its timeout counts as no match.</summary>
    private static bool Matches(Regex regex, string content)
    {
        try
        {
            return regex.IsMatch(content);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private sealed class State
    {
        private readonly Queue<long> _last = new();
        private readonly List<long> _first = [];

        public int Count { get; private set; }
        public long FirstLine { get; private set; }
        public string FirstText { get; private set; } = "";

        public void Add(long number, string content)
        {
            if (Count++ == 0)
            {
                FirstLine = number;
                FirstText = content.Length > TextChars ? content[..TextChars] : content;
            }
            if (_first.Count < LinesKept)
            {
                _first.Add(number);
                return;
            }
            _last.Enqueue(number);
            if (_last.Count > LinesKept)
                _last.Dequeue();
        }

        public IReadOnlyList<long> Lines() => [.. _first, .. _last];
    }
}
