using Traas.Tool.Config;

namespace Traas.Tool.GitHub;

/// <summary>
/// The texts publish writes: the sticky PR comment (one per job type, found again by a hidden
/// marker, with the history of earlier runs kept in it), the check run's summary and the step
/// summary, each cut to its GitHub limit with a note saying so. Text from the log in them goes through
/// <see cref="Mentions.Neutralise"/>, so that it notifies and links nobody.
/// </summary>
internal static partial class CommentBody
{
    /// <summary>GitHub's limit on a comment's body, in characters.</summary>
    public const int CommentLimit = 65536;

    /// <summary>GitHub's limit on a check run's output.summary and output.text, in characters.</summary>
    public const int CheckRunSummaryLimit = 65535;

    /// <summary>$GITHUB_STEP_SUMMARY's limit per step, in bytes.</summary>
    public const int StepSummaryLimit = 1024 * 1024;

    /// <summary>At most this much of new-lines.md (`traas-ci diff`) goes into a posted text.</summary>
    public const int NewLinesLimit = 16000;

    public static string Marker(string jobType) => $"<!-- traas-ci:job={Escape(jobType)} -->";

    /// <summary>
    /// The comment for this run, the earlier runs below it; at most <see cref="CommentLimit"/> characters.
    /// </summary>
    public static string Comment(string jobType, RunEntry current, string summary,
        IReadOnlyList<KnownFailureMatch> known, IReadOnlyList<RunEntry> earlier, ConsoleLinks? links = null,
        string? newLines = null)
    {
        var head = new StringBuilder();
        if (current.Retried)
        {
            head.Append(
                $"> [!NOTE]\n> Attempt {current.Attempt ?? 1} failed for the infrastructure: the job runs again on a "
                    + "new stack (`--retry-infra`), and this comment will show that attempt.\n\n");
        }
        // Attempts that were run again for the infrastructure are not the change's failures.
        var earlierFailures = earlier.Count(e => e.Result != JobResult.Passed && !e.Retried);
        if (current.Result == JobResult.Passed && earlierFailures > 0)
        {
            head.Append(CultureInfo.InvariantCulture,
                $"> [!WARNING]\n> This run passed, but "
                    + $"{earlierFailures} earlier run{(earlierFailures == 1 ? "" : "s")} of "
                    + $"{EscapeMarkdown(jobType)} on this pull request did not; see the earlier runs below.\n\n");
        }
        var tail = new StringBuilder();
        tail.Append(NewLinesSection(newLines, links, NewLinesLimit));
        tail.Append(KnownFailuresSection(known, links));
        if (links is not null)
            tail.Append(links.Footer());
        summary = links?.Absolute(summary) ?? summary;
        if (earlier.Count > 0)
        {
            tail.Append(CultureInfo.InvariantCulture,
                $"\n<details><summary>Earlier runs on this pull request ({earlier.Count})</summary>\n\n");
            tail.Append(CommentHistory.Table(earlier));
            tail.Append("\n</details>\n");
        }
        // The known failures and the table are inert already (names neutralised, history fields
        // checked and escaped); neutralising them again would break the fingerprints' own links.
        var marker = Marker(jobType) + "\n";
        var visibleHead = Mentions.Neutralise(head.ToString());
        var block = "\n" + CommentHistory.Block(new[] { current }.Concat(earlier)) + "\n";
        var room = CommentLimit - marker.Length - visibleHead.Length - tail.Length - block.Length;
        return marker + visibleHead
            + Cut(Mentions.Neutralise(summary), room, "the full summary is in the workflow run's summary")
            + tail + block;
    }

    /// <summary>
    /// The check run's summary: the job's summary and the known failures,
    /// at most <see cref="CheckRunSummaryLimit"/> characters.
    /// </summary>
    public static string CheckRunSummary(string summary, IReadOnlyList<KnownFailureMatch> known,
        ConsoleLinks? links = null, string? newLines = null)
    {
        var tail = NewLinesSection(newLines, links, NewLinesLimit) + KnownFailuresSection(known, links);
        summary = links?.Absolute(summary) ?? summary;
        return Cut(Mentions.Neutralise(summary), CheckRunSummaryLimit - tail.Length,
            "the full summary is in the workflow run's summary") + tail;
    }

    /// <summary>What is appended to $GITHUB_STEP_SUMMARY, within what is left of its 1 MiB.</summary>
    public static string StepSummary(string summary, IReadOnlyList<KnownFailureMatch> known, long alreadyWritten,
        ConsoleLinks? links = null, string? newLines = null)
    {
        var tail = NewLinesSection(newLines, links, NewLinesLimit) + KnownFailuresSection(known, links);
        summary = links?.Absolute(summary) ?? summary;
        var room = StepSummaryLimit - alreadyWritten - Encoding.UTF8.GetByteCount(tail);
        return CutBytes(Mentions.Neutralise(summary), room, "the full summary is in summary.md among the artifacts")
            + tail;
    }

    /// <summary>
    /// A failed run's new lines against its baseline (new-lines.md, `traas-ci diff`), in at most
    /// <paramref name="room"/> characters, links absolute, inert; empty without any.
    /// </summary>
    public static string NewLinesSection(string? newLines, ConsoleLinks? links, int room)
    {
        if (newLines is not { Length: > 0 } || room <= 200)
            return "";
        var text = Inert(links?.Absolute(newLines) ?? newLines);
        return "\n" + Cut(text, room - 2, "the rest is in new-lines.md") + "\n";
    }

    /// <summary>
    /// Markdown from the log, neutralised, with no HTML outside code blocks ('&lt;' escaped) and no
    /// "&lt;!--" inside them (a joiner breaks it): the markers around it stay ours.
    /// </summary>
    internal static string Inert(string text)
    {
        var lines = Mentions.Neutralise(text).Split('\n');
        var fenced = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = FenceLine().IsMatch(lines[i]);
            lines[i] = fenced || fence
                ? lines[i].Replace("<!--", $"<{Mentions.WordJoiner}!--", StringComparison.Ordinal)
                : lines[i].Replace("<", "&lt;", StringComparison.Ordinal);
            fenced ^= fence;
        }
        return string.Join('\n', lines);
    }

    /// <summary>The known failures found, each linked to its own page (given in the fingerprints).</summary>
    public static string KnownFailuresSection(IReadOnlyList<KnownFailureMatch> known, ConsoleLinks? links = null)
    {
        if (known.Count == 0)
            return "";
        var text = new StringBuilder("\n### Known failures\n\n");
        foreach (var match in known.Take(50))
        {
            var escaped = Mentions.Neutralise(EscapeMarkdown(match.Failure.Name));
            var name = match.Failure.Url is { } url ? $"[{escaped}]({url})" : escaped;
            text.Append(CultureInfo.InvariantCulture,
                $"- {name}: {match.Count} line{(match.Count == 1 ? "" : "s")}, first at [line "
                    + $"{match.FirstLine}]({links?.Line(match.FirstLine) ?? $"console.html#L{match.FirstLine}"})\n");
        }
        return text.ToString();
    }

    /// <summary>
    /// Cuts to at most <paramref name="room"/> characters, at a line end when it can, never inside a surrogate pair.
    /// </summary>
    internal static string Cut(string text, long room, string where)
    {
        if (text.Length <= room)
            return text;
        var note = $"\n\n… cut here to fit GitHub's limit; {where}.\n";
        var keep = (int)Math.Max(0, room - note.Length);
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
            keep--;
        var newline = text.LastIndexOf('\n', Math.Max(0, keep - 1));
        if (newline > keep / 2)
            keep = newline;
        return CloseFence(text[..keep]) + note;
    }

    internal static string CutBytes(string text, long roomBytes, string where)
    {
        if (Encoding.UTF8.GetByteCount(text) <= roomBytes)
            return text;
        // Characters take at most 3 bytes each in UTF-16 units (a surrogate pair, 4 bytes for 2 units).
        var room = roomBytes / 3;
        var cut = Cut(text, room, where);
        return Encoding.UTF8.GetByteCount(cut) <= roomBytes ? cut : "";
    }

    /// <summary>A cut inside a ``` block would swallow everything after it: close the block.</summary>
    private static string CloseFence(string text) =>
        FencePattern().Matches(text).Count % 2 == 1 ? text + "\n```" : text;

    private static string Escape(string text) =>
        text.Replace("--", "- -", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Markdown's specials backslash-escaped, so that the text shows as it is.</summary>
    public static string EscapeMarkdown(string text) => MarkdownSpecials().Replace(text, @"\$0");

    [GeneratedRegex(@"^\s*```", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex FencePattern();

    [GeneratedRegex(@"^\s*(?:`{3,}|~{3,})", RegexOptions.CultureInvariant)]
    private static partial Regex FenceLine();

    // '&' too: no character reference may turn into '@', '#' or markup.
    [GeneratedRegex(@"[\\`*_\[\]<>|&]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownSpecials();
}
