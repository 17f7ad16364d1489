namespace Traas.Reporting.Model;

/// <summary>
/// One PLAY RECAP row. The 4-counter form (ansible 2.4 era) has no skipped, rescued or ignored:
/// <see cref="HasExtendedCounters"/> (a skipped counter) is false and those stay 0.
/// </summary>
/// <param name="IsZuul">Zuul's console form: `host | ok: 5 changed: 2 ...`.</param>
public sealed record RecapRow(string Host, HostCounts Counts, bool HasExtendedCounters, long Line, bool IsZuul = false)
{
    /// <summary>The row has a rescued counter (ansible 2.8+): only then can it confirm a rescue.</summary>
    public bool CountsRescues { get; init; } = HasExtendedCounters;

    /// <summary>The row has an ignored counter (ansible 2.8+).</summary>
    public bool CountsIgnored { get; init; } = HasExtendedCounters;
}
