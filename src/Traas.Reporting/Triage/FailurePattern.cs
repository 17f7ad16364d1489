namespace Traas.Reporting.Triage;

/// <summary>A known shape of failure text: a name, a regex matched against each line, its class and a link.</summary>
/// <param name="Name">Shown as "infrastructure failure: NAME".</param>
/// <param name="Regex">Built without backtracking (see <see cref="Create"/>).</param>
public sealed record FailurePattern(string Name, Regex Regex, FailureClass Class, string? Url)
{
    /// <summary>How long one line may keep a pattern's match busy.</summary>
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A pattern whose regex is .NET's without backtracking, so that no log line can make it slow;
    /// backreferences and lookarounds are refused.
    /// </summary>
    /// <exception cref="ArgumentException">The regex cannot be built (the message says why).</exception>
    public static FailurePattern Create(string name, string regex, FailureClass failureClass, string? url = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrEmpty(regex);
        try
        {
            return new FailurePattern(name, new Regex(regex,
                RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, MatchTimeout), failureClass, url);
        }
        catch (NotSupportedException e)
        {
            throw new ArgumentException($"the regex of {name} uses what a linear-time regex cannot: {e.Message}",
                nameof(regex), e);
        }
    }

    /// <summary>
    /// A pattern of ours (<see cref="FailurePatterns.Shipped"/>): literal alternations that .NET's
    /// backtracking regex finds with vectorised searches, several times faster on a line that has
    /// none of them than the linear-time one. The match timeout bounds a line that would be slow.
    /// </summary>
    internal static FailurePattern Shipped(string name, string regex, FailureClass failureClass, string? url) =>
        new(name, new Regex(regex, RegexOptions.Compiled | RegexOptions.CultureInvariant, MatchTimeout),
            failureClass, url);

    /// <summary>
    /// A class as a fingerprints file writes it: infra (or infrastructure), job (or code, sova's word)
    /// or info, in any case.
    /// </summary>
    public static bool TryParseClass(string? text, out FailureClass failureClass)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "infra" or "infrastructure":
                failureClass = FailureClass.Infra;
                return true;
            case "job" or "code":
                failureClass = FailureClass.Job;
                return true;
            case "info":
                failureClass = FailureClass.Info;
                return true;
            default:
                failureClass = FailureClass.Job;
                return false;
        }
    }
}
