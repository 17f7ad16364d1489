namespace Traas.Reporting.Model;

/// <summary>
/// What a whole traas.log says, kept small: lists that could grow with the log are capped
/// (see <see cref="ReportLimits"/>) and their full sizes counted beside them.
/// </summary>
public sealed record JobReport
{
    public required JobOutcome Outcome { get; init; }
    /// <summary>The line the outcome was taken from, in the log's words.</summary>
    public required string OutcomeReason { get; init; }
    public long? OutcomeLine { get; init; }
    public required OutcomeSource OutcomeSource { get; init; }
    /// <summary>
    /// The run's own words for the result (<see cref="RunVerdict.Headline"/>), when it gave a verdict;
    /// else the CI system's, when the outcome alone does not say it: Zuul's TIMED_OUT ("timed out", a
    /// job that did not finish), ABORTED ("aborted"), POST_FAILURE ("post failure", a job that passed
    /// or failed), RETRY ("retry", a job that failed, <see cref="CiRetries"/>).
    /// </summary>
    public string? RunHeadline { get; init; }

    /// <summary>
    /// For a job that did not finish (a log that stops, a run Zuul stopped): the task it was in when
    /// it stopped, and the hosts with no result in it yet. Its words end <see cref="OutcomeReason"/>.
    /// </summary>
    public RunningTask? StillRunning { get; init; }

    /// <summary>
    /// The CI system runs this build again whatever failed in it: Zuul v3 retries a build whose pre-run
    /// failed or whose run phase lost a host (RETRY, RETRY_LIMIT after its last attempt). Such a failure
    /// is classed the infrastructure's, named by an infra pattern when one matches.
    /// </summary>
    public bool CiRetries { get; init; }

    /// <summary>
    /// For a failed job: infrastructure or job, and the pattern of <see cref="ReportOptions.FailurePatterns"/>
    /// its first cause matched; null for a job that passed or did not finish for no known reason.
    /// </summary>
    public Triage.FailureClassification? Classification { get; init; }

    public required IReadOnlyList<PlaybookRun> Playbooks { get; init; }
    public required IReadOnlyList<PlayInfo> Plays { get; init; }
    /// <summary>True when the log has tripleo-ci playbook markers, PLAYBOOK banners or Zuul's run phases.</summary>
    public required bool HasPlaybookMarkers { get; init; }

    public required IReadOnlyDictionary<string, HostCounts> HostTotals { get; init; }
    public required int TaskCount { get; init; }
    /// <summary>(task, host) results: the testcases of the playbook suites.</summary>
    public required int HostResultCount { get; init; }
    public required int FailedTaskCount { get; init; }
    public required IReadOnlyList<FailedTask> Failures { get; init; }
    public required IReadOnlyList<TimedTask> SlowestTasks { get; init; }
    /// <summary>profile_tasks' total time (summed over appended runs), when the log has profile_tasks.</summary>
    public double? ProfileTotalSeconds { get; init; }
    /// <summary>PLAY RECAP rows whose counters disagree with the results counted (each is also a warning).</summary>
    public required IReadOnlyList<RecapMismatch> RecapMismatches { get; init; }
    public required int RecapRows { get; init; }

    public TempestTotals? TempestTotals { get; init; }
    public required int TempestTestCount { get; init; }
    public required int TempestFailedCount { get; init; }
    public required int TempestSkippedCount { get; init; }
    public required IReadOnlyList<TempestTest> TempestFailures { get; init; }
    /// <summary>
    /// The junit suite of the tests read from the log: "tempest" when they are tempest's, else "tests".
    /// </summary>
    public string TestSuiteName { get; init; } = "tempest";
    /// <summary>Subunit streams read beside the log.</summary>
    public IReadOnlyList<TestStream> TestStreams { get; init; } = [];

    /// <summary>ansible's own `[WARNING]` and `[DEPRECATION WARNING]` lines.</summary>
    public required int AnsibleWarningCount { get; init; }
    /// <summary>
    /// What the report could not square with the log (first <see cref="ReportLimits.WarningsKept"/>).
    /// </summary>
    public required IReadOnlyList<ReportWarning> Warnings { get; init; }
    public required int WarningCount { get; init; }

    /// <summary>The log's error lines, best first: what explains a failure no failing task explains.</summary>
    public required IReadOnlyList<LogExcerpt> ErrorLines { get; init; }
    /// <summary>The last <see cref="ReportLimits.TailLines"/> lines of the log.</summary>
    public required IReadOnlyList<LogExcerpt> LogTail { get; init; }

    public required long LineCount { get; init; }
    public required long ByteCount { get; init; }

    /// <summary>The job did not pass and no failing task or test says why: the error lines and the tail must.</summary>
    public bool NeedsErrorLines => Outcome != JobOutcome.Passed && FailedTaskCount == 0 && TempestFailedCount == 0
        && TestStreams.All(s => s.Failed == 0);
}
