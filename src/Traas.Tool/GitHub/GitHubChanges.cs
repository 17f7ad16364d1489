using Octokit;

namespace Traas.Tool.GitHub;

/// <summary>What a run reads of GitHub for Depends-On: a commit's message and a pull request's base branch.</summary>
internal sealed class GitHubChanges
{
    private readonly GitHubClient _client;

    public GitHubChanges(GitHubContext github)
    {
        _client = GitHubApi.Client(github, TimeSpan.FromSeconds(30));
    }

    public async Task<string> CommitMessageAsync(string owner, string repository, string sha) =>
        (await _client.Repository.Commit.Get(owner, repository, sha).ConfigureAwait(false)).Commit.Message;

    /// <summary>The pull request's base branch, or null when there is no such pull request.</summary>
    public async Task<string?> BaseBranchAsync(string owner, string repository, int number)
    {
        try
        {
            return (await _client.PullRequest.Get(owner, repository, number).ConfigureAwait(false)).Base.Ref;
        }
        catch (NotFoundException)
        {
            return null;
        }
    }
}
