using Traas.Tool.GitHub;

namespace Traas.Tool.Pipeline;

/// <summary>
/// `traas-ci take-hold`, before a run of a pull request: the latest hold traas-ci recorded on it
/// (<see cref="HoldRecord"/>), if no other run took it, becomes this run's: its record is marked with
/// GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT, and the run gets <c>--keep on-failure --hold-hours N</c>. The jobs
/// of a matrix share the run and attempt, so they all take it; a later run or attempt finds it taken.
/// A hold is a side channel: whatever fails here is a warning, and the run keeps the workflow's --keep.
/// </summary>
internal sealed class TakeHoldStage(PipelineContext context, GitHubContext? github, ILogger log)
{
    public async Task<IReadOnlyList<string>> RunAsync(string keep, CancellationToken cancel)
    {
        IReadOnlyList<string> asGiven = ["--keep", keep];
        if (github is not { PullRequest: { } number, RunId: { } run })
        {
            log.Information("not a workflow run of a pull request: no hold to take");
            return asGiven;
        }
        try
        {
            return await TakeAsync(number, run, cancel).ConfigureAwait(false) is { } hold
                ? hold.RunOptions(keep)
                : asGiven;
        }
        catch (Exception e) when (!cancel.IsCancellationRequested)
        {
            var message = $"could not look for a hold on pull request #{number}: {PrCommandClient.Describe(e)}; "
                + $"the run keeps --keep {keep}";
            log.Warning("{Message}", message);
            await context.Runner.WarningAsync(message).ConfigureAwait(false);
            return asGiven;
        }
    }

    private async Task<HoldRecord?> TakeAsync(int number, string run, CancellationToken cancel)
    {
        var client = new PrCommandClient(github!, context.GitHubRetry, log, context.Time);
        var comments = await client.CommentsAsync(number, cancel).ConfigureAwait(false);
        // Only the latest counts: `hold 48` after `hold` asks for 48, and a taken hold is used up.
        var latest = comments.LastOrDefault(c => c.Body?.StartsWith(HoldRecord.Marker, StringComparison.Ordinal) == true
            && CommentAuthors.Wrote(c, github!.CommentAuthor));
        if (latest is null)
        {
            log.Information("no hold asked on pull request #{Number}", number);
            return null;
        }
        if (HoldRecord.Read(latest.Body, out var problem) is not { } hold)
        {
            log.Warning("comment {Id} on pull request #{Number}: {Problem}: no hold taken", latest.Id, number, problem);
            return null;
        }
        var attempt = github!.RunAttempt;
        if (hold.TakenByRun is not null)
        {
            if (hold.TakenBy(run, attempt))
                return hold;
            log.Information("the hold of comment {Id} was taken by run {Run} (attempt {Attempt}): none for this run",
                latest.Id, hold.TakenByRun, hold.TakenByAttempt);
            return null;
        }
        var taken = hold with { TakenByRun = run, TakenByAttempt = attempt };
        await client.UpdateCommentAsync(latest.Id, PrReplies.Taken(taken, github.RunUrl), cancel).ConfigureAwait(false);
        log.Information("took the hold asked by {Author} in comment {Id}: {Options}", hold.AskedBy, latest.Id,
            string.Join(' ', taken.RunOptions("never")));
        return taken;
    }
}
