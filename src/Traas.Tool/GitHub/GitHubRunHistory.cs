using System.IO.Compression;
using Octokit;
using Polly;
using Traas.Tool.Resilience;

namespace Traas.Tool.GitHub;

/// <summary>
/// The runs of traas-ci jobs as GitHub Actions kept them: the workflow runs of the repository, and of
/// each its state artifacts (traas-state-JOBTYPE: run-state.json and junit.xml), downloaded within
/// <see cref="HistoryLimits"/> into one folder per run and artifact, beside a workflow-run.json of
/// the run's own facts (page, commit, times). Every call goes through the "github-call" pipeline.
/// </summary>
internal sealed class GitHubRunHistory
{
    /// <summary>The artifacts action.yml uploads for the health page.</summary>
    public const string ArtifactPrefix = "traas-state-";

    public const string WorkflowRunFile = "workflow-run.json";

    /// <summary>The files taken out of a state artifact; anything else in it is left.</summary>
    public static readonly IReadOnlyList<string> Files = [ArtifactFiles.RunState, ArtifactFiles.JUnit];

    private readonly GitHubContext _github;
    private readonly ILogger _log;
    private readonly GitHubClient _client;
    private readonly ResiliencePipeline _pipeline;

    public GitHubRunHistory(GitHubContext github, GitHubRetryOptions retry, ILogger log, TimeProvider time)
    {
        _github = github;
        _log = log;
        _client = GitHubApi.Client(github, TimeSpan.FromSeconds(60));
        _pipeline = GitHubRetryPipeline.Create(retry, log, time);
    }

    /// <summary>The workflow runs, newest first, as one page of at most <paramref name="count"/>.</summary>
    internal static Task<WorkflowRunsResponse> ListRunsAsync(GitHubClient client, GitHubContext github,
        string? workflow, WorkflowRunsRequest request, int count)
    {
        var options = new ApiOptions { PageSize = Math.Min(100, count), PageCount = (count + 99) / 100 };
        return workflow is null
            ? client.Actions.Workflows.Runs.List(github.Owner, github.Repository, request, options)
            : client.Actions.Workflows.Runs.ListByWorkflow(github.Owner, github.Repository, workflow, request, options);
    }

    /// <summary>
    /// Downloads the state artifacts of the latest runs into <paramref name="folder"/>; returns how many.
    /// </summary>
    public async Task<int> DownloadAsync(string folder, HistoryLimits limits, string? workflow,
        CancellationToken cancellationToken)
    {
        var response = await _pipeline.CallAsync(
            () => ListRunsAsync(_client, _github, workflow, new WorkflowRunsRequest(), limits.Runs), cancellationToken)
            .ConfigureAwait(false);
        var fetched = 0;
        foreach (var run in response.WorkflowRuns.Take(limits.Runs))
        {
            var artifacts = await _pipeline.CallAsync(
                () => _client.Actions.Artifacts.ListWorkflowArtifacts(_github.Owner, _github.Repository, run.Id,
                    new ListArtifactsRequest { PerPage = 100 }), cancellationToken).ConfigureAwait(false);
            foreach (var artifact in artifacts.Artifacts.Where(a => a.Name.StartsWith(ArtifactPrefix,
                StringComparison.Ordinal) && !a.Expired))
            {
                if (await FetchAsync(folder, run, artifact, limits, cancellationToken).ConfigureAwait(false))
                    fetched++;
            }
        }
        _log.Information("{Artifacts} state artifacts from {Runs} workflow runs of {Owner}/{Repository}", fetched,
            Math.Min(limits.Runs, response.WorkflowRuns.Count), _github.Owner, _github.Repository);
        return fetched;
    }

    private async Task<bool> FetchAsync(string folder, WorkflowRun run, Artifact artifact, HistoryLimits limits,
        CancellationToken cancellationToken)
    {
        if (artifact.SizeInBytes > limits.ArtifactBytes)
        {
            _log.Warning("artifact {Id} of run {Run} is {Size} bytes, above the limit of {Limit}: not downloaded",
                artifact.Id, run.Id, artifact.SizeInBytes, limits.ArtifactBytes);
            return false;
        }
        var target = Path.Combine(folder, $"{run.Id}-{run.RunAttempt}-{artifact.Id}");
        if (File.Exists(Path.Combine(target, WorkflowRunFile)))
            return true;
        var zip = await _pipeline.CallAsync(
            () => _client.Actions.Artifacts.DownloadArtifact(_github.Owner, _github.Repository, artifact.Id, "zip"),
            cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(target);
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read);
            foreach (var entry in archive.Entries.Where(e => Files.Contains(e.FullName)))
            {
                if (!ArtifactZip.Extract(entry, Path.Combine(target, entry.FullName), limits.FileBytes))
                {
                    _log.Warning("{File} of artifact {Id} is above {Limit} bytes: left out", entry.FullName,
                        artifact.Id, limits.FileBytes);
                }
            }
        }
        catch (InvalidDataException e)
        {
            _log.Warning("artifact {Id} of run {Run} is not a zip ({Reason}): skipped", artifact.Id, run.Id, e.Message);
            return false;
        }
        AtomicFile.WriteAllText(Path.Combine(target, WorkflowRunFile), Facts(run).ToJsonString());
        return true;
    }

    private static JsonObject Facts(WorkflowRun run) => new()
    {
        ["id"] = run.Id,
        ["run_attempt"] = run.RunAttempt,
        ["html_url"] = run.HtmlUrl,
        ["head_sha"] = run.HeadSha,
        ["head_branch"] = run.HeadBranch,
        ["event"] = run.Event,
        ["conclusion"] = run.Conclusion?.StringValue,
        ["run_started_at"] = run.RunStartedAt,
        ["updated_at"] = run.UpdatedAt,
    };

}
