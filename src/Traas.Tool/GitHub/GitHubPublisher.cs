using Octokit;
using Polly;
using Traas.Tool.Config;
using Traas.Tool.Resilience;

namespace Traas.Tool.GitHub;

/// <summary>
/// Octokit calls that put a job's result on the commit and the pull request: a check run (or a
/// commit status) and the sticky comment. Every call goes through the "github-call" pipeline.
/// </summary>
internal sealed partial class GitHubPublisher
{
    /// <summary>
    /// GitHub takes at most 50 annotations per check run request (docs.github.com/rest/checks/runs), and a
    /// check run is one request: sending more 50 at a time would let a log with 300,000 failing tasks
    /// spend thousands of the token's hourly requests. The check run's text says how many more there are.
    /// </summary>
    public const int MaxAnnotations = 50;

    private readonly GitHubContext _github;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly GitHubClient _client;
    private readonly ResiliencePipeline _pipeline;
    private readonly ConsoleLinks _links;

    public GitHubPublisher(GitHubContext github, GitHubRetryOptions retry, ILogger log, TimeProvider time,
        ConsoleLinks? links = null)
    {
        _github = github;
        _links = links ?? ConsoleLinks.For(github, null);
        _log = log;
        _time = time;
        _client = GitHubApi.Client(github, TimeSpan.FromSeconds(60));
        _pipeline = GitHubRetryPipeline.Create(retry, log, time);
    }

    public static string CheckName(string jobType) => $"traas-ci / {jobType}";

    public async Task CheckRunAsync(JobArtifacts artifacts, IReadOnlyList<KnownFailureMatch> known,
        CancellationToken cancellationToken)
    {
        var create = new NewCheckRun(CheckName(artifacts.JobType), _github.HeadSha)
        {
            Status = CheckStatus.Completed,
            Conclusion = new StringEnum<CheckConclusion>(artifacts.Result.Class().CheckConclusion),
            CompletedAt = _time.GetUtcNow(),
            DetailsUrl = _links.Page,
            ExternalId = _github.RunId,
            Output = CheckRunOutput(artifacts, known),
        };
        await _pipeline.CallAsync(
            () => _client.Check.Run.Create(_github.Owner, _github.Repository, create),
            cancellationToken).ConfigureAwait(false);
        _log.Information("check run {Name} on {Commit}: {Conclusion}, {Annotations} of {Failing} failing tasks "
            + "annotated", create.Name, _github.HeadSha, create.Conclusion!.Value.StringValue,
            create.Output.Annotations?.Count ?? 0, artifacts.FailureCount);
    }

    /// <summary>
    /// The check run's title, summary and at most <see cref="MaxAnnotations"/> annotations, with a text
    /// that says how many failing tasks have none.
    /// </summary>
    internal NewCheckRunOutput CheckRunOutput(JobArtifacts artifacts, IReadOnlyList<KnownFailureMatch> known)
    {
        var summary = CommentBody.CheckRunSummary(artifacts.CommentSummary, known, _links, artifacts.NewLines);
        var annotations = artifacts.Failures.Take(MaxAnnotations).Select(Annotation).ToList();
        return new NewCheckRunOutput(Title(artifacts), summary)
        {
            Annotations = annotations.Count > 0 ? annotations : null,
            Text = NotAnnotated(artifacts.FailureCount, annotations.Count),
        };
    }

    /// <summary>The check run's text when failing tasks go without an annotation: how many, and where.</summary>
    private string? NotAnnotated(long failing, int annotated) => failing <= annotated
        ? null
        : string.Create(CultureInfo.InvariantCulture,
            $"{failing - annotated} more failing tasks are not annotated: the annotations show the first "
                + $"{annotated} of {failing}. The summary above lists the failing tasks, and the log has "
                + $"every one:\n{_links.Footer()}");

    public async Task CommitStatusAsync(JobArtifacts artifacts, CancellationToken cancellationToken)
    {
        var status = new NewCommitStatus
        {
            State = Enum.Parse<CommitState>(artifacts.Result.Class().CommitState, ignoreCase: true),
            Context = CheckName(artifacts.JobType),
            TargetUrl = _links.Page,
            // GitHub keeps at most 140 characters of the description.
            Description = CommentBody.Cut(Title(artifacts), 140, "").Split('\n')[0],
        };
        await _pipeline.CallAsync(
            () => _client.Repository.Status.Create(_github.Owner, _github.Repository, _github.HeadSha, status),
            cancellationToken).ConfigureAwait(false);
        _log.Information("commit status {Context} on {Commit}: {State}",
            status.Context, _github.HeadSha, artifacts.Result.Class().CommitState);
    }

    /// <summary>
    /// Writes the sticky comment of the job type, or updates it with this run on top. Ours is the first
    /// comment that starts with the job type's marker and was written by <see cref="GitHubContext.CommentAuthor"/>;
    /// one with the marker by anyone else is left alone, with a warning.
    /// </summary>
    public async Task CommentAsync(int number, JobArtifacts artifacts, IReadOnlyList<KnownFailureMatch> known,
        CancellationToken cancellationToken)
    {
        var marker = CommentBody.Marker(artifacts.JobType);
        var comments = await _pipeline.CallAsync(
            () => _client.Issue.Comment.GetAllForIssue(_github.Owner, _github.Repository, number,
                new ApiOptions { PageSize = 100 }), cancellationToken).ConfigureAwait(false);
        var existing = Ours(comments, marker, number);
        var current = RunEntry.Of(artifacts, _github.HeadSha, _github.RunUrl, _time.GetUtcNow());
        var history = CommentHistory.Read(existing?.Body, _github.ServerUrl);
        foreach (var problem in history.Problems)
            _log.Warning("comment {Id} on pull request #{Number}: {Problem}", existing!.Id, number, problem);
        var body = CommentBody.Comment(artifacts.JobType, current, artifacts.CommentSummary, known,
            RunEntry.WithAttempts(current, artifacts, history.Entries), _links, artifacts.NewLines);
        if (existing is null)
        {
            await _pipeline.CallAsync(
                () => _client.Issue.Comment.Create(_github.Owner, _github.Repository, number, body),
                cancellationToken).ConfigureAwait(false);
            _log.Information("commented on pull request #{Number}", number);
            return;
        }
        await _pipeline.CallAsync(
            () => _client.Issue.Comment.Update(_github.Owner, _github.Repository, existing.Id, body),
            cancellationToken).ConfigureAwait(false);
        _log.Information("updated the comment on pull request #{Number} ({Earlier} earlier runs kept)",
            number, history.Entries.Count);
    }

    /// <summary>What went wrong, in one line (for the warning that a part was not published).</summary>
    public static string Describe(Exception e) => e switch
    {
        ApiValidationException validation =>
            $"HTTP 422 {validation.Message} {string.Join("; ",
                validation.ApiError?.Errors?.Select(x => $"{x.Field}: {x.Message ?? x.Code}") ?? [])}",
        ApiException api => $"HTTP {(int)api.StatusCode} {api.Message}",
        _ => e.Message,
    };

    /// <summary>The first comment with the marker that we wrote; the others with it are only named.</summary>
    private IssueComment? Ours(IReadOnlyList<IssueComment> comments, string marker, int number)
    {
        var marked = comments.Where(c => c.Body?.StartsWith(marker, StringComparison.Ordinal) == true).ToList();
        foreach (var foreign in marked.Where(c => !CommentAuthors.Wrote(c, _github.CommentAuthor)))
        {
            _log.Warning("comment {Id} on pull request #{Number} starts with traas-ci's marker but was written by "
                + "{Author}, not {Publisher}: it is ignored (never edited)", foreign.Id, number,
                foreign.User?.Login ?? "(unknown)", _github.CommentAuthor);
        }
        return marked.FirstOrDefault(c => CommentAuthors.Wrote(c, _github.CommentAuthor));
    }


    private static string Title(JobArtifacts artifacts) =>
        Mentions.Neutralise($"{artifacts.JobType}: {artifacts.Result.Label()}"
            + (artifacts.FailureCount > 0 ? $", {artifacts.FailureCount} failing" : ""));

    private static NewCheckRunAnnotation Annotation(FailingTask failure)
    {
        var line = failure.Line ?? 1;
        var message = CommentBody.Cut(Mentions.Neutralise(failure.Message.Length > 0 ? failure.Message : failure.Name),
            60000, "see the log");
        return new NewCheckRunAnnotation(ArtifactFiles.Log, line, line, CheckAnnotationLevel.Failure, message)
        {
            Title = CommentBody.Cut(Mentions.Neutralise($"{failure.Name} ({failure.Play})"), 255, "").Split('\n')[0],
        };
    }
}
