namespace Traas.Reporting.History;

/// <summary>How the health page is built: its title, the time it counts back from, and how much it lists.</summary>
public sealed record HealthOptions
{
    public static HealthOptions Default { get; } = new();

    public string Title { get; init; } = "traas-ci job health";

    /// <summary>The pass rates count back from here (7 and 30 days).</summary>
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Runs listed (and drawn in the trend) per job type.</summary>
    public int LastRuns { get; init; } = 20;

    /// <summary>Failing and flaky tasks listed per job type.</summary>
    public int TopTasks { get; init; } = 10;
}
