namespace Traas.Reporting.Model;

/// <summary>The Totals block subunit-trace prints at the end of a tempest run.</summary>
public sealed record TempestTotals(int Ran, int Passed, int Skipped, int Failed, int ExpectedFail,
    int UnexpectedSuccess, double? Seconds);
