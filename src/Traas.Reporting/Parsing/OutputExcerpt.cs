namespace Traas.Reporting.Parsing;

/// <summary>
/// What a failed command's output says, for a failure whose message does not ("non-zero return code",
/// "MODULE FAILURE"): the stream whose lines look most like an error (stderr first on a tie), with a
/// stderr that has more to say, or another stream's error lines, under it. A stream of noise alone
/// (ssh's notices, xtrace) is shown only when nothing else was printed.
/// </summary>
/// <param name="Grade">How much it says: the best rank, 0 for plain output, -1 for noise alone.</param>
internal sealed record OutputExcerpt(string Text, int Grade)
{
    public static OutputExcerpt? Of(IReadOnlyList<CommandOutput> streams)
    {
        var said = streams.Where(s => s.HasLines).OrderByDescending(s => s.Rank).ToList();
        if (said.Count == 0)
        {
            var noise = streams.FirstOrDefault(s => s.HasNoise);
            if (noise is null)
                return null;
            return new OutputExcerpt(string.Join('\n', noise.Excerpt(CommandOutput.Kept)), -1);
        }
        var first = said[0];
        var second = said.Skip(1).FirstOrDefault(s => (s.Rank > 0 || s.IsStderr) && s.Key != first.Key);
        var secondLines = second?.Excerpt(CommandOutput.Kept / 2).ToList() ?? [];
        var firstLines = first.Excerpt(CommandOutput.Kept - secondLines.Count).ToList();
        if (second is not null && firstLines.Count + secondLines.Count < CommandOutput.Kept)
            secondLines = [.. second.Excerpt(CommandOutput.Kept - firstLines.Count)];
        return new OutputExcerpt(string.Join('\n', firstLines.Concat(secondLines)), first.Rank);
    }
}
