using Traas.Tool.GitHub;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>
/// `traas-ci command`: a PR command from an issue_comment event. Exits 0 when the event was handled (a
/// refusal, or a comment without a command, too), 2 on a bad event or no GitHub context, 3 when GitHub
/// refused what the command needs.
/// </summary>
internal static class CommentCommand
{
    public static async Task<int> RunAsync(CommentCommandOptions options, PipelineContext context, ILogger log,
        CancellationToken cancel)
    {
        var path = options.Event ?? context.Environment.GetValueOrDefault("GITHUB_EVENT_PATH");
        if (string.IsNullOrEmpty(path))
        {
            throw new TraasException(ExitCodes.BadInput,
                "no event: give --event FILE, or run in a workflow `on: issue_comment` (GITHUB_EVENT_PATH)");
        }
        var comment = CommentEvent.Load(path);
        var github = GitHubContext.FromEnvironment(context.Environment)
            ?? throw new TraasException(ExitCodes.BadInput,
                "no GitHub context: command needs GITHUB_TOKEN and GITHUB_REPOSITORY (as GitHub Actions sets them)");
        github = github with { CommentAuthor = PublishCommand.CommentAuthor(options.CommentAuthor, context.Settings) };
        return await new PrCommandStage(context, github, log).RunAsync(comment, cancel).ConfigureAwait(false);
    }
}
