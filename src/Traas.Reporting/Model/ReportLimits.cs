namespace Traas.Reporting.Model;

/// <summary>Caps that keep memory flat whatever the size of the log.</summary>
public static class ReportLimits
{
    /// <summary>Characters of a result kept for the JUnit body and system-out.</summary>
    public const int ResultBodyChars = 16 * 1024;

    /// <summary>Failing tasks kept for the summary and the failure card; the rest are only counted.</summary>
    public const int FailuresKept = 1000;

    /// <summary>Failing tempest tests kept for the summary; the rest are only counted.</summary>
    public const int TempestFailuresKept = 200;

    public const int SlowestTasks = 10;
}
