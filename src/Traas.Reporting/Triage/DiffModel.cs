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

    /// <summary>Longer lines are cut to this in the outputs (the whole line is compared).</summary>
    public int LineChars { get; init; } = 1_000;

    internal void Validate()
    {
        if (Threshold is < 0 or >= 1 || double.IsNaN(Threshold))
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "the threshold is from 0 to below 1");
        if (ContextBefore is < 0 or > 100 || ContextAfter is < 0 or > 100)
            throw new ArgumentOutOfRangeException(nameof(ContextBefore), "context is 0 to 100 lines");
        if (TopBlocks is < 0 or > 1000 || LineChars < 80 || SummaryBytes < 1024)
            throw new ArgumentOutOfRangeException(nameof(TopBlocks), "TopBlocks 0-1000, LineChars 80+, SummaryBytes 1024+");
    }
}

/// <summary>Where <see cref="LogDiff"/> writes: the JSON of every block, and the markdown summary.</summary>
/// <param name="Json">new-lines.json: every block, every line of it (see README "traas-ci diff").</param>
/// <param name="Summary">new-lines.md: the counts and the top blocks, bounded by
/// <see cref="LogDiffOptions.SummaryBytes"/>.</param>
public sealed record LogDiffOutputs(Stream Json, Stream Summary);

/// <summary>One line of a block.</summary>
/// <param name="Number">The line's number in the failed log (1-based), its anchor in console.html.</param>
/// <param name="Text">The line as written, ANSI escapes removed, cut to <see cref="LogDiffOptions.LineChars"/>.</param>
/// <param name="IsNew">True for a new line, false for context.</param>
/// <param name="Distance">From 0 (the baseline has it) to 1 (shares no token with the baseline).</param>
public readonly record struct DiffLine(long Number, string Text, bool IsNew, double Distance);

/// <summary>New lines near each other and their context: lines <see cref="FirstLine"/> to <see cref="LastLine"/>.</summary>
/// <param name="Lines">The block's lines, or for a long block its first and last ones (see <see cref="GapAt"/>).</param>
/// <param name="GapAt">For a long block: where in <see cref="Lines"/> the lines left out were; else -1.</param>
/// <param name="HasErrorWord">A new line of the block has an error word (error, failed, fatal...).</param>
public sealed record NewLinesBlock(long FirstLine, long LastLine, int NewLineCount, double MaxDistance,
    bool HasErrorWord, IReadOnlyList<DiffLine> Lines, int GapAt)
{
    /// <summary>Lines in the block: new lines and their context.</summary>
    public long LineCount => LastLine - FirstLine + 1;

    /// <summary>
    /// How the blocks are ranked: a block with an error word first, then the farthest from the baseline,
    /// then the one with more new lines (up to 10 counted).
    /// </summary>
    public double Score => (HasErrorWord ? 2 : 0) + MaxDistance + (Math.Min(NewLineCount, 10) / 100.0);
}

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

    /// <summary>The baseline had more distinct sub-lines than the index holds; the rest were not indexed.</summary>
    public required bool BaselineIndexFull { get; init; }

    public required double Threshold { get; init; }

    /// <summary>Share of the failed log not shown: 1 − shown / lines (0 for an empty log).</summary>
    public double Reduction => FailedLines == 0 ? 0 : 1 - ((double)ShownLines / FailedLines);
}
