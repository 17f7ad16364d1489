using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Traas.Tool.Config;
using Traas.Tool.Model;

namespace Traas.Tool.GitHub;

/// <summary>One run of a job on a pull request, as the sticky comment remembers it.</summary>
internal sealed record RunEntry(JobResult Result, string Sha, string? RunUrl, DateTimeOffset At);

/// <summary>
/// The texts publish writes: the sticky PR comment (one per job type, found again by a hidden
/// marker, with the history of earlier runs kept in it), the check run's summary and the step
/// summary, each cut to its GitHub limit with a note saying so.
/// </summary>
internal static partial class CommentBody
{
    /// <summary>GitHub's limit on a comment's body, in characters.</summary>
    public const int CommentLimit = 65536;

    /// <summary>GitHub's limit on a check run's output.summary and output.text, in characters.</summary>
    public const int CheckRunSummaryLimit = 65535;

    /// <summary>$GITHUB_STEP_SUMMARY's limit per step, in bytes.</summary>
    public const int StepSummaryLimit = 1024 * 1024;

    /// <summary>Earlier runs kept in the comment.</summary>
    public const int HistoryLength = 20;

    private const string HistoryStart = "<!-- traas-ci:history ";
    private const string HistoryEnd = " -->";

    private static readonly JsonSerializerOptions HistoryJson = new() { Converters = { new JobResultJsonConverter() } };

    public static string Marker(string jobType) => $"<!-- traas-ci:job={Escape(jobType)} -->";

    /// <summary>
    /// The earlier runs recorded in an existing comment (none when there is no comment or no record).
    /// </summary>
    public static IReadOnlyList<RunEntry> History(string? body)
    {
        if (body is null || HistoryPattern().Match(body) is not { Success: true } match)
            return [];
        try
        {
            return JsonSerializer.Deserialize<List<RunEntry>>(match.Groups[1].Value, HistoryJson) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>
    /// The comment for this run, the earlier runs below it; at most <see cref="CommentLimit"/> characters.
    /// </summary>
    public static string Comment(string jobType, RunEntry current, string summary,
        IReadOnlyList<KnownFailureMatch> known, IReadOnlyList<RunEntry> earlier)
    {
        var history = new[] { current }.Concat(earlier).Take(HistoryLength).ToList();
        var head = new StringBuilder();
        head.Append(Marker(jobType)).Append('\n');
        var earlierFailures = earlier.Count(e => e.Result != JobResult.Passed);
        if (current.Result == JobResult.Passed && earlierFailures > 0)
        {
            head.Append(CultureInfo.InvariantCulture,
                $"> [!WARNING]\n> This run passed, but "
                    + $"{earlierFailures} earlier run{(earlierFailures == 1 ? "" : "s")} of "
                    + $"{jobType} on this pull request did not; see the earlier runs below.\n\n");
        }
        var tail = new StringBuilder();
        tail.Append(KnownFailuresSection(known));
        if (earlier.Count > 0)
        {
            tail.Append(CultureInfo.InvariantCulture,
                $"\n<details><summary>Earlier runs on this pull request ({earlier.Count})</summary>\n\n");
            tail.Append("| when (UTC) | commit | result | run |\n|---|---|---|---|\n");
            foreach (var entry in earlier.Take(HistoryLength - 1))
            {
                tail.Append(CultureInfo.InvariantCulture,
                    $"| {entry.At.UtcDateTime:yyyy-MM-dd HH:mm} | `{entry.Sha[..Math.Min(7, entry.Sha.Length)]}` | "
                        + $"{entry.Result.Class().Icon} {entry.Result.Label()} | "
                        + $"{(entry.RunUrl is null ? "" : $"[run]({entry.RunUrl})")} |\n");
            }
            tail.Append("\n</details>\n");
        }
        tail.Append('\n').Append(HistoryStart)
            .Append(JsonSerializer.Serialize(history, HistoryJson)
                .Replace("--", "\\u002D\\u002D", StringComparison.Ordinal))
            .Append(HistoryEnd).Append('\n');
        var room = CommentLimit - head.Length - tail.Length;
        return head + Cut(summary, room, "the full summary is in the workflow run's summary") + tail;
    }

    /// <summary>
    /// The check run's summary: the job's summary and the known failures,
    /// at most <see cref="CheckRunSummaryLimit"/> characters.
    /// </summary>
    public static string CheckRunSummary(string summary, IReadOnlyList<KnownFailureMatch> known)
    {
        var tail = KnownFailuresSection(known);
        return Cut(summary, CheckRunSummaryLimit - tail.Length, "the full summary is in the workflow run's summary")
            + tail;
    }

    /// <summary>What is appended to $GITHUB_STEP_SUMMARY, within what is left of its 1 MiB.</summary>
    public static string StepSummary(string summary, IReadOnlyList<KnownFailureMatch> known, long alreadyWritten)
    {
        var tail = KnownFailuresSection(known);
        var room = StepSummaryLimit - alreadyWritten - Encoding.UTF8.GetByteCount(tail);
        return CutBytes(summary, room, "the full summary is in summary.md among the artifacts") + tail;
    }

    public static string KnownFailuresSection(IReadOnlyList<KnownFailureMatch> known)
    {
        if (known.Count == 0)
            return "";
        var text = new StringBuilder("\n### Known failures\n\n");
        foreach (var match in known.Take(50))
        {
            var name = match.Failure.Url is { } url
                ? $"[{EscapeMarkdown(match.Failure.Name)}]({url})"
                : EscapeMarkdown(match.Failure.Name);
            text.Append(CultureInfo.InvariantCulture,
                $"- {name}: {match.Count} line{(match.Count == 1 ? "" : "s")}, first at [line "
                    + $"{match.FirstLine}](console.html#L{match.FirstLine})\n");
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

    private static string EscapeMarkdown(string text) => MarkdownSpecials().Replace(text, @"\$0");

    [GeneratedRegex(@"<!-- traas-ci:history (.*?) -->", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex HistoryPattern();

    [GeneratedRegex(@"^\s*```", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex FencePattern();

    [GeneratedRegex(@"[\\`*_\[\]<>|]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownSpecials();
}
