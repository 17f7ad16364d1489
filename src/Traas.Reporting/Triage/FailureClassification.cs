namespace Traas.Reporting.Triage;

/// <summary>Whether a failure is the infrastructure's or the job's, and the pattern and text that say so.</summary>
/// <param name="Pattern">The deciding pattern; null for a job failure no pattern names.</param>
/// <param name="Evidence">The text the pattern matched (cut to <see cref="PatternScanner.TextChars"/>).</param>
/// <param name="Line">The evidence's line in the log, when it came from a line.</param>
/// <param name="Matches">Every pattern the log matched, info ones too (for the summary's list).</param>
public sealed record FailureClassification(FailureClass Class, FailurePattern? Pattern, string? Evidence,
    long? Line, IReadOnlyList<PatternMatch> Matches)
{
    /// <summary>
    /// "infrastructure failure: NAME", "job failure: NAME", "job failure", or "infrastructure failure" when the
    /// run said so and no pattern named it.
    /// </summary>
    public string Headline => (Class, Pattern) switch
    {
        (FailureClass.Infra, { } p) => $"infrastructure failure: {p.Name}",
        (FailureClass.Infra, null) => "infrastructure failure",
        (_, { } p) => $"job failure: {p.Name}",
        _ => "job failure",
    };

    public bool IsInfra => Class == FailureClass.Infra;
}
