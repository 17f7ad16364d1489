namespace Traas.Tool.GitHub;

/// <summary>
/// Reads the command of a pull request comment, as Zuul's <c>(?i)^\s*recheck</c> does: the first line
/// that carries text is the command line, and its first word, in any case, is the command. Text after
/// <c>recheck</c> is a reason (as OpenStack asks people to give). Quoted lines (<c>&gt;</c>), fenced and
/// indented code blocks and HTML comments are not the author's words, or not meant as a command, and
/// are passed over: quoting someone's <c>recheck</c> asks for nothing.
/// </summary>
internal static partial class PrCommandParser
{
    /// <summary>The most hours a hold may ask for: a week, the longest timeout traas-ci takes anywhere.</summary>
    public const int MaxHoldHours = 168;

    public static readonly string HoldUsage =
        "`hold` keeps the next run's stack if it fails, for the run's default hours; "
        + $"`hold N` for N hours, a whole number from 1 to {MaxHoldHours}";

    /// <summary>The comment's command, or null when it holds none (most comments).</summary>
    public static PrCommand? Parse(string? body)
    {
        if (CommandLine(body ?? "") is not { } line)
            return null;
        var words = line.Split([' ', '\t'], 3, StringSplitOptions.RemoveEmptyEntries);
        return words[0].ToLowerInvariant() switch
        {
            "recheck" => new PrCommand(PrCommandKind.Recheck),
            "hold" => Hold(words),
            _ => null,
        };
    }

    private static PrCommand Hold(string[] words)
    {
        if (words.Length == 1)
            return new PrCommand(PrCommandKind.Hold);
        if (words.Length == 2 && Hours().IsMatch(words[1])
            && int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            && hours is >= 1 and <= MaxHoldHours)
            return new PrCommand(PrCommandKind.Hold, hours);
        return new PrCommand(PrCommandKind.Invalid, Problem: HoldUsage);
    }

    /// <summary>The author's first line of text: outside quotes, code blocks and HTML comments, trimmed.</summary>
    private static string? CommandLine(string body)
    {
        string? fence = null;
        var text = HtmlComment().Replace(body.Replace("\r\n", "\n", StringComparison.Ordinal), "");
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Replace('\u00a0', ' ');
            if (Fence().Match(line) is { Success: true } mark)
            {
                fence = fence is null ? mark.Groups[1].Value
                    : mark.Groups[1].Value.StartsWith(fence, StringComparison.Ordinal) ? null : fence;
                continue;
            }
            if (fence is not null || line.Trim().Length == 0)
                continue;
            // Four spaces (or a tab) make an indented code block; '>' quotes someone.
            var trimmed = line.Trim();
            if (line.StartsWith("    ", StringComparison.Ordinal) || line.StartsWith('\t') || trimmed.StartsWith('>'))
                continue;
            return trimmed;
        }
        return null;
    }

    [GeneratedRegex(@"^ {0,3}(`{3,}|~{3,})", RegexOptions.CultureInvariant)]
    private static partial Regex Fence();

    [GeneratedRegex("<!--.*?-->", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex HtmlComment();

    [GeneratedRegex(@"^[0-9]{1,4}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Hours();
}
