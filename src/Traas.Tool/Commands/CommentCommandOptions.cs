using CommandLine;

namespace Traas.Tool.Commands;

[Verb("command",
    HelpText = "Do the PR command of an issue_comment event (recheck, hold, hold N) for an author who may push; "
        + "reply to others.")]
public sealed class CommentCommandOptions : VerbOptions
{
    [Option("event", HelpText = "The issue_comment event's payload (default: GITHUB_EVENT_PATH).")]
    public string? Event { get; init; }

    [Option("comment-author",
        HelpText = "The login the token acts as: its check runs are re-run and its hold records read "
            + "(default: TRAAS_COMMENT_AUTHOR, else github-actions[bot]).")]
    public string? CommentAuthor { get; init; }
}
