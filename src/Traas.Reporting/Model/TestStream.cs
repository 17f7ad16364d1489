namespace Traas.Reporting.Model;

/// <summary>A subunit stream read beside the log (testrepository.subunit.gz, .stestr/N).</summary>
/// <param name="Name">The file it came from, as given.</param>
/// <param name="OnlyPlaceholder">
/// The stream holds nothing but tripleo-ci's placeholder (a failing `pingtest` written before the
/// job runs and overwritten by the real results): there are no test results.
/// </param>
/// <param name="Failures">The failing tests, first <see cref="ReportLimits.TempestFailuresKept"/>.</param>
public sealed record TestStream(string Name, int Tests, int Failed, int Skipped, double Seconds, bool OnlyPlaceholder,
    IReadOnlyList<TempestTest> Failures);
