using Octokit;

namespace Traas.Tool.GitHub;

/// <summary>
/// Who writes the sticky comment: the login of the token publish uses. Only a comment of that login is
/// ever taken for ours (anyone can post a comment that starts with our hidden marker).
/// </summary>
internal static partial class CommentAuthors
{
    /// <summary>The login behind GITHUB_TOKEN in GitHub Actions.</summary>
    public const string Default = "github-actions[bot]";

    /// <summary>A login as given by <paramref name="source"/> (an option or a setting), checked.</summary>
    public static string Parse(string login, string source) =>
        LoginPattern().IsMatch(login.Trim())
            ? login.Trim()
            : throw new TraasException(ExitCodes.BadInput,
                $"{source} '{login}' is not a GitHub login: give the login that the token publishes as, "
                    + $"e.g. {Default} (GITHUB_TOKEN) or my-app[bot] (a GitHub App)");

    /// <summary>
    /// Whether <paramref name="comment"/> was written by <paramref name="login"/>. Logins compare without
    /// case, as GitHub's do; a bot's login ([bot] at the end, which no user can take) must also be a Bot.
    /// </summary>
    public static bool Wrote(IssueComment comment, string login) => Wrote(comment.User, login);

    /// <summary>Whether <paramref name="user"/> is <paramref name="login"/> (an issue's author, say).</summary>
    public static bool Wrote(User? user, string login) =>
        user is not null
            && string.Equals(user.Login, login, StringComparison.OrdinalIgnoreCase)
            && (!login.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase) || user.Type == AccountType.Bot);

    // A GitHub login: letters, digits and hyphens, at most 39 characters; an App's bot adds [bot].
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9-]{0,38}(?:\[bot\])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex LoginPattern();
}
