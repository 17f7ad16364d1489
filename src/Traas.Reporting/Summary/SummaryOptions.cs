namespace Traas.Reporting.Summary;

internal sealed record SummaryOptions
{
    /// <summary>
    /// A check run's summary and a PR comment hold at most 65535 characters:
    /// https://docs.github.com/en/rest/checks/runs#create-a-check-run (output.summary).
    /// </summary>
    public const int CommentBytes = 65535;

    /// <summary>
    /// $GITHUB_STEP_SUMMARY takes at most 1 MiB per step:
    /// https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#step-isolation-and-limits
    /// </summary>
    public const int StepSummaryBytes = 1024 * 1024;

    public int MaxBytes { get; init; } = StepSummaryBytes;

    /// <summary>Where links to lines point: console.html beside the summary, or its published address.</summary>
    public string ConsoleUrl { get; init; } = "console.html";

    public string JobName { get; init; } = "traas job";

    /// <summary>The run's own lines under the result, as plain text (escaped here).</summary>
    public IReadOnlyList<string> RunNotes { get; init; } = [];
}
