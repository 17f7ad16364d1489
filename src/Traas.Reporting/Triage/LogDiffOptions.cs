using Traas.Reporting.Input;

namespace Traas.Reporting.Triage;

/// <summary>How <see cref="LogDiff"/> compares a failed log with a baseline, and what it writes.</summary>
public sealed record LogDiffOptions
{
    /// <summary>
    /// A sub-line is new when its cosine distance to every baseline sub-line is above this (from 0 to 1).
    /// </summary>
    public double Threshold { get; init; } = 0.3;

    /// <summary>Lines shown before the first new line of a block.</summary>
    public int ContextBefore { get; init; } = 3;

    /// <summary>Lines shown after the last new line of a block.</summary>
    public int ContextAfter { get; init; } = 3;

    /// <summary>How many blocks <see cref="LogDiffResult.TopBlocks"/> keeps, best first.</summary>
    public int TopBlocks { get; init; } = 10;

    /// <summary>Where the summary's line links point: console.html, or its published address.</summary>
    public string ConsoleUrl { get; init; } = "console.html";

    /// <summary>The baseline's name in the outputs (a file name or a run's address).</summary>
    public string BaselineName { get; init; } = "baseline";

    /// <summary>The failed log's name in the outputs.</summary>
    public string FailedName { get; init; } = "failed";

    /// <summary>Masks secrets in both logs before anything is compared or written.</summary>
    public Redactor? Redactor { get; init; }

    /// <summary>The most bytes of the markdown summary (65535 fits a PR comment or a check run).</summary>
    public int SummaryBytes { get; init; } = 65_535;

    /// <summary>
    /// Longer lines are cut to this in new-lines.json (the whole line is compared): an ansible result
    /// of a few KiB keeps its message. new-lines.md cuts them shorter (<see cref="NewLinesSummary.LineChars"/>).
    /// </summary>
    public int LineChars { get; init; } = 8_000;

    internal void Validate()
    {
        if (Threshold is < 0 or >= 1 || double.IsNaN(Threshold))
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "the threshold is from 0 to below 1");
        if (ContextBefore is < 0 or > 100 || ContextAfter is < 0 or > 100)
            throw new ArgumentOutOfRangeException(nameof(ContextBefore), "context is 0 to 100 lines");
        if (TopBlocks is < 0 or > 1000 || LineChars < 80 || SummaryBytes < 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(TopBlocks),
                "TopBlocks is 0 to 1000, LineChars 80 or more, SummaryBytes 1024 or more");
        }
    }
}
