namespace Traas.Reporting.Model;

/// <summary>One (task, host) pair: one JUnit testcase.</summary>
internal sealed record HostResult
{
    public required string Host { get; init; }
    public required ResultStatus Status { get; init; }
    /// <summary>Line of the result (the first item's, for loops).</summary>
    public required long Line { get; init; }
    public int Items { get; init; }
    /// <summary>The result's `msg` (or skip_reason), when it had one.</summary>
    public string? Message { get; init; }
    /// <summary>The full result as logged, cut at <see cref="ReportLimits.ResultBodyChars"/>.</summary>
    public string? Body { get; init; }
}
