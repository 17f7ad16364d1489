using Octokit;
using Octokit.Internal;

namespace Traas.Tool.GitHub;

/// <summary>The one way traas-ci makes an Octokit client for a GitHub context.</summary>
internal static class GitHubApi
{
    /// <summary>
    /// Through Connection, so that the API address is used as given (GITHUB_API_URL already holds
    /// /api/v3 on GitHub Enterprise); GitHubClient's own constructor would add it again.
    /// </summary>
    public static GitHubClient Client(GitHubContext github, TimeSpan timeout)
    {
        var connection = new Connection(new ProductHeaderValue("traas-ci", ToolVersion.Current), github.ApiUrl,
            new InMemoryCredentialStore(new Credentials(github.Token)));
        connection.SetRequestTimeout(timeout);
        return new GitHubClient(connection);
    }
}
