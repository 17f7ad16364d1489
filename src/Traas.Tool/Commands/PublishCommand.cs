using Traas.Tool.Config;
using Traas.Tool.GitHub;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>
/// `traas-ci publish`: the publish stage on its own.
/// Exits 0 when it ran, even if GitHub refused a part (that is a warning).
/// </summary>
internal static class PublishCommand
{
    public static async Task<int> RunAsync(PublishOptions options, PipelineContext context, ILogger log,
        CancellationToken cancel)
    {
        var reportAs = ReportAsNames.Parse(options.ReportAs);
        var github = GitHubContext.FromEnvironment(context.Environment)
            ?? throw new TraasException(ExitCodes.BadInput,
                "no GitHub context: publish needs GITHUB_TOKEN and GITHUB_REPOSITORY (as GitHub Actions sets them)");
        github = github with { CommentAuthor = CommentAuthor(options.CommentAuthor, context.Settings) };
        var baseline = options.Source();
        var artifacts = JobArtifacts.Load(options.Artifacts);
        // After `report`, on its own: a failed run's new lines, unless `run` found them already.
        if (artifacts.NewLines is null && baseline is not null
            && NewLinesStage.Compares(artifacts.Result, artifacts.LogPath))
        {
            await new NewLinesStage(context, log).RunAsync(baseline, artifacts.JobType, github, options.Artifacts,
                cancel).ConfigureAwait(false);
            artifacts = JobArtifacts.Load(options.Artifacts);
        }
        var fingerprints = KnownFailures.LoadWithShipped(options.KnownFailures ?? KnownFailures.StarterFile);
        log.Information("publishing {JobType} ({Result}) to {Target}",
            artifacts.JobType, artifacts.Result.Label(), github);
        // --console-url, else the page hosted now (--logs-swift-container), else the page the run hosted.
        var console = options.ConsoleUrl;
        if (console is null && options.Hosting(context) is { } hosting)
        {
            var prefix = SwiftHosting.Prefix(github, artifacts.JobType, "publish", context.Time.GetUtcNow());
            var hosted = await new HostStage(context, log).RunAsync(hosting, prefix, options.Artifacts, cancel)
                .ConfigureAwait(false);
            console = hosted?.Console;
        }
        console ??= artifacts.ConsoleUrl;
        var stage = new PublishStage(context, github, log, console) { Issues = options.Issues };
        await stage.RunAsync(artifacts, fingerprints, reportAs, cancel).ConfigureAwait(false);
        return ExitCodes.Passed;
    }

    /// <summary>Whose comment is the sticky one: --comment-author, else TRAAS_COMMENT_AUTHOR, else the bot.</summary>
    internal static string CommentAuthor(string? option, ToolSettings settings) =>
        option is not null
            ? CommentAuthors.Parse(option, "--comment-author")
            : settings.CommentAuthor is { } setting
                ? CommentAuthors.Parse(setting, ToolSettings.CommentAuthorVariable)
                : CommentAuthors.Default;
}
