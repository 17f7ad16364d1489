namespace Traas.Tool.GitHub;

/// <summary>
/// The replies traas-ci posts to a pull request command. Nothing of the comment's text is echoed back: only
/// the command as traas-ci reads it, and the author's login, which goes through <see cref="Mentions"/> (it
/// notifies nobody) and has its markdown escaped.
/// </summary>
internal static partial class PrReplies
{
    public static string Refused(string login, string association, string? permission) =>
        $"**traas-ci**: {Who(login)}, PR commands (`recheck`, `hold`) are taken only from people who may push to "
            + "this repository: an owner, member or collaborator, or an account with write, maintain or admin "
            + $"permission. Your association is {Word(association)} and your permission is "
            + $"{Word(permission ?? "none")}, so nothing was done. Ask a maintainer to comment the command.";

    public static string Invalid(string login, string problem) =>
        $"**traas-ci**: {Who(login)}, that command was not understood, so nothing was done: {problem}.";

    public static string Held(HoldRecord hold) =>
        $"{hold.Block()}\n**traas-ci**: hold asked by {Who(hold.AskedBy)}. The next run of this pull request keeps "
            + "its stack if the job fails, "
            + (hold.Hours is { } hours
                ? $"for {hours.ToString(CultureInfo.InvariantCulture)} hours"
                : "for the run's default hours")
            + $" (`{string.Join(' ', hold.RunOptions("never"))}`). A run that passes deletes its stack as usual.";

    public static string Taken(HoldRecord hold, string? runUrl) =>
        Held(hold) + $"\n\nTaken by run {(runUrl is null ? Code(hold.TakenByRun!) : $"[{hold.TakenByRun}]({runUrl})")}"
            + $" (attempt {Code(hold.TakenByAttempt!)}).";

    public static string NothingToRecheck(string login, string sha) =>
        $"**traas-ci**: {Who(login)}, `recheck` found no traas-ci check run on the head commit "
            + $"{Code(sha)}, so there is nothing to run again. The gating workflow runs the jobs on the next push "
            + "(or, for a fork, when a maintainer adds `run-traas`).";

    public static string Closed(string login) =>
        $"**traas-ci**: {Who(login)}, this pull request is closed, so `recheck` runs nothing. Reopen it first.";

    public static string RecheckFailed(string login, IReadOnlyList<string> problems) =>
        $"**traas-ci**: {Who(login)}, `recheck` could not run everything again:\n"
            + string.Concat(problems.Select(p => $"- {p}\n"));

    private static string Who(string login) => Mentions.Neutralise(MarkdownChars().Replace(login, @"\$0"));

    private static string Word(string text) => Code(Unsafe().Replace(text, ""));

    private static string Code(string text) => $"`{text.Replace("`", "", StringComparison.Ordinal)}`";

    [GeneratedRegex(@"[\\`*_{}\[\]()<>#+!|~-]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownChars();

    [GeneratedRegex(@"[^A-Za-z0-9_-]", RegexOptions.CultureInvariant)]
    private static partial Regex Unsafe();
}
