namespace Traas.Tool.GitHub;

/// <summary>
/// How much `history` may fetch: workflow runs looked at, the size of a run's state artifact (its
/// size_in_bytes, before any download), and of each file taken out of it.
/// </summary>
internal sealed record HistoryLimits
{
    public int Runs { get; init; } = 100;

    public long ArtifactBytes { get; init; } = 16L * 1024 * 1024;

    public long FileBytes { get; init; } = 8L * 1024 * 1024;
}
