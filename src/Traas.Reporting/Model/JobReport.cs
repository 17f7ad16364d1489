namespace Traas.Reporting.Model;

/// <summary>
/// What a whole traas.log says, kept small: lists that could grow with the log are capped
/// (see <see cref="ReportLimits"/>) and their full sizes counted beside them.
/// </summary>
public sealed record JobReport
{
    public required JobOutcome Outcome { get; init; }
    /// <summary>The marker the outcome was taken from, in the log's words.</summary>
    public required string OutcomeReason { get; init; }
    public long? OutcomeLine { get; init; }

    public required IReadOnlyList<PlaybookRun> Playbooks { get; init; }
    public required IReadOnlyList<PlayInfo> Plays { get; init; }
    /// <summary>True when the log has tripleo-ci playbook markers or PLAYBOOK banners.</summary>
    public required bool HasPlaybookMarkers { get; init; }

    public required IReadOnlyDictionary<string, HostCounts> HostTotals { get; init; }
    public required int TaskCount { get; init; }
    /// <summary>(task, host) results: the testcases of the playbook suites.</summary>
    public required int HostResultCount { get; init; }
    public required int FailedTaskCount { get; init; }
    public required IReadOnlyList<FailedTask> Failures { get; init; }
    public required IReadOnlyList<TimedTask> SlowestTasks { get; init; }
    public required IReadOnlyList<RecapMismatch> RecapMismatches { get; init; }
    public required int RecapRows { get; init; }

    public TempestTotals? TempestTotals { get; init; }
    public required int TempestTestCount { get; init; }
    public required int TempestFailedCount { get; init; }
    public required int TempestSkippedCount { get; init; }
    public required IReadOnlyList<TempestTest> TempestFailures { get; init; }

    public required int WarningCount { get; init; }
    public required long LineCount { get; init; }
    public required long ByteCount { get; init; }
}
