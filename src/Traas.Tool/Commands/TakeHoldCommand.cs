using Traas.Tool.GitHub;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>
/// `traas-ci take-hold --keep K`: prints the run's options on stdout (<c>--keep on-failure --hold-hours 48</c>
/// when it took a hold, else <c>--keep K</c>) and appends <c>keep=</c> and <c>hold-hours=</c> to GITHUB_OUTPUT.
/// Exits 0 whatever GitHub answers (a failure is a warning); 2 on a bad --keep.
/// </summary>
internal static class TakeHoldCommand
{
    public static async Task<int> RunAsync(TakeHoldOptions options, PipelineContext context, ILogger log,
        CancellationToken cancel)
    {
        var keep = KeepPolicies.Parse(options.Keep).Name();
        var github = GitHubContext.FromEnvironment(context.Environment);
        if (github is not null)
        {
            github = github with
            {
                CommentAuthor = PublishCommand.CommentAuthor(options.CommentAuthor, context.Settings),
            };
        }
        var run = await new TakeHoldStage(context, github, log).RunAsync(keep, cancel).ConfigureAwait(false);
        await context.Runner.WriteOutputAsync(string.Join(' ', run)).ConfigureAwait(false);
        if (context.Environment.GetValueOrDefault("GITHUB_OUTPUT") is { Length: > 0 } output)
        {
            var hours = run.SkipWhile(o => o != "--hold-hours").Skip(1).FirstOrDefault() ?? "";
            await File.AppendAllTextAsync(output, $"keep={run[1]}\nhold-hours={hours}\n", cancel).ConfigureAwait(false);
        }
        return ExitCodes.Passed;
    }
}
