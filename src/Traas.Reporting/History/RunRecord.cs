namespace Traas.Reporting.History;

/// <summary>
/// One run of a job type, as the health page shows it: its result class (PASSED, FAILED, TIMED_OUT, ...),
/// when it started, how long the job took, the commit, the run's page and the failing tasks. Every
/// text in it is data: the page encodes it and links only http(s) addresses.
/// </summary>
public sealed record RunRecord(string JobType, string Result, DateTimeOffset Started)
{
    public const string PassedResult = "PASSED";

    public const string CancelledResult = "CANCELLED";

    public TimeSpan? Duration { get; init; }

    public string? Commit { get; init; }

    /// <summary>The run's page (the workflow run); linked only when it is an absolute http(s) URL.</summary>
    public string? Url { get; init; }

    /// <summary>The failing tasks' names, each once.</summary>
    public IReadOnlyList<string> FailingTasks { get; init; } = [];

    public bool Passed => Result == PassedResult;
}
