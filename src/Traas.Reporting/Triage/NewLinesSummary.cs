using Traas.Reporting.Summary;

namespace Traas.Reporting.Triage;

/// <summary>
/// The markdown of a comparison: one line of counts, then the top blocks in the order of the log,
/// each with a link to its first new line in console.html and its lines in a code block (new lines
/// marked <c>&gt;</c>). Whole blocks are dropped to stay within the byte limit, and the text says how many.
/// </summary>
public static class NewLinesSummary
{
    /// <summary>Longer lines are cut to this here, so that one long line leaves room for other blocks.</summary>
    public const int LineChars = 500;

    /// <summary>
    /// The summary of <paramref name="result"/> in at most <paramref name="maxBytes"/> bytes of UTF-8.
    /// </summary>
    /// <param name="consoleUrl">Where line links point: console.html, or its published address.</param>
    /// <param name="maxBlocks">How many of <see cref="LogDiffResult.TopBlocks"/> to show at most.</param>
    /// <param name="heading">The markdown heading (e.g. "### New in this run"); none when empty.</param>
    public static string Render(LogDiffResult result, int maxBytes, string consoleUrl = "console.html",
        int maxBlocks = 10, string heading = "### New lines against the last passing run")
    {
        ArgumentNullException.ThrowIfNull(result);
        var md = new StringBuilder();
        if (heading.Length > 0)
            md.Append(heading).Append("\n\n");
        md.Append(Counts(result)).Append("\n\n");
        var blocks = result.TopBlocks.Count <= maxBlocks ? result.TopBlocks
            : [.. result.TopBlocks.OrderByDescending(b => b.Score).ThenByDescending(b => b.FirstLine)
                .Take(maxBlocks).OrderBy(b => b.FirstLine)];
        var rendered = blocks.Select(b => Block(b, consoleUrl)).ToList();
        var budget = maxBytes - Encoding.UTF8.GetByteCount(md.ToString()) - 200;
        // Drop the lowest-ranked blocks until the rest fit.
        var keep = Enumerable.Range(0, blocks.Count).ToHashSet();
        var worstFirst = Enumerable.Range(0, blocks.Count)
            .OrderBy(i => blocks[i].Score).ThenBy(i => blocks[i].FirstLine);
        foreach (var i in worstFirst)
        {
            if (keep.Sum(k => Encoding.UTF8.GetByteCount(rendered[k])) <= budget)
                break;
            keep.Remove(i);
        }
        foreach (var i in keep.Order())
            md.Append(rendered[i]);
        var left = result.BlockCount - keep.Count;
        if (left > 0)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"... {Count(left, "more block")} in new-lines.json.\n");
        }
        return Fit(md.ToString(), maxBytes);
    }

    private static string Counts(LogDiffResult result)
    {
        if (result.NewLines == 0)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"No new lines: each of the {result.FailedLines:N0} lines has a near neighbour in the baseline "
                + $"({result.BaselineLines:N0} lines).");
        }
        var text = string.Create(CultureInfo.InvariantCulture,
            $"**{Count(result.NewLines, "new line")}** in {Count(result.BlockCount, "block")}: "
            + $"{result.ShownLines:N0} of {result.FailedLines:N0} lines shown "
            + $"({result.Reduction * 100:0.0}% reduction), against a baseline of {result.BaselineLines:N0} lines.");
        return result.BaselineIndexFull ? text + " The baseline was too varied to index whole." : text;
    }

    private static string Block(NewLinesBlock block, string consoleUrl)
    {
        var firstNew = block.Lines.FirstOrDefault(l => l.IsNew).Number;
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture,
            $"[Lines {block.FirstLine}-{block.LastLine}]({consoleUrl}#L{firstNew}), "
            + $"{Count(block.NewLineCount, "new line")}:\n");
        var width = block.LastLine.ToString(CultureInfo.InvariantCulture).Length;
        var text = new StringBuilder();
        for (var i = 0; i < block.Lines.Count; i++)
        {
            if (i == block.GapAt)
            {
                var omitted = block.Lines[i].Number - block.Lines[i - 1].Number - 1;
                text.Append(CultureInfo.InvariantCulture, $"  ... {Count(omitted, "line")} left out\n");
            }
            var line = block.Lines[i];
            text.Append(line.IsNew ? "> " : "  ")
                .Append(line.Number.ToString(CultureInfo.InvariantCulture).PadLeft(width)).Append("  ")
                .Append(Cut(line.Text)).Append('\n');
        }
        md.Append(Markdown.CodeBlock(text.ToString().TrimEnd('\n'))).Append('\n');
        return md.ToString();
    }

    private static string Cut(string text)
    {
        if (text.Length <= LineChars)
            return text;
        var keep = char.IsHighSurrogate(text[LineChars - 1]) ? LineChars - 1 : LineChars;
        return string.Concat(text.AsSpan(0, keep), " \u2026");
    }

    private static string Count(long n, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{n:N0} {(n == 1 ? noun : noun + "s")}");

    /// <summary>Cuts at a line boundary when even the counts and one block are too long.</summary>
    private static string Fit(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
            return text;
        var cut = text[..Math.Min(text.Length, maxBytes / 4)];
        var newline = cut.LastIndexOf('\n');
        return (newline > 0 ? cut[..newline] : cut) + "\n... (cut)\n";
    }
}
