namespace Traas.Tool.GitHub;

/// <summary>A change a pull request depends on, as its `Depends-On:` line names it.</summary>
internal abstract record DependsOnChange(string Url)
{
    /// <summary>
    /// A Gerrit change (Zuul's forms: /c/PROJECT/+/N, /#/c/N, /N); the project when the URL holds it.
    /// </summary>
    internal sealed record Gerrit(string Url, string? Project, int Number) : DependsOnChange(Url);

    /// <summary>A GitHub pull request, https://HOST/OWNER/REPO/pull/N.</summary>
    internal sealed record GitHubPull(string Url, string Owner, string Repository, int Number) : DependsOnChange(Url);

    /// <summary>A URL of neither: said in a warning, never guessed at.</summary>
    internal sealed record Unknown(string Url, string Why) : DependsOnChange(Url);
}

/// <summary>
/// `Depends-On: URL` lines, as Zuul reads them (zuul/lib/dependson.py: one per line, any case) in a
/// pull request's title and body (<see cref="PullMessage"/>) and its head commit's message. A URL is a Gerrit
/// change when its host is the Gerrit's, a pull request when it is GitHub's.
/// </summary>
internal static partial class DependsOn
{
    /// <summary>The most Depends-On lines read: a body is the author's text.</summary>
    public const int MaxChanges = 50;

    /// <summary>
    /// A pull request's text as Zuul's GitHub driver makes its message: the title, a blank line, the body
    /// (githubconnection.py), so that a title that is a Depends-On line counts too.
    /// </summary>
    public static string PullMessage(string? title, string? body) =>
        (title, body) switch
        {
            ({ Length: > 0 }, { Length: > 0 }) => $"{title}\n\n{body}",
            ({ Length: > 0 }, _) => title,
            _ => body ?? "",
        };

    public static IReadOnlyList<DependsOnChange> Parse(string? text, Uri gerrit, Uri github)
    {
        if (string.IsNullOrEmpty(text))
            return [];
        return Line().Matches(text).Select(m => m.Groups[1].Value.Trim()).Distinct(StringComparer.Ordinal)
            .Take(MaxChanges).Select(url => Classify(url, gerrit, github)).ToList();
    }

    public static DependsOnChange Classify(string url, Uri gerrit, Uri github)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            return new DependsOnChange.Unknown(url, "not an http(s) URL");
        if (string.Equals(uri.Host, gerrit.Host, StringComparison.OrdinalIgnoreCase))
        {
            var path = uri.AbsolutePath + (uri.Fragment.Length > 0 ? uri.Fragment : "");
            if (GerritWithProject().Match(path) is { Success: true } full)
                return new DependsOnChange.Gerrit(url, full.Groups[1].Value, Number(full.Groups[2].Value));
            if (GerritNumberOnly().Match(path) is { Success: true } bare)
                return new DependsOnChange.Gerrit(url, null, Number(bare.Groups[1].Value));
            return new DependsOnChange.Unknown(url, $"not a change of {gerrit.Host} (/c/PROJECT/+/N, /#/c/N or /N)");
        }
        if (string.Equals(uri.Host, github.Host, StringComparison.OrdinalIgnoreCase)
            && GitHubPullPath().Match(uri.AbsolutePath) is { Success: true } pull)
        {
            return new DependsOnChange.GitHubPull(url, pull.Groups[1].Value, pull.Groups[2].Value,
                Number(pull.Groups[3].Value));
        }
        return new DependsOnChange.Unknown(url,
            $"neither a change of {gerrit.Host} nor a pull request of {github.Host}");
    }

    private static int Number(string digits) =>
        int.TryParse(digits, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : 0;

    [GeneratedRegex(@"^Depends-On:[ \t]*(\S+)[ \t]*\r?$",
        RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Line();

    [GeneratedRegex(@"^/c/([A-Za-z0-9._/-]+?)/\+/([0-9]{1,9})(?:/[0-9]*)?/?$", RegexOptions.CultureInvariant)]
    private static partial Regex GerritWithProject();

    [GeneratedRegex(@"^/(?:#/c/)?([0-9]{1,9})/?$", RegexOptions.CultureInvariant)]
    private static partial Regex GerritNumberOnly();

    [GeneratedRegex(@"^/([A-Za-z0-9._-]+)/([A-Za-z0-9._-]+)/pull/([0-9]{1,9})/?$", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubPullPath();
}
