using Traas.Tool.GitHub;

namespace Traas.Tool.Pipeline;

/// <summary>What `history` builds the page from, and where it writes it.</summary>
internal sealed record HistoryRequest(string OutDir)
{
    /// <summary>A folder of run states; null fetches the runs from GitHub.</summary>
    public string? From { get; init; }

    public string? Workflow { get; init; }

    public HistoryLimits Limits { get; init; } = new();

    public int LastRuns { get; init; } = 20;
}
