using Traas.Reporting.Input;

namespace Traas.Reporting.Triage;

/// <summary>
/// Matches failure patterns against a log line by line (what each line says: ANSI escapes and
/// prefixes removed). A regex made of a group of the patterns looks at each line first, so a line
/// that matches none (nearly all) is read once per group; only a group that matches tries its
/// patterns one by one. Groups are as large as .NET's linear-time regex builds (its automaton has
/// a size limit: the shipped set takes a few groups). Before any regex, one vectorised search looks for
/// the patterns' literals (<see cref="RequiredLiterals"/>): a line without any is left to the patterns
/// that have none, and for the shipped set that is none at all.
/// Memory is bounded: per pattern, its first text and a few line numbers.
/// </summary>
public sealed class PatternScanner
{
    public const int TextChars = 500;
    public const int LinesKept = 16;

    private readonly IReadOnlyList<FailurePattern> _patterns;
    private readonly List<(Regex Any, int[] Members)> _groups = [];
    private readonly List<(Regex Any, int[] Members)> _unfilteredGroups = [];
    private readonly SearchValues<string>? _literals;
    private readonly State[] _states;

    public PatternScanner(IReadOnlyList<FailurePattern> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        _patterns = patterns;
        _states = [.. patterns.Select(_ => new State())];
        Group(_groups, [.. Enumerable.Range(0, patterns.Count)]);
        var literals = patterns.Select(p => RequiredLiterals.Of(p.Regex)).ToList();
        if (literals.All(l => l is null))
            return;
        _literals = SearchValues.Create([.. literals.SelectMany(l => l ?? []).Distinct()], StringComparison.Ordinal);
        Group(_unfilteredGroups, [.. Enumerable.Range(0, patterns.Count).Where(i => literals[i] is null)]);
    }

    /// <summary>The patterns <paramref name="members"/> in one regex, or else each half in its own.</summary>
    private void Group(List<(Regex Any, int[] Members)> groups, int[] members)
    {
        if (members.Length == 0)
            return;
        if (members.Length == 1)
        {
            groups.Add((_patterns[members[0]].Regex, members));
            return;
        }
        var group = members.Select(i => _patterns[i]).ToList();
        // A user's pattern is linear-time, and so is any group with one: only ours may backtrack.
        var linear = group.Any(IsLinear);
        if (linear && !group.All(IsLinear))
        {
            var first = group.FindIndex(p => IsLinear(p) != IsLinear(group[0]));
            Group(groups, members[..first]);
            Group(groups, members[first..]);
            return;
        }
        var options = RegexOptions.CultureInvariant | (linear ? RegexOptions.NonBacktracking : RegexOptions.Compiled);
        try
        {
            var any = new Regex(string.Join('|', group.Select(p => $"(?:{p.Regex})")), options,
                TimeSpan.FromSeconds(1));
            groups.Add((any, members));
        }
        catch (NotSupportedException)
        {
            var middle = members.Length / 2;
            Group(groups, members[..middle]);
            Group(groups, members[middle..]);
        }
    }

    private static bool IsLinear(FailurePattern pattern) =>
        pattern.Regex.Options.HasFlag(RegexOptions.NonBacktracking);

    /// <summary>Looks at one line: its number and what it says (<see cref="LogLine.Content"/>).</summary>
    public void Feed(long number, string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        // A line that holds none of the patterns' literals (nearly all) is matched by those that have none.
        var groups = _literals is null || content.AsSpan().IndexOfAny(_literals) >= 0 ? _groups : _unfilteredGroups;
        foreach (var (any, members) in groups)
        {
            if (!Matches(any, content))
                continue;
            foreach (var i in members)
            {
                if (members.Length == 1 || Matches(_patterns[i].Regex, content))
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
        private readonly HeadAndTail<long> _lines = new(LinesKept, LinesKept);

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
            _lines.Add(number);
        }

        public IReadOnlyList<long> Lines() => _lines.Items();
    }
}
