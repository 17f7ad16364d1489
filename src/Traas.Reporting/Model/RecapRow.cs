namespace Traas.Reporting.Model;

/// <summary>
/// One PLAY RECAP row. The 4-counter form (ansible 2.4 era) has no skipped, rescued or ignored:
/// <see cref="HasExtendedCounters"/> is false and those stay 0.
/// </summary>
/// <param name="IsZuul">Zuul's console form: `host | ok: 5 changed: 2 ...`.</param>
public sealed record RecapRow(string Host, HostCounts Counts, bool HasExtendedCounters, long Line, bool IsZuul = false);
