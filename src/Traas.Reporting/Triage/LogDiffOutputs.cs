namespace Traas.Reporting.Triage;

/// <summary>Where <see cref="LogDiff"/> writes: the JSON of every block, and the markdown summary.</summary>
/// <param name="Json">new-lines.json: every block, every line of it (see README "traas-ci diff").</param>
/// <param name="Summary">new-lines.md: the counts and the top blocks, bounded by
/// <see cref="LogDiffOptions.SummaryBytes"/>.</param>
public sealed record LogDiffOutputs(Stream Json, Stream Summary);
