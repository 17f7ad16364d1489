namespace Traas.Tool.GitHub;

/// <summary>
/// Where the links of posted texts go. The report writes them relative (console.html#L123), which
/// on github.com resolves against the pull request's page and goes nowhere: every posted text gets
/// them absolute, to the hosted console page (Swift, or the artifact) with its line, else to the
/// workflow run's page (which has no line anchors), else to the commit.
/// </summary>
internal sealed partial class ConsoleLinks(string? console, string fallback)
{
    public static ConsoleLinks For(GitHubContext github, string? console) =>
        new(console, github.RunUrl ?? CommitUrl(github));

    private static string CommitUrl(GitHubContext github) =>
        $"{github.ServerUrl.ToString().TrimEnd('/')}/{github.Owner}/{github.Repository}/commit/{github.HeadSha}";

    /// <summary>The page a reader should open: the console page when it is hosted, else the run.</summary>
    public string Page => console ?? fallback;

    /// <summary>A line of the log, or the run when the console page is not hosted.</summary>
    public string Line(long line) => console is null ? Markdown(fallback) : $"{Markdown(console)}#L{line}";

    /// <summary>A line for the comment's foot: the console page (when hosted) and the run, absolute.</summary>
    public string Footer() => console is null
        ? $"\n[Workflow run]({Markdown(fallback)})\n"
        : $"\n[Console log]({Markdown(console)}) · [Workflow run]({Markdown(fallback)})\n";

    // A markdown link's target ends at the first ')' or blank: such characters are percent-encoded.
    private static string Markdown(string url) =>
        url.Replace(" ", "%20", StringComparison.Ordinal).Replace("(", "%28", StringComparison.Ordinal)
            .Replace(")", "%29", StringComparison.Ordinal);

    /// <summary>Markdown with its console.html links made absolute.</summary>
    public string Absolute(string markdown) =>
        Relative().Replace(markdown, m => $"]({(m.Groups[1].Success ? Line(long.Parse(m.Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture)) : Page)})");

    [GeneratedRegex(@"\]\(console\.html(?:#L([0-9]{1,12}))?\)", RegexOptions.CultureInvariant)]
    private static partial Regex Relative();
}
