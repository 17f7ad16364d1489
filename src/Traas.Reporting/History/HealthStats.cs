namespace Traas.Reporting.History;

/// <summary>The figures of the health page, per job type, from the runs.</summary>
public static class HealthStats
{
    /// <summary>One entry per job type (by name), from its runs newest first.</summary>
    public static IReadOnlyList<JobHealth> Compute(IEnumerable<RunRecord> runs, HealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return runs.GroupBy(r => r.JobType, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Job(g.Key, g.OrderByDescending(r => r.Started).ToList(), options))
            .ToList();
    }

    private static JobHealth Job(string jobType, List<RunRecord> runs, HealthOptions options) =>
        new(jobType, runs.Take(options.LastRuns).ToList(), PassRate(runs, options.Now, 7),
            PassRate(runs, options.Now, 30), Median(runs), FailingTasks(runs, options.TopTasks),
            FlakyTasks(runs, options.TopTasks), runs.Count);

    /// <summary>
    /// Passed runs among those of the last <paramref name="days"/> days; a cancelled run does not count.
    /// </summary>
    internal static double? PassRate(IReadOnlyList<RunRecord> runs, DateTimeOffset now, int days)
    {
        var counted = runs.Where(r => r.Started > now.AddDays(-days) && r.Started <= now
            && r.Result != RunRecord.CancelledResult).ToList();
        return counted.Count == 0 ? null : (double)counted.Count(r => r.Passed) / counted.Count;
    }

    internal static TimeSpan? Median(IReadOnlyList<RunRecord> runs)
    {
        var durations = runs.Select(r => r.Duration).OfType<TimeSpan>().Order().ToList();
        if (durations.Count == 0)
            return null;
        var middle = durations.Count / 2;
        return durations.Count % 2 == 1 ? durations[middle] : (durations[middle - 1] + durations[middle]) / 2;
    }

    private static List<TaskCount> FailingTasks(IReadOnlyList<RunRecord> runs, int top) =>
        Count(runs.SelectMany(r => r.FailingTasks.Distinct(StringComparer.Ordinal)), top);

    /// <summary>
    /// A task that failed in a run and then passed on the same commit: a later run of that commit
    /// passed (a job passes only when every task did). Counted once per failing run.
    /// </summary>
    internal static List<TaskCount> FlakyTasks(IReadOnlyList<RunRecord> runs, int top)
    {
        var flaky = runs.Where(r => r.Commit is { Length: > 0 } && !r.Passed)
            .Where(failed => runs.Any(later => later.Passed && later.Commit == failed.Commit
                && later.Started > failed.Started))
            .SelectMany(r => r.FailingTasks.Distinct(StringComparer.Ordinal));
        return Count(flaky, top);
    }

    private static List<TaskCount> Count(IEnumerable<string> tasks, int top) =>
        tasks.GroupBy(t => t, StringComparer.Ordinal)
            .Select(g => new TaskCount(g.Key, g.Count()))
            .OrderByDescending(t => t.Count).ThenBy(t => t.Task, StringComparer.Ordinal)
            .Take(top).ToList();
}
