namespace Traas.Reporting.History;

/// <summary>A task and how often it failed (or was flaky) across the runs of a job type.</summary>
public sealed record TaskCount(string Task, int Count);

/// <summary>What the health page says of one job type.</summary>
public sealed record JobHealth(string JobType, IReadOnlyList<RunRecord> LastRuns, double? PassRate7,
    double? PassRate30, TimeSpan? MedianDuration, IReadOnlyList<TaskCount> FailingTasks,
    IReadOnlyList<TaskCount> FlakyTasks, int Runs);
