using Octokit;
using Octokit.Internal;
using Polly;
using Serilog;
using Traas.Tool.Cli;
using Traas.Tool.Publishing;
using Traas.Tool.Resilience;

namespace Traas.Tool.Pipeline;

/// <summary>How results reach the commit: a check run (needs checks: write) or a commit status (statuses: write).</summary>
public enum ReportAs
{
    Check,
    Status,
}

/// <summary>
/// The publish stage: the job's result on the pull request. A check run (or commit status) on the
/// head SHA, a sticky comment per job type with the earlier runs kept in it, the step summary, and
/// ::error annotations for the failing tasks. Publishing never changes the job's result: a failure
/// here is a warning, and <see cref="RunAsync"/> says whether everything was published.
/// </summary>
internal sealed class PublishStage(GitHubContext github, CliContext context, ILogger log, TimeProvider? time = null)
{
    /// <summary>GitHub takes at most 50 annotations per check run request.</summary>
    public const int AnnotationsPerRequest = 50;

    /// <summary>Workflow-command annotations per step that the runner shows.</summary>
    public const int WorkflowAnnotations = 10;

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<bool> RunAsync(JobArtifacts artifacts, IReadOnlyList<KnownFailure> fingerprints, ReportAs reportAs, CancellationToken cancellationToken)
    {
        var known = KnownFailures.Match(fingerprints, artifacts.LogPath);
        foreach (var match in known)
            log.Information("known failure: {Name} ({Count} lines, first at line {Line})", match.Failure.Name, match.Count, match.FirstLine);
        var ok = true;
        ok &= await StepAsync("the step summary", () => WriteStepSummaryAsync(artifacts, known)).ConfigureAwait(false);
        ok &= await StepAsync("the annotations", () => WriteAnnotationsAsync(artifacts)).ConfigureAwait(false);
        var client = Client();
        var pipeline = GitHubRetryPipeline.Create(context.Environment, log, _time);
        ok &= await StepAsync(reportAs == ReportAs.Check ? "the check run" : "the commit status", () => reportAs == ReportAs.Check
            ? CheckRunAsync(client, pipeline, artifacts, known, cancellationToken)
            : CommitStatusAsync(client, pipeline, artifacts, cancellationToken)).ConfigureAwait(false);
        if (github.PullRequest is { } number)
            ok &= await StepAsync("the pull request comment", () => CommentAsync(client, pipeline, number, artifacts, known, cancellationToken)).ConfigureAwait(false);
        else
            log.Information("not a pull request event: no comment to write");
        return ok;
    }

    /// <summary>A step's failure is a warning (also as a ::warning), never the job's result.</summary>
    private async Task<bool> StepAsync(string what, Func<Task> step)
    {
        try
        {
            await step().ConfigureAwait(false);
            return true;
        }
        catch (Exception e)
        {
            // Whatever went wrong (GitHub, the network, the disk, a bug here), the job's result stands.
            var message = $"could not publish {what}: {Describe(e)}; the job's result is unchanged";
            log.Warning("{Message}", message);
            log.Debug(e, "publishing {What} failed", what);
            if (context.Environment.GetValueOrDefault("GITHUB_ACTIONS") == "true")
                await context.Stdout.WriteLineAsync(WorkflowCommands.Warning(message)).ConfigureAwait(false);
            return false;
        }
    }

    private GitHubClient Client()
    {
        // Through Connection, so that the API address is used as given (GITHUB_API_URL already holds
        // /api/v3 on GitHub Enterprise); GitHubClient's own constructor would add it again.
        var connection = new Connection(new ProductHeaderValue("traas-ci", Cli.TraasCli.Version), github.ApiUrl,
            new InMemoryCredentialStore(new Credentials(github.Token)));
        connection.SetRequestTimeout(TimeSpan.FromSeconds(60));
        return new GitHubClient(connection);
    }

    private async Task CheckRunAsync(GitHubClient client, ResiliencePipeline pipeline, JobArtifacts artifacts, IReadOnlyList<KnownFailureMatch> known, CancellationToken cancellationToken)
    {
        var title = Title(artifacts);
        var summary = CommentBody.CheckRunSummary(artifacts.CommentSummary, known);
        var annotations = artifacts.Failures.Select(Annotation).ToList();
        var batches = annotations.Chunk(AnnotationsPerRequest).ToList();
        var create = new NewCheckRun(CheckName(artifacts.JobType), github.HeadSha)
        {
            Status = CheckStatus.Completed,
            Conclusion = Conclusion(artifacts.Result),
            CompletedAt = _time.GetUtcNow(),
            DetailsUrl = github.RunUrl,
            ExternalId = github.RunId,
            Output = new NewCheckRunOutput(title, summary) { Annotations = batches.Count > 0 ? batches[0] : null },
        };
        var run = await pipeline.ExecuteAsync(async _ => await client.Check.Run.Create(github.Owner, github.Repository, create).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        foreach (var batch in batches.Skip(1))
        {
            var update = new CheckRunUpdate { Output = new NewCheckRunOutput(title, summary) { Annotations = batch } };
            await pipeline.ExecuteAsync(async _ => await client.Check.Run.Update(github.Owner, github.Repository, run.Id, update).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        log.Information("check run {Name} on {Commit}: {Conclusion}, {Annotations} annotations in {Requests} requests",
            create.Name, github.HeadSha, create.Conclusion!.Value.StringValue, annotations.Count, Math.Max(1, batches.Count));
    }

    private async Task CommitStatusAsync(GitHubClient client, ResiliencePipeline pipeline, JobArtifacts artifacts, CancellationToken cancellationToken)
    {
        var status = new NewCommitStatus
        {
            State = artifacts.Result switch
            {
                JobResult.Passed => CommitState.Success,
                JobResult.Failed => CommitState.Failure,
                _ => CommitState.Error,
            },
            Context = CheckName(artifacts.JobType),
            TargetUrl = github.RunUrl,
            // GitHub keeps at most 140 characters of the description.
            Description = CommentBody.Cut(Title(artifacts), 140, "").Split('\n')[0],
        };
        await pipeline.ExecuteAsync(async _ => await client.Repository.Status.Create(github.Owner, github.Repository, github.HeadSha, status).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        log.Information("commit status {Context} on {Commit}: {State}", status.Context, github.HeadSha, status.State.ToString());
    }

    private async Task CommentAsync(GitHubClient client, ResiliencePipeline pipeline, int number, JobArtifacts artifacts, IReadOnlyList<KnownFailureMatch> known, CancellationToken cancellationToken)
    {
        var marker = CommentBody.Marker(artifacts.JobType);
        var comments = await pipeline.ExecuteAsync(async _ => await client.Issue.Comment.GetAllForIssue(github.Owner, github.Repository, number,
            new ApiOptions { PageSize = 100 }).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        var existing = comments.FirstOrDefault(c => c.Body?.StartsWith(marker, StringComparison.Ordinal) == true);
        var current = new RunEntry(artifacts.Result.Label(), github.HeadSha, github.RunUrl, _time.GetUtcNow());
        var body = CommentBody.Comment(artifacts.JobType, current, artifacts.CommentSummary, known, CommentBody.History(existing?.Body));
        if (existing is null)
        {
            await pipeline.ExecuteAsync(async _ => await client.Issue.Comment.Create(github.Owner, github.Repository, number, body).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            log.Information("commented on pull request #{Number}", number);
        }
        else
        {
            await pipeline.ExecuteAsync(async _ => await client.Issue.Comment.Update(github.Owner, github.Repository, existing.Id, body).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            log.Information("updated the comment on pull request #{Number} ({Earlier} earlier runs kept)", number, CommentBody.History(existing.Body).Count);
        }
    }

    private async Task WriteStepSummaryAsync(JobArtifacts artifacts, IReadOnlyList<KnownFailureMatch> known)
    {
        if (context.Environment.GetValueOrDefault("GITHUB_STEP_SUMMARY") is not { Length: > 0 } path)
            return;
        var written = File.Exists(path) ? new FileInfo(path).Length : 0;
        await File.AppendAllTextAsync(path, CommentBody.StepSummary(artifacts.StepSummary, known, written)).ConfigureAwait(false);
    }

    private async Task WriteAnnotationsAsync(JobArtifacts artifacts)
    {
        if (context.Environment.GetValueOrDefault("GITHUB_ACTIONS") != "true")
            return;
        foreach (var failure in artifacts.Failures.Take(WorkflowAnnotations))
        {
            var where = failure.Line is { } line ? $" (traas.log line {line})" : "";
            await context.Stdout.WriteLineAsync(WorkflowCommands.Error($"{artifacts.JobType}: {failure.Name}", $"{failure.Message}{where}")).ConfigureAwait(false);
        }
        if (artifacts.Failures.Count > WorkflowAnnotations)
        {
            await context.Stdout.WriteLineAsync(WorkflowCommands.Error($"{artifacts.JobType}",
                $"{artifacts.Failures.Count - WorkflowAnnotations} more failing tasks: see the job summary")).ConfigureAwait(false);
        }
    }

    public static string CheckName(string jobType) => $"traas-ci / {jobType}";

    private static string Title(JobArtifacts artifacts) =>
        $"{artifacts.JobType}: {artifacts.Result.Label()}" + (artifacts.Failures.Count > 0 ? $", {artifacts.Failures.Count} failing" : "");

    private static CheckConclusion Conclusion(JobResult result) => result switch
    {
        JobResult.Passed => CheckConclusion.Success,
        JobResult.TimedOut => CheckConclusion.TimedOut,
        JobResult.Cancelled => CheckConclusion.Cancelled,
        _ => CheckConclusion.Failure,
    };

    private static NewCheckRunAnnotation Annotation(FailingTask failure)
    {
        var line = failure.Line ?? 1;
        return new NewCheckRunAnnotation("traas.log", line, line, CheckAnnotationLevel.Failure, CommentBody.Cut(failure.Message.Length > 0 ? failure.Message : failure.Name, 60000, "see the log"))
        {
            Title = CommentBody.Cut($"{failure.Name} ({failure.Play})", 255, "").Split('\n')[0],
        };
    }

    private static string Describe(Exception e) => e switch
    {
        ApiValidationException validation => $"HTTP 422 {validation.Message} {string.Join("; ", validation.ApiError?.Errors?.Select(x => $"{x.Field}: {x.Message ?? x.Code}") ?? [])}",
        ApiException api => $"HTTP {(int)api.StatusCode} {api.Message}",
        _ => e.Message,
    };
}
