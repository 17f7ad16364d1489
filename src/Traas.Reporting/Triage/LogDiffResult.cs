namespace Traas.Reporting.Triage;

/// <summary>What a comparison found. Small: only the top blocks are kept, the rest is in new-lines.json.</summary>
public sealed record LogDiffResult
{
    public required long BaselineLines { get; init; }
    public required long FailedLines { get; init; }

    /// <summary>Lines of the failed log with a new sub-line.</summary>
    public required long NewLines { get; init; }

    /// <summary>Lines in all the blocks: new lines and their context.</summary>
    public required long ShownLines { get; init; }

    public required long BlockCount { get; init; }

    /// <summary>The best <see cref="LogDiffOptions.TopBlocks"/> blocks, in the order of the log.</summary>
    public required IReadOnlyList<NewLinesBlock> TopBlocks { get; init; }

    /// <summary>The numbers of the new lines, in the order of the log: the first 100,000 at most.</summary>
    public IReadOnlyList<long> NewLineNumbers { get; init; } = [];

    /// <summary>The baseline had more distinct sub-lines than the index holds; the rest were not indexed.</summary>
    public required bool BaselineIndexFull { get; init; }

    public required double Threshold { get; init; }

    /// <summary>Share of the failed log not shown: 1 − shown / lines (0 for an empty log).</summary>
    public double Reduction => FailedLines == 0 ? 0 : 1 - ((double)ShownLines / FailedLines);
}
