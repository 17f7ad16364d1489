using System.IO.Compression;
using Octokit;
using Polly;
using Traas.Tool.Resilience;

namespace Traas.Tool.GitHub;

/// <summary>What a baseline search may cost: runs looked at, the artifact's zip, and the log in it.</summary>
internal sealed record BaselineLimits
{
    /// <summary>Successful workflow runs of the branch looked at, newest first.</summary>
    public int Runs { get; init; } = 20;

    /// <summary>The artifact's zip as GitHub states its size; a bigger one is not downloaded.</summary>
    public long ArtifactBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>traas.log once out of the zip; a bigger one is left out.</summary>
    public long LogBytes { get; init; } = 1024L * 1024 * 1024;
}

/// <summary>A passing run's traas.log, downloaded, and where it came from.</summary>
internal sealed record Baseline(string LogPath, long RunId, string RunUrl, long ArtifactId);

/// <summary>
/// The traas.log of the newest passing run of a job on a branch: its baseline artifact (NAME, which
/// action.yml uploads only when the job passed on a push, a schedule or a workflow_dispatch) in the newest
/// successful workflow runs of the branch that ran its own code (<see cref="BaselineEvents"/>).
/// Downloaded once per artifact into a folder (a later search finds it there), within
/// <see cref="BaselineLimits"/>. Every call goes through the "github-call" pipeline.
/// </summary>
internal sealed class GitHubBaselines(GitHubContext github, GitHubRetryOptions retry, ILogger log, TimeProvider time)
{
    /// <summary>The baseline artifact of a job: action.yml's name for it.</summary>
    public static string ArtifactName(string job) => $"traas-baseline-{job}";

    /// <summary>
    /// The events whose runs run the branch's own code (action.yml uploads a baseline only on these). A
    /// pull request's run has the head's code, and its head branch can be named as the base is (a fork's
    /// main); a pull_request_target run has the base's branch and repository but may have run the head's
    /// code: its log, the pull request's to write, would hide those lines in every later diff.
    /// </summary>
    private static readonly string[] BaselineEvents = ["push", "schedule", "workflow_dispatch"];

    private readonly GitHubClient _client = GitHubApi.Client(github, TimeSpan.FromSeconds(120));
    private readonly ResiliencePipeline _pipeline = GitHubRetryPipeline.Create(retry, log, time);

    /// <summary>
    /// The baseline, or null when no successful run of <paramref name="branch"/> within the limits has the
    /// artifact (said in the log). <paramref name="folder"/> holds the downloads.
    /// </summary>
    /// <exception cref="ApiException">GitHub refused a call, after the retries.</exception>
    public async Task<Baseline?> FindAsync(string artifactName, string branch, string folder, BaselineLimits limits,
        CancellationToken cancellationToken)
    {
        var request = new WorkflowRunsRequest { Branch = branch, Status = CheckRunStatusFilter.Success };
        var runs = await _pipeline.CallAsync(
            () => GitHubRunHistory.ListRunsAsync(_client, github, null, request, limits.Runs), cancellationToken)
            .ConfigureAwait(false);
        foreach (var run in runs.WorkflowRuns.Take(limits.Runs))
        {
            // GitHub filters on the head branch's name (a fork's main is main too) and the result, not on whose
            // code the run ran.
            if (!IsBaselineRun(run, branch, $"{github.Owner}/{github.Repository}"))
                continue;
            var artifacts = await _pipeline.CallAsync(
                () => _client.Actions.Artifacts.ListWorkflowArtifacts(github.Owner, github.Repository, run.Id,
                    new ListArtifactsRequest { PerPage = 100, Name = artifactName }), cancellationToken)
                .ConfigureAwait(false);
            var artifact = artifacts.Artifacts.FirstOrDefault(a => a.Name == artifactName && !a.Expired);
            if (artifact is null)
                continue;
            if (artifact.SizeInBytes > limits.ArtifactBytes)
            {
                log.Warning("baseline artifact {Name} of run {Run} is {Size} bytes, above the limit of {Limit}: "
                    + "not downloaded", artifactName, run.Id, artifact.SizeInBytes, limits.ArtifactBytes);
                continue;
            }
            var path = Path.Combine(folder, $"{artifact.Id}.log");
            if (!File.Exists(path) && !await DownloadAsync(artifact, path, limits, cancellationToken)
                .ConfigureAwait(false))
                continue;
            log.Information("baseline: {Name} of run {Run} on {Branch} ({Url})", artifactName, run.Id, branch,
                run.HtmlUrl);
            return new Baseline(path, run.Id, run.HtmlUrl, artifact.Id);
        }
        log.Information("no baseline: none of the last {Runs} successful runs on {Branch} has an artifact {Name}",
            Math.Min(limits.Runs, runs.WorkflowRuns.Count), branch, artifactName);
        return null;
    }

    /// <summary>
    /// A run that may hold <paramref name="branch"/>'s baseline: a successful run of it, of one of
    /// <see cref="BaselineEvents"/>, whose head is <paramref name="repository"/> (owner/name), not a fork.
    /// </summary>
    internal static bool IsBaselineRun(WorkflowRun run, string branch, string repository) =>
        run.HeadBranch == branch && run.Conclusion?.StringValue == "success"
        && BaselineEvents.Contains(run.Event, StringComparer.Ordinal)
        && string.Equals(run.HeadRepository?.FullName, repository, StringComparison.OrdinalIgnoreCase);

    private async Task<bool> DownloadAsync(Artifact artifact, string path, BaselineLimits limits,
        CancellationToken cancellationToken)
    {
        var zip = await _pipeline.CallAsync(
            () => _client.Actions.Artifacts.DownloadArtifact(github.Owner, github.Repository, artifact.Id, "zip"),
            cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + ".partial";
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read);
            if (archive.Entries.FirstOrDefault(e => e.FullName == ArtifactFiles.Log) is not { } entry)
            {
                log.Warning("baseline artifact {Id} has no {File}: skipped", artifact.Id, ArtifactFiles.Log);
                return false;
            }
            if (!ArtifactZip.Extract(entry, partial, limits.LogBytes))
            {
                log.Warning("{File} of baseline artifact {Id} is above {Limit} bytes: skipped", ArtifactFiles.Log,
                    artifact.Id, limits.LogBytes);
                return false;
            }
            File.Move(partial, path, overwrite: true);
            return true;
        }
        catch (InvalidDataException e)
        {
            log.Warning("baseline artifact {Id} is not a zip ({Reason}): skipped", artifact.Id, e.Message);
            return false;
        }
        finally
        {
            File.Delete(partial);
        }
    }

}
