using Octokit;
using Polly;
using Traas.Tool.Resilience;

namespace Traas.Tool.GitHub;

/// <summary>
/// The GitHub calls of PR commands: the author's permission, a reaction and a reply on the comment, the
/// pull request's head, traas-ci's check runs on it and their workflow runs' re-runs, and the hold records.
/// Every call goes through the "github-call" pipeline.
/// </summary>
internal sealed class PrCommandClient
{
    private readonly GitHubContext _github;
    private readonly GitHubClient _client;
    private readonly ResiliencePipeline _pipeline;

    public PrCommandClient(GitHubContext github, GitHubRetryOptions retry, ILogger log, TimeProvider time)
    {
        _github = github;
        _client = GitHubApi.Client(github, TimeSpan.FromSeconds(60));
        _pipeline = GitHubRetryPipeline.Create(retry, log, time);
    }

    /// <summary>The author's permission and role; (null, null) when the author is no collaborator (404).</summary>
    public async Task<(string? Permission, string? Role)> PermissionAsync(string login, CancellationToken cancel)
    {
        try
        {
            var answer = await _pipeline.CallAsync(() => _client.Repository.Collaborator.ReviewPermission(
                _github.Owner, _github.Repository, login), cancel).ConfigureAwait(false);
            return (answer.Permission, answer.RoleName);
        }
        catch (NotFoundException)
        {
            return (null, null);
        }
    }

    public Task ReactAsync(long comment, ReactionType reaction, CancellationToken cancel) =>
        _pipeline.CallAsync(() => _client.Reaction.IssueComment.Create(_github.Owner, _github.Repository, comment,
            new NewReaction(reaction)), cancel);

    public Task ReplyAsync(int number, string body, CancellationToken cancel) =>
        _pipeline.CallAsync(() => _client.Issue.Comment.Create(_github.Owner, _github.Repository, number, body),
            cancel);

    public Task UpdateCommentAsync(long id, string body, CancellationToken cancel) =>
        _pipeline.CallAsync(() => _client.Issue.Comment.Update(_github.Owner, _github.Repository, id, body), cancel);

    public Task<IReadOnlyList<IssueComment>> CommentsAsync(int number, CancellationToken cancel) =>
        _pipeline.CallAsync(() => _client.Issue.Comment.GetAllForIssue(_github.Owner, _github.Repository, number,
            new ApiOptions { PageSize = 100 }), cancel);

    /// <summary>The pull request's head SHA, and whether it is open.</summary>
    public async Task<(string Sha, bool Open)> HeadAsync(int number, CancellationToken cancel)
    {
        var pull = await _pipeline.CallAsync(() => _client.PullRequest.Get(_github.Owner, _github.Repository, number),
            cancel).ConfigureAwait(false);
        return (pull.Head.Sha, pull.State.StringValue == "open");
    }

    /// <summary>
    /// The workflow runs behind traas-ci's check runs on <paramref name="sha"/>: a check run named
    /// <c>traas-ci / JOB</c>, created by the App of the login traas-ci publishes as, with the run ID publish puts
    /// in external_id. A check run of another App with the same name is not ours and starts nothing.
    /// </summary>
    public async Task<IReadOnlyList<long>> TraasRunsAsync(string sha, CancellationToken cancel)
    {
        var checks = await _pipeline.CallAsync(() => _client.Check.Run.GetAllForReference(_github.Owner,
            _github.Repository, sha, new CheckRunRequest { Filter = CheckRunCompletedAtFilter.Latest },
            new ApiOptions { PageSize = 100 }), cancel).ConfigureAwait(false);
        var app = _github.CommentAuthor.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase)
            ? _github.CommentAuthor[..^5]
            : null;
        return
        [
            .. checks.CheckRuns
                .Where(c => c.Name.StartsWith(GitHubPublisher.CheckName(""), StringComparison.Ordinal)
                    && string.Equals(c.App?.Slug, app, StringComparison.OrdinalIgnoreCase))
                .Select(c => long.TryParse(c.ExternalId, out var id) && id > 0 ? id : 0)
                .Where(id => id > 0)
                .Distinct()
                .Order(),
        ];
    }

    /// <summary>Re-runs every job of a workflow run (POST /repos/{owner}/{repo}/actions/runs/{id}/rerun).</summary>
    public Task RerunAsync(long run, CancellationToken cancel) =>
        _pipeline.CallAsync(async () =>
        {
            await _client.Actions.Workflows.Runs.Rerun(_github.Owner, _github.Repository, run).ConfigureAwait(false);
            return true;
        }, cancel);

    /// <summary>Why a call failed, in words for the reply (GitHub's own message is not echoed).</summary>
    public static string Describe(Exception e) => e switch
    {
        ForbiddenException => "HTTP 403 (the workflow is still running, or the token lacks `actions: write`)",
        NotFoundException => "HTTP 404 (no such workflow run, or the token cannot see it)",
        ApiException api => $"HTTP {(int)api.StatusCode}",
        _ when e is HttpRequestException or TaskCanceledException => "GitHub did not answer",
        _ => e.GetType().Name,
    };

}
