namespace Traas.Reporting.Model;

/// <summary>A TASK or RUNNING HANDLER banner with every host's folded result.</summary>
internal sealed record TaskResult
{
    public required string Name { get; init; }
    public required bool IsHandler { get; init; }
    public required string Play { get; init; }
    public required long Line { get; init; }
    /// <summary>Seconds: from profile_tasks when the log has it, else from the line timestamps.</summary>
    public double? Duration { get; init; }
    public required IReadOnlyList<HostResult> Hosts { get; init; }
}
