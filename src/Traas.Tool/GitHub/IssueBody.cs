using Traas.Tool.Config;

namespace Traas.Tool.GitHub;

/// <summary>
/// What a periodic issue's block says about the job: this run, why it failed, and the runs since it went red.
/// </summary>
internal sealed record IssueFacts(string JobType, RunEntry Current, FailingTask? FirstFailure,
    IReadOnlyList<KnownFailureMatch> Known, string? NewLines, IReadOnlyList<RunEntry> Runs);

/// <summary>
/// The body of a periodic job's issue (one per job type). The tool owns only the block between its
/// begin and end markers, which it rewrites on every run; whatever a person writes above or below it
/// is kept as it is. The begin marker also finds the issue again. Text from the log in the block is
/// neutralised (<see cref="Mentions.Neutralise"/>) and can hold no HTML comment, so it can never end
/// the block early; the whole body stays within GitHub's 65536 characters.
/// </summary>
internal static partial class IssueBody
{

    public static string Begin(string jobType) => CommentBody.Marker(jobType).Replace("traas-ci:job=",
        "traas-ci:issue job=", StringComparison.Ordinal);

    public static string End(string jobType) => Begin(jobType).Replace("traas-ci:issue ", "traas-ci:end ",
        StringComparison.Ordinal);

    public static string Title(string jobType) => Mentions.Neutralise($"traas-ci: {jobType} is failing");

    /// <summary>The history block inside the tool's block, or null when there is none.</summary>
    public static string? HistoryBlock(string? body, string jobType)
    {
        var (_, block, _) = Split(body ?? "", jobType);
        return block is null ? null : HistoryPattern().Match(block) is { Success: true } m ? m.Value : null;
    }

    /// <summary>
    /// The body with the tool's block (re)written from <paramref name="facts"/>, the text outside it
    /// kept; null when even a block without the new lines does not fit beside that text.
    /// </summary>
    public static string? Compose(string? existing, IssueFacts facts, ConsoleLinks links)
    {
        var (before, _, after) = Split(existing ?? "", facts.JobType);
        var outside = before.Length + after.Length;
        var block = Block(facts, links, CommentBody.NewLinesLimit);
        if (outside + block.Length > CommentBody.CommentLimit)
        {
            var fixedPart = block.Length - CommentBody.NewLinesLimit;
            block = Block(facts, links, Math.Max(0, CommentBody.CommentLimit - outside - fixedPart));
        }
        if (outside + block.Length > CommentBody.CommentLimit)
            block = Block(facts with { NewLines = null }, links, 0);
        return outside + block.Length > CommentBody.CommentLimit ? null : before + block + after;
    }

    /// <summary>
    /// The text before the tool's block, the block (null if there is none), and the text after it. A block
    /// whose end marker a person deleted runs to the end of the body.
    /// </summary>
    internal static (string Before, string? Block, string After) Split(string body, string jobType)
    {
        var begin = body.IndexOf(Begin(jobType), StringComparison.Ordinal);
        if (begin < 0)
            return (body.Length > 0 ? body.TrimEnd() + "\n\n" : "", null, "");
        var endMarker = End(jobType);
        var end = body.IndexOf(endMarker, begin, StringComparison.Ordinal);
        var stop = end < 0 ? body.Length : end + endMarker.Length;
        return (body[..begin], body[begin..stop], body[stop..]);
    }

    private static string Block(IssueFacts facts, ConsoleLinks links, int newLinesRoom)
    {
        var text = new StringBuilder();
        text.Append(Begin(facts.JobType)).Append('\n');
        text.Append("<!-- traas-ci rewrites this block on every run; write outside it. -->\n");
        text.Append(facts.Current.Result == JobResult.Passed ? Passed(facts) : Failing(facts, links));
        text.Append(CommentBody.KnownFailuresSection(facts.Known, links));
        if (facts.NewLines is { Length: > 0 } lines && newLinesRoom > 200)
        {
            text.Append("\n### New lines in this run\n\n<details><summary>Lines that the last passing run did not "
                + "have (traas-ci diff)</summary>\n\n");
            text.Append(CommentBody.Cut(CommentBody.Inert(links.Absolute(lines)), newLinesRoom - 200,
                "the rest is in new-lines.md"));
            text.Append("\n\n</details>\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"\n### Runs since the job went red ({facts.Runs.Count})\n\n");
        text.Append(CommentHistory.Table(facts.Runs));
        text.Append(links.Footer());
        text.Append('\n').Append(CommentHistory.Block(facts.Runs)).Append('\n');
        text.Append(End(facts.JobType));
        return text.ToString();
    }

    private static string Failing(IssueFacts facts, ConsoleLinks links)
    {
        var current = facts.Current;
        var since = facts.Runs[^1].At;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"## {current.Result.Class().Icon} {Escape(facts.JobType)}: {current.Result.Label()} since "
                + $"{since.UtcDateTime:yyyy-MM-dd HH:mm} UTC\n\n");
        text.Append("| | |\n|---|---|\n");
        text.Append(CultureInfo.InvariantCulture,
            $"| last run | {current.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC, [workflow run]({links.Page}), commit "
                + $"`{CommentHistory.ShortSha(current.Sha)}` |\n");
        text.Append(CultureInfo.InvariantCulture, $"| result class | {current.Result.Label()} |\n");
        if (facts.FirstFailure is { } failure)
        {
            var where = failure.Line is { } line ? $" ([line {line}]({links.Line(line)}))" : "";
            var message = failure.Message.Length > 0 ? $": {Escape(Cut(failure.Message, 300))}" : "";
            text.Append(CultureInfo.InvariantCulture,
                $"| first failing task | {Escape(Cut(failure.Name, 200))} ({Escape(Cut(failure.Play, 100))}){where}"
                    + $"{message} |\n");
        }
        else
        {
            text.Append("| first failing task | none in the log (see the run) |\n");
        }
        return text.ToString();
    }

    private static string Passed(IssueFacts facts)
    {
        var failing = facts.Runs.Count(r => r.Result != JobResult.Passed);
        return string.Create(CultureInfo.InvariantCulture,
            $"## ✅ {Escape(facts.JobType)}: passed again on {facts.Current.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC\n\n"
                + $"It had not passed in {failing} run{(failing == 1 ? "" : "s")} before (commit "
                + $"`{CommentHistory.ShortSha(facts.Current.Sha)}`).\n");
    }

    /// <summary>A table cell: markdown escaped, one line, inert.</summary>
    private static string Escape(string text) =>
        Mentions.Neutralise(CommentBody.EscapeMarkdown(text.ReplaceLineEndings(" ")));

    private static string Cut(string text, int length) =>
        text.Length <= length ? text : text[..(char.IsHighSurrogate(text[length - 1]) ? length - 1 : length)] + "…";

    [GeneratedRegex(@"<!-- traas-ci:history [^\n]* -->", RegexOptions.CultureInvariant)]
    private static partial Regex HistoryPattern();
}
