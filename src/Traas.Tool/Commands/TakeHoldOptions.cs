using CommandLine;

namespace Traas.Tool.Commands;

[Verb("take-hold",
    HelpText = "Before a run of a pull request: take the hold asked there with `hold` and print the run's --keep "
        + "options (also to GITHUB_OUTPUT as keep and hold-hours).")]
public sealed class TakeHoldOptions : VerbOptions
{
    [Option("keep", Default = "never", HelpText = "The workflow's own --keep (never, on-failure or always).")]
    public string Keep { get; init; } = "never";

    [Option("comment-author",
        HelpText = "The login the token acts as: only its hold records count "
            + "(default: TRAAS_COMMENT_AUTHOR, else github-actions[bot]).")]
    public string? CommentAuthor { get; init; }
}
