namespace Traas.Reporting.Model;

/// <summary>Caps that keep memory flat whatever the size of the log.</summary>
internal static class ReportLimits
{
    /// <summary>Characters of a result kept for the JUnit body and system-out.</summary>
    public const int ResultBodyChars = 16 * 1024;

    /// <summary>Failing tasks kept for the summary and the failure card; the rest are only counted.</summary>
    public const int FailuresKept = 1000;

    /// <summary>Failing tempest tests kept for the summary; the rest are only counted.</summary>
    public const int TempestFailuresKept = 200;

    public const int SlowestTasks = 10;

    /// <summary>Error lines kept while reading, the best of which are shown.</summary>
    public const int ErrorLinesKept = 64;

    /// <summary>Error lines shown for a failure that no failing task explains.</summary>
    public const int ErrorLinesShown = 5;

    /// <summary>The last lines of the log shown for a failure that no failing task explains.</summary>
    public const int TailLines = 30;

    /// <summary>Characters kept of a quoted log line.</summary>
    public const int ExcerptChars = 500;

    /// <summary>
    /// Hosts kept by name, their counts and testcases apart; every host past them is counted as one
    /// (ReportBuilder.OverflowHost), with a warning.
    /// </summary>
    public const int HostsKept = 1000;

    /// <summary>
    /// Playbook runs kept apart (each its testsuite and per-host counts); the last one kept holds every
    /// run after it, with a warning.
    /// </summary>
    public const int RunsKept = 200;

    /// <summary>Hosts named for the task a log stopped in; the rest are only counted.</summary>
    public const int HostsNamed = 10;

    /// <summary>Report warnings kept; the rest are only counted.</summary>
    public const int WarningsKept = 200;

    /// <summary>Problems of one subunit stream given each a warning; the rest are counted in one more.</summary>
    public const int SubunitProblemsKept = 20;

    /// <summary>
    /// Tests of one subunit stream held while they run: a runner has one a worker at a time. Past it, the
    /// one that started first is reported as unfinished, with a problem saying so.
    /// </summary>
    public const int SubunitTestsInProgress = 1000;

    /// <summary>
    /// Characters held for a subunit stream's running tests: their ids and their attachments' names and
    /// text (each attachment is cut at 16 Ki characters). Past it, as past <see cref="SubunitTestsInProgress"/>.
    /// </summary>
    public const int SubunitInProgressChars = 16 * 1024 * 1024;

    /// <summary>
    /// Bytes a gzipped subunit stream is read to, once inflated: as much as collect takes of a plain file
    /// by default (`--collect-max-file-mib`), where a few MiB of gzip could inflate to terabytes.
    /// </summary>
    public const long SubunitInflatedBytes = 1024L * 1024 * 1024;
}
