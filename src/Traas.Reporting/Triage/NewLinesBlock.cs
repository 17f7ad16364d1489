namespace Traas.Reporting.Triage;

/// <summary>
/// New lines near each other and their context: lines <see cref="FirstLine"/> to <see cref="LastLine"/>.
/// </summary>
/// <param name="Lines">
/// The block's lines, or for a long block its first and last ones (see <see cref="GapAt"/>).
/// </param>
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
