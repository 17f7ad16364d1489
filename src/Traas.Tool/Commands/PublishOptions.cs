using CommandLine;

namespace Traas.Tool.Commands;

[Verb("publish",
    HelpText = "Publish what report wrote to GitHub: a check run (or commit status), a sticky PR comment, "
        + "the step summary, annotations.")]
public sealed partial class PublishOptions : VerbOptions, IHostingOptions, IBaselineOptions
{
    [Option("artifacts", Default = ArtifactFiles.DefaultFolder, HelpText = "The folder report (or run) wrote.")]
    public string Artifacts { get; init; } = "";

    [Option("report-as", Default = "check",
        HelpText = "check (a check run; needs checks: write) or status (a commit status; statuses: write).")]
    public string ReportAs { get; init; } = "";

    [Option("known-failures",
        HelpText = "A YAML list of known failures (name, regex, url) to look for in traas.log "
            + "(default: the starter file shipped with the tool).")]
    public string? KnownFailures { get; init; }

    [Option("comment-author",
        HelpText = "The login the token publishes as; only its comments are taken for the sticky comment "
            + "(default: TRAAS_COMMENT_AUTHOR, else github-actions[bot]; a GitHub App's is APP-SLUG[bot]).")]
    public string? CommentAuthor { get; init; }

    [Option("issues",
        HelpText = "Periodic runs: a failure opens (or updates) one issue per job type, labelled traas-ci and "
            + "the result class; a pass closes it (needs issues: write).")]
    public bool Issues { get; init; }
}
