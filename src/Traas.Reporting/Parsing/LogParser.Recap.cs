using Traas.Reporting.Input;

namespace Traas.Reporting.Parsing;

/// <summary>PLAY RECAP rows in ansible's own form: the 4-counter (2.4) and the 7-counter (2.8+) one.</summary>
internal sealed partial class LogParser
{
    // skipped, rescued and ignored each may be missing: ansible 2.8+ writes all three, 2.4 none, and
    // other writers (a stand-in job, a callback) some.
    [GeneratedRegex(@"^(\S.*?)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)"
        + @"(?:\s+skipped=(\d+))?(?:\s+rescued=(\d+))?(?:\s+ignored=(\d+))?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex RecapRowPattern();

    private bool TryRecapRow(in LogLine line, out LineClass lineClass)
    {
        lineClass = LineClass.Plain;
        var content = line.Content;
        var match = content.Length <= MaxPatternChars ? RecapRowPattern().Match(content) : Match.Empty;
        if (!match.Success)
            return UnreadableRecapRow(line, content, out lineClass);
        int Count(int group) => match.Groups[group].Success
            ? LogNumber.Int(match.Groups[group].ValueSpan) : 0;
        var counts = new HostCounts(Count(2), Count(3), Count(4), Count(5), Count(6), Count(7), Count(8));
        lineClass = RecapRow(new RecapRow(match.Groups[1].Value.Trim(), counts, match.Groups[6].Success, line.Number)
        {
            CountsRescues = match.Groups[7].Success,
            CountsIgnored = match.Groups[8].Success,
        });
        return true;
    }

    private LineClass RecapRow(RecapRow row)
    {
        _builder.RecapRow(row, _builder.CurrentRunName);
        var failing = row.Counts.Failed > 0 || row.Counts.Unreachable > 0;
        if (failing)
            MarkSectionFailed();
        return failing ? LineClass.Error : LineClass.Ok;
    }

    /// <summary>
    /// A line under PLAY RECAP that looks like a row but does not read as one is said so, not skipped.
    /// </summary>
    private bool UnreadableRecapRow(in LogLine line, string content, out LineClass lineClass)
    {
        lineClass = LineClass.Warning;
        var looksLikeRow = content.Contains("ok=", StringComparison.Ordinal)
            && content.Contains("failed=", StringComparison.Ordinal);
        if (!looksLikeRow)
        {
            _inRecap = false;
            return false;
        }
        _builder.Warn(line.Number, $"PLAY RECAP row at line {line.Number} could not be read, so it is not reconciled: "
            + Excerpt(content));
        return true;
    }

    private static string Excerpt(string text) =>
        text.Length <= 200 ? $"`{text}`" : $"`{text[..200]}\u2026`";
}
