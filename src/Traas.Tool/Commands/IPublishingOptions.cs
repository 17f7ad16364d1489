using CommandLine;

namespace Traas.Tool.Commands;

/// <summary>How a run's result goes to GitHub: run publishes as publish does, with the same options.</summary>
[OptionGroup]
public interface IPublishingOptions
{
    [Option("report-as", Default = "check", HelpText = "With a GitHub context: a check run (check; needs checks: "
        + "write) or a commit status (status; needs statuses: write).")]
    string ReportAs { get; init; }

    [Option("known-failures", HelpText = "A YAML list of known failures (name, regex, url) to look for in traas.log "
        + "(default: the starter file shipped with the tool).")]
    string? KnownFailures { get; init; }

    [Option("comment-author", HelpText = "The login the token publishes as; only its comments are taken for the "
        + "sticky comment (default: TRAAS_COMMENT_AUTHOR, else github-actions[bot]; a GitHub App's is APP-SLUG[bot]).")]
    string? CommentAuthor { get; init; }
}
