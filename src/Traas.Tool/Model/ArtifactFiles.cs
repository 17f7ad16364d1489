namespace Traas.Tool.Model;

/// <summary>The names of what a run leaves in its output folder (traas-artifacts by default).</summary>
internal static class ArtifactFiles
{
    public const string DefaultFolder = "traas-artifacts";

    /// <summary>The job's console: the bytes streamed during the wait, then the collected copy.</summary>
    public const string Log = "traas.log";

    public const string JUnit = "junit.xml";

    public const string Console = "console.html";

    /// <summary>The summary within the step summary's 1 MiB.</summary>
    public const string Summary = "summary.md";

    /// <summary>The summary within a comment's and a check run's 65535 characters.</summary>
    public const string CommentSummary = "summary-comment.md";

    public const string RunState = "run-state.json";

    /// <summary>Every hosted file of the run with its size, written by Swift hosting.</summary>
    public const string Index = "index.html";

    /// <summary>The folder of the collected logs.</summary>
    public const string LogsFolder = "logs";

    /// <summary>
    /// The artifacts of the attempts that were run again (--retry-infra), each in attempts/N: what
    /// this folder holds, for an earlier stack of the run.
    /// </summary>
    public const string AttemptsFolder = "attempts";

    /// <summary>`diff`: every block of new lines against the baseline, for tools.</summary>
    public const string NewLinesJson = "new-lines.json";

    /// <summary>`diff`: the counts and the top blocks, within a comment's 65535 characters.</summary>
    public const string NewLinesSummary = "new-lines.md";

    /// <summary>What `diff` writes, in the order it moves them into place.</summary>
    public static IReadOnlyList<string> Diffs { get; } = [NewLinesJson, NewLinesSummary];

    /// <summary>What `report` writes, in the order it moves them into place.</summary>
    public static IReadOnlyList<string> Reports { get; } = [JUnit, Console, Summary, CommentSummary];
}
