using Octokit;

namespace Traas.Tool.GitHub;

/// <summary>
/// A pull request's base branch, the commit its head is at, whether it is open or merged, its title and body (<see
/// cref="DependsOn.PullMessage"/>).
/// </summary>
internal sealed record PullHead(string BaseBranch, string Sha, bool Open, bool Merged, string Message);

/// <summary>What a run reads of GitHub for Depends-On: a commit's message and a pull request's head.</summary>
internal sealed class GitHubChanges
{
    private readonly GitHubClient _client;

    public GitHubChanges(GitHubContext github)
    {
        _client = GitHubApi.Client(github, TimeSpan.FromSeconds(30));
    }

    public async Task<string> CommitMessageAsync(string owner, string repository, string sha) =>
        (await _client.Repository.Commit.Get(owner, repository, sha).ConfigureAwait(false)).Commit.Message;

    /// <summary>The pull request's base branch, head commit and state, or null when there is none.</summary>
    public async Task<PullHead?> PullHeadAsync(string owner, string repository, int number)
    {
        try
        {
            var pull = await _client.PullRequest.Get(owner, repository, number).ConfigureAwait(false);
            // An answer without them is one the caller refuses (a warning), not a crash.
            return new PullHead(pull.Base?.Ref ?? "", pull.Head?.Sha ?? "", pull.State.StringValue == "open",
                pull.Merged, DependsOn.PullMessage(pull.Title, pull.Body));
        }
        catch (NotFoundException)
        {
            return null;
        }
    }
}
