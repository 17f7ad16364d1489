using Traas.Reporting.ConsolePage;
using Traas.Reporting.Triage;
using Traas.Tool.GitHub;

namespace Traas.Tool.Pipeline;

/// <summary>Where a failed run's baseline comes from: a log given, or the job's artifact on GitHub.</summary>
/// <param name="Log">A passing run's traas.log (--baseline); when null, the artifact is searched for.</param>
/// <param name="ArtifactName">
/// The baseline artifact of the job on GitHub (see action.yml); null: traas-baseline-JOBTYPE.
/// </param>
internal sealed record BaselineSource(string? Log, string? ArtifactName)
{
    public BaselineLimits Limits { get; init; } = new();
}

/// <summary>
/// What is new in a failed run: its baseline (see <see cref="BaselineSource"/>) and the diff stage, into
/// new-lines.json and new-lines.md beside traas.log, which publish then shows. Triage never changes the
/// job's result: a missing baseline or a failed search is one line in the log.
/// </summary>
internal sealed class NewLinesStage(PipelineContext context, ILogger log)
{
    /// <summary>Where downloaded baselines are kept, in the artifacts folder (one file per artifact).</summary>
    public const string BaselineFolder = ".baselines";

    /// <summary>
    /// Whether a run is compared with a baseline: one that did not pass, whose job ran (a stack that
    /// never came up, or no room, left no lines of the job's own) and wrote a log.
    /// </summary>
    public static bool Compares(JobResult result, string log) =>
        result is not (JobResult.Passed or JobResult.NodeFailure or JobResult.NoCapacity)
            && new FileInfo(log) is { Exists: true, Length: > 0 };

    /// <returns>The comparison, or null when there is no baseline.</returns>
    public async Task<LogDiffResult?> RunAsync(BaselineSource source, string jobType, GitHubContext? github,
        string outDir, CancellationToken cancellationToken)
    {
        var failed = Path.Combine(outDir, ArtifactFiles.Log);
        if (!File.Exists(failed))
            return null;
        try
        {
            var artifact = source.ArtifactName ?? GitHubBaselines.ArtifactName(jobType);
            var (baseline, name) = await FindAsync(source, artifact, github, outDir, cancellationToken)
                .ConfigureAwait(false);
            if (baseline is null)
                return null;
            var result = await new DiffStage(log).RunAsync(baseline, failed, outDir, new LogDiffOptions
            {
                BaselineName = name,
                FailedName = ArtifactFiles.Log,
                Redactor = context.Secrets.Redactor(),
            }, cancellationToken).ConfigureAwait(false);
            Mark(Path.Combine(outDir, ArtifactFiles.Console), result, name);
            return result;
        }
        catch (Exception e) when (e is TraasException or Octokit.ApiException or HttpRequestException
            or IOException)
        {
            log.Warning("no new lines against a baseline: {Reason}",
                e is Octokit.ApiException api ? GitHubPublisher.Describe(api) : e.Message);
            return null;
        }
    }

    /// <summary>The new lines marked in console.html, which the report wrote before they were known.</summary>
    private void Mark(string page, LogDiffResult result, string baseline)
    {
        if (!File.Exists(page))
            return;
        using var stream = new FileStream(page, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        if (NewLinesMarks.Write(stream, result.NewLineNumbers, baseline))
            log.Information("marked {Lines} new lines in {Page}", result.NewLineNumbers.Count, page);
        else
            log.Debug("{Page} has no place for new lines (marked already): left as it is", page);
    }

    private async Task<(string? Path, string Name)> FindAsync(BaselineSource source, string artifact,
        GitHubContext? github, string outDir, CancellationToken cancellationToken)
    {
        if (source.Log is { } given)
            return (given, Path.GetFileName(given));
        if (github?.BaselineBranch is not { } branch)
        {
            log.Information("no baseline: without a GitHub branch, give one with --baseline");
            return (null, "");
        }
        var found = await new GitHubBaselines(github, context.GitHubRetry, log, context.Time)
            .FindAsync(artifact, branch, Path.Combine(outDir, BaselineFolder), source.Limits, cancellationToken)
            .ConfigureAwait(false);
        return found is null ? (null, "") : (found.LogPath, found.RunUrl);
    }
}
