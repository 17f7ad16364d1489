namespace Traas.Reporting.JUnit;

/// <summary>The counters a testsuite (and the root testsuites) carries.</summary>
internal sealed record SuiteCounts(int Tests, int Failures, int Errors, int Skipped, double Time)
{
    public static readonly SuiteCounts Zero = new(0, 0, 0, 0, 0);

    public SuiteCounts Plus(SuiteCounts other) => new(Tests + other.Tests, Failures + other.Failures,
        Errors + other.Errors, Skipped + other.Skipped, Time + other.Time);

    /// <summary>junit-10.xsd's SUREFIRE_TIME: digits, an optional fraction, no exponent.</summary>
    public static string FormatTime(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture);
}
