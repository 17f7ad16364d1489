namespace Traas.Tool.GitHub;

/// <summary>
/// Makes text from the log inert on GitHub before it is posted (the PR comment, the check run's title,
/// summary and annotations, the commit status, the step summary, ::error annotations): a log must not
/// notify a user or a team, nor link an issue, pull request or web page. The text still reads the same.
/// </summary>
/// <remarks>
/// The form: a WORD JOINER (U+2060) after <c>@</c>, after <c>#</c> and <c>GH-</c> before a number, and
/// between a URL's <c>scheme:</c> and <c>//</c> or after a bare <c>www</c> (outside code blocks, and not
/// in a link destination <c>](...)</c>, which only our own links have: markdown from the log has its
/// brackets escaped).
/// GitHub links <c>@user</c>, <c>@org/team</c>, <c>user@sha</c>, <c>#123</c>, <c>GH-123</c> and
/// <c>org/repo#123</c> only when a letter or digit directly follows the <c>@</c>, <c>#</c> or <c>-</c>
/// (its mention and reference filters match ASCII word characters there), and autolinks a URL only
/// when its scheme is directly followed by <c>://</c>; any other character in between stops both.
/// U+2060 is invisible and, unlike a zero-width space (U+200B, which dependabot and renovate use the
/// same way), is no line-break opportunity, so "@" never wraps away from the name. It works in plain
/// text too (annotations, the status description), where an HTML entity would show as typed. Our own
/// links keep working: console.html#L12 has a letter after '#', a run URL has neither '@' nor '#'.
/// Character references of '@' and '#' (&amp;#64;, &amp;#x40;, &amp;commat;, ...) are broken too, for
/// markdown that did not escape its '&amp;'.
/// </remarks>
internal static partial class Mentions
{
    public const char WordJoiner = '\u2060';

    /// <summary>The text with every mention, reference and bare URL broken by <see cref="WordJoiner"/>.</summary>
    public static string Neutralise(string text)
    {
        if (text.Length == 0)
            return text;
        var result = new StringBuilder(text.Length + 16);
        string? fence = null;
        var first = true;
        foreach (var line in text.Split('\n'))
        {
            if (!first)
                result.Append('\n');
            first = false;
            var inert = References().Replace(line, Join);
            // GitHub neither autolinks nor cross-references a URL in a code block: there the URL is
            // left as it is, so that it can still be copied.
            if (fence is null)
                inert = Urls().Replace(inert, Join);
            fence = NextFence(line, fence);
            result.Append(inert);
        }
        return result.ToString();
    }

    // Every pattern matches just the part the joiner goes after (what follows is a lookahead).
    private static string Join(Match match) => match.Value + WordJoiner;

    /// <summary>The fence that is open after <paramref name="line"/> (CommonMark fenced code blocks).</summary>
    private static string? NextFence(string line, string? open)
    {
        if (Fence().Match(line) is not { Success: true } match)
            return open;
        var marks = match.Groups[1].Value;
        if (open is null)
            return marks;
        // A closing fence: the same character, at least as long, nothing after it but spaces.
        return marks[0] == open[0] && marks.Length >= open.Length && match.Groups[2].Value.Trim().Length == 0
            ? null
            : open;
    }

    // '@' before a letter or digit (a user, a team, an e-mail address, user@sha); '#' before a digit
    // (#123, org/repo#123; also the '#' of a decimal character reference, which then shows as typed and
    // is no '@' any more); GH-123 in any case; and the hexadecimal and named references of '@' and '#'.
    [GeneratedRegex(@"(?:@|&#[xX]0*40;|&commat;)(?=[A-Za-z0-9])|(?:#|&#[xX]0*23;|&num;)(?=[0-9])"
        + "|(?i:GH)-(?=[0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex References();

    // The schemes GitHub's markdown autolinks (http, https, ftp) and www., but not in our link destinations.
    // A ']' escaped by a backslash (as markdown from the log has it) starts no link destination.
    [GeneratedRegex(@"(?<!(?:^|[^\\])(?:\\\\)*\]\()(?i:https?|ftp):(?=//)|(?<=^|[\s*_~(])(?i:www)(?=\.)",
        RegexOptions.CultureInvariant)]
    private static partial Regex Urls();

    [GeneratedRegex(@"^\s*(`{3,}|~{3,})(.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Fence();
}
