namespace Traas.Tool.Model;

/// <summary>
/// A place traas-ci may run stacks: a cloud of clouds.yaml and a region, the most stacks traas-ci may
/// have there at once (null: only the cloud's own limits), and the job types it serves (none: all).
/// </summary>
internal sealed record Provider(string? Cloud, string? Region)
{
    public int? MaxStacks { get; init; }

    public IReadOnlyList<string> JobTypes { get; init; } = [];

    /// <summary>Whether it runs a job type; a run that names none is served everywhere.</summary>
    public bool Serves(string? jobType) =>
        jobType is null || JobTypes.Count == 0 || JobTypes.Contains(jobType, StringComparer.Ordinal);

    /// <summary>cloud/region, as logs, the state file and the PR comment name it.</summary>
    public override string ToString() => $"{Cloud ?? "(default cloud)"}/{Region ?? "(default region)"}";
}
