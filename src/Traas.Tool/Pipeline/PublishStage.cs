using Traas.Tool.Config;
using Traas.Tool.GitHub;

namespace Traas.Tool.Pipeline;

/// <summary>
/// The publish stage: the job's result on the pull request. A check run (or commit status) on the
/// head SHA, a sticky comment per job type with the earlier runs kept in it, the step summary, and
/// ::error annotations for the failing tasks; every text from the log made inert (GitHub/Mentions).
/// Publishing never changes the job's result: a failure here is a warning, and <see cref="RunAsync"/>
/// says whether everything was published.
/// </summary>
internal sealed class PublishStage(PipelineContext context, GitHubContext github, ILogger log,
    string? consoleUrl = null)
{
    /// <summary>Workflow-command annotations per step that the runner shows.</summary>
    public const int WorkflowAnnotations = 10;

    /// <summary>
    /// Whether a failure opens (or updates) the job type's issue and a pass closes it (periodic runs).
    /// </summary>
    public bool Issues { get; init; }

    /// <summary>Where posted links go: the hosted console page, else the workflow run.</summary>
    private ConsoleLinks Links { get; } = ConsoleLinks.For(github, consoleUrl);

    public async Task<bool> RunAsync(JobArtifacts artifacts, IReadOnlyList<KnownFailure> fingerprints,
        ReportAs reportAs, CancellationToken cancellationToken)
    {
        var known = KnownFailures.Match(fingerprints, artifacts.LogPath);
        foreach (var match in known)
        {
            log.Information("known failure: {Name} ({Count} lines, first at line {Line})",
                match.Failure.Name, match.Count, match.FirstLine);
        }
        var ok = true;
        ok &= await StepAsync("the step summary", () => WriteStepSummaryAsync(artifacts, known)).ConfigureAwait(false);
        // An attempt that is run again is not the run's result: its failures are no errors of the run.
        if (artifacts.Retried)
            log.Information("attempt {Attempt} is run again (--retry-infra): no annotations", artifacts.Attempt);
        else
            ok &= await StepAsync("the annotations", () => WriteAnnotationsAsync(artifacts)).ConfigureAwait(false);
        var publisher = new GitHubPublisher(github,
            context.GitHubRetry, log,
            context.Time, Links);
        ok &= reportAs == ReportAs.Check
            ? await StepAsync("the check run", () => publisher.CheckRunAsync(artifacts, known, cancellationToken))
                .ConfigureAwait(false)
            : await StepAsync("the commit status", () => publisher.CommitStatusAsync(artifacts, cancellationToken))
                .ConfigureAwait(false);
        if (github.PullRequest is { } number)
        {
            ok &= await StepAsync("the pull request comment",
                () => publisher.CommentAsync(number, artifacts, known, cancellationToken)).ConfigureAwait(false);
        }
        else
        {
            log.Information("not a pull request event: no comment to write");
        }
        if (Issues && artifacts.Retried)
        {
            log.Information("attempt {Attempt} is run again (--retry-infra): the periodic issue waits for the "
                + "run's result", artifacts.Attempt);
        }
        else if (Issues)
        {
            ok &= await StepAsync("the periodic issue",
                () => publisher.IssueAsync(artifacts, known, cancellationToken)).ConfigureAwait(false);
        }
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
            var message = $"could not publish {what}: {GitHubPublisher.Describe(e)}; the job's result is unchanged";
            log.Warning("{Message}", message);
            log.Debug(e, "publishing {What} failed", what);
            await context.Runner.WarningAsync(message).ConfigureAwait(false);
            return false;
        }
    }

    private async Task WriteStepSummaryAsync(JobArtifacts artifacts, IReadOnlyList<KnownFailureMatch> known)
    {
        if (context.Runner.StepSummaryPath is not { } path)
            return;
        var written = File.Exists(path) ? new FileInfo(path).Length : 0;
        await File.AppendAllTextAsync(path, CommentBody.StepSummary(artifacts.StepSummary, known, written, Links,
            artifacts.NewLines))
            .ConfigureAwait(false);
    }

    private async Task WriteAnnotationsAsync(JobArtifacts artifacts)
    {
        foreach (var failure in artifacts.Failures.Take(WorkflowAnnotations))
        {
            var where = failure.Line is { } line ? $" (traas.log line {line})" : "";
            await context.Runner.ErrorAsync(Mentions.Neutralise($"{artifacts.JobType}: {failure.Name}"),
                Mentions.Neutralise($"{failure.Message}{where}")).ConfigureAwait(false);
        }
        if (artifacts.FailureCount > WorkflowAnnotations)
        {
            await context.Runner.ErrorAsync(Mentions.Neutralise(artifacts.JobType),
                $"{artifacts.FailureCount - WorkflowAnnotations} more failing tasks: see the job summary")
                .ConfigureAwait(false);
        }
    }
}
