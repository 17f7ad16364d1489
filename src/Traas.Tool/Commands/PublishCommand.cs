using Serilog;
using Traas.Tool.Cli;
using Traas.Tool.Pipeline;
using Traas.Tool.Publishing;

namespace Traas.Tool.Commands;

/// <summary>`traas-ci publish`: the publish stage on its own. Exits 0 when it ran, even if GitHub refused a part (that is a warning).</summary>
internal static class PublishCommand
{
    public static async Task<int> RunAsync(PublishOptions options, CliContext context, ILogger log)
    {
        var reportAs = ParseReportAs(options.ReportAs);
        var github = GitHubContext.FromEnvironment(context.Environment)
            ?? throw new TraasException(ExitCodes.BadInput, "no GitHub context: publish needs GITHUB_TOKEN and GITHUB_REPOSITORY (as GitHub Actions sets them)");
        var artifacts = JobArtifacts.Load(options.Artifacts);
        var fingerprints = KnownFailures.Load(options.KnownFailures ?? KnownFailures.StarterFile);
        log.Information("publishing {JobType} ({Result}) to {Target}", artifacts.JobType, artifacts.Result.Label(), github);
        await new PublishStage(github, context, log).RunAsync(artifacts, fingerprints, reportAs, context.CancellationToken).ConfigureAwait(false);
        return ExitCodes.Passed;
    }

    public static ReportAs ParseReportAs(string text) => text.Trim().ToLowerInvariant() switch
    {
        "check" or "check-run" => ReportAs.Check,
        "status" or "commit-status" => ReportAs.Status,
        _ => throw new TraasException(ExitCodes.BadInput, $"--report-as {text}: give check or status"),
    };
}
