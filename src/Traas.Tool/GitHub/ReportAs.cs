namespace Traas.Tool.GitHub;

/// <summary>
/// How results reach the commit: a check run (needs checks: write) or a commit status (statuses: write).
/// </summary>
internal enum ReportAs
{
    Check,
    Status,
}

internal static class ReportAsNames
{
    public static ReportAs Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "check" or "check-run" => ReportAs.Check,
        "status" or "commit-status" => ReportAs.Status,
        _ => throw new TraasException(ExitCodes.BadInput, $"--report-as {text}: give check or status"),
    };
}
