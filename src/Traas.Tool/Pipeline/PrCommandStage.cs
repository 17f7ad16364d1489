using Octokit;
using Traas.Tool.GitHub;

namespace Traas.Tool.Pipeline;

/// <summary>
/// `traas-ci command`: one issue_comment event. A command (<see cref="PrCommandParser"/>) from someone who
/// may push (<see cref="CommandAuthorization"/>) is done: <c>recheck</c> re-runs the workflow runs behind
/// traas-ci's check runs on the pull request's head, <c>hold</c> records a hold that the next run takes
/// (<see cref="HoldRecord"/>). Anyone else gets a reply saying why not. The comment gets a reaction: +1 done,
/// -1 refused, confused not understood. The reaction is a side channel: its failure is a warning.
/// </summary>
internal sealed class PrCommandStage(PipelineContext context, GitHubContext github, ILogger log)
{
    private readonly PrCommandClient _client = new(github,
        context.GitHubRetry, log, context.Time);

    /// <summary>
    /// 0 when the event was handled (a refusal and a comment without a command too); 3 when GitHub refused
    /// what the command needs.
    /// </summary>
    public async Task<int> RunAsync(CommentEvent comment, CancellationToken cancel)
    {
        if (comment.Action != "created" || !comment.OnPullRequest)
        {
            var why = comment.OnPullRequest
                ? $"the event is '{comment.Action}', not a new comment"
                : "not on a pull request";
            log.Information("comment {Id}: {Why}, so no command is read", comment.CommentId, why);
            return ExitCodes.Passed;
        }
        if (PrCommandParser.Parse(comment.Body) is not { } command)
        {
            log.Information("comment {Id} on #{Number} holds no command", comment.CommentId, comment.Issue);
            return ExitCodes.Passed;
        }
        log.Information("comment {Id} on #{Number} by {Author} ({Association}): {Command}", comment.CommentId,
            comment.Issue, comment.Author, comment.Association, command.Text);
        if (!await AuthorisedAsync(comment, cancel).ConfigureAwait(false))
            return ExitCodes.Passed;
        return command.Kind switch
        {
            PrCommandKind.Recheck => await RecheckAsync(comment, cancel).ConfigureAwait(false),
            PrCommandKind.Hold => await HoldAsync(comment, command, cancel).ConfigureAwait(false),
            PrCommandKind.Invalid => await InvalidAsync(comment, command, cancel).ConfigureAwait(false),
        };
    }

    private async Task<bool> AuthorisedAsync(CommentEvent comment, CancellationToken cancel)
    {
        if (CommandAuthorization.ByAssociation(comment.Association))
            return true;
        var (permission, role) = await NeededAsync("read the permission of the comment's author",
            () => _client.PermissionAsync(comment.Author, cancel)).ConfigureAwait(false);
        if (CommandAuthorization.ByPermission(permission, role))
        {
            log.Information("{Author} has {Permission} permission", comment.Author, role ?? permission);
            return true;
        }
        log.Warning("{Author} ({Association}, permission {Permission}) may not command traas-ci: refused",
            comment.Author, comment.Association, role ?? permission ?? "none");
        await NeededAsync("reply to the comment",
            () => _client.ReplyAsync(comment.Issue, PrReplies.Refused(comment.Author, comment.Association,
                role ?? permission), cancel)).ConfigureAwait(false);
        await ReactAsync(comment, ReactionType.Minus1, cancel).ConfigureAwait(false);
        return false;
    }

    private async Task<int> RecheckAsync(CommentEvent comment, CancellationToken cancel)
    {
        var (sha, open) = await NeededAsync("read the pull request's head",
            () => _client.HeadAsync(comment.Issue, cancel)).ConfigureAwait(false);
        if (!open)
        {
            // As Zuul, which enqueues nothing for a closed change: its jobs can gate nothing any more.
            log.Warning("recheck: pull request #{Number} is closed: nothing to run again", comment.Issue);
            await NeededAsync("reply to the comment",
                () => _client.ReplyAsync(comment.Issue, PrReplies.Closed(comment.Author), cancel))
                .ConfigureAwait(false);
            await ReactAsync(comment, ReactionType.Confused, cancel).ConfigureAwait(false);
            return ExitCodes.Passed;
        }
        var runs = await NeededAsync("list traas-ci's check runs",
            () => _client.TraasRunsAsync(sha, cancel)).ConfigureAwait(false);
        if (runs.Count == 0)
        {
            log.Warning("recheck: no traas-ci check run on {Sha}: nothing to run again", sha);
            await NeededAsync("reply to the comment",
                () => _client.ReplyAsync(comment.Issue, PrReplies.NothingToRecheck(comment.Author, sha), cancel))
                .ConfigureAwait(false);
            await ReactAsync(comment, ReactionType.Confused, cancel).ConfigureAwait(false);
            return ExitCodes.Passed;
        }
        var problems = new List<string>();
        foreach (var run in runs)
        {
            try
            {
                await _client.RerunAsync(run, cancel).ConfigureAwait(false);
                log.Information("recheck: workflow run {Run} runs again", run);
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or TaskCanceledException
                && !cancel.IsCancellationRequested)
            {
                var why = PrCommandClient.Describe(e);
                log.Warning("recheck: workflow run {Run} could not run again: {Why}", run, why);
                problems.Add($"workflow run `{run}`: {why}");
            }
        }
        if (problems.Count > 0)
        {
            await NeededAsync("reply to the comment",
                () => _client.ReplyAsync(comment.Issue, PrReplies.RecheckFailed(comment.Author, problems), cancel))
                .ConfigureAwait(false);
        }
        await ReactAsync(comment, problems.Count < runs.Count ? ReactionType.Plus1 : ReactionType.Confused, cancel)
            .ConfigureAwait(false);
        return problems.Count == 0 ? ExitCodes.Passed : ExitCodes.CloudError;
    }

    private async Task<int> HoldAsync(CommentEvent comment, PrCommand command, CancellationToken cancel)
    {
        var hold = new HoldRecord(command.Hours, comment.Author, comment.CommentId, context.Time.GetUtcNow());
        await NeededAsync("record the hold", () => _client.ReplyAsync(comment.Issue, PrReplies.Held(hold), cancel))
            .ConfigureAwait(false);
        log.Information("hold recorded on #{Number}: the next run takes {Options}", comment.Issue,
            string.Join(' ', hold.RunOptions("never")));
        await ReactAsync(comment, ReactionType.Plus1, cancel).ConfigureAwait(false);
        return ExitCodes.Passed;
    }

    private async Task<int> InvalidAsync(CommentEvent comment, PrCommand command, CancellationToken cancel)
    {
        await NeededAsync("reply to the comment",
            () => _client.ReplyAsync(comment.Issue, PrReplies.Invalid(comment.Author, command.Problem!), cancel))
            .ConfigureAwait(false);
        await ReactAsync(comment, ReactionType.Confused, cancel).ConfigureAwait(false);
        return ExitCodes.Passed;
    }

    /// <summary>The reaction says at a glance what became of the command; without it the reply still does.</summary>
    private async Task ReactAsync(CommentEvent comment, ReactionType reaction, CancellationToken cancel)
    {
        try
        {
            await _client.ReactAsync(comment.CommentId, reaction, cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException && !cancel.IsCancellationRequested)
        {
            var message = $"could not react to comment {comment.CommentId}: {PrCommandClient.Describe(e)}";
            log.Warning("{Message}", message);
            await context.Runner.WarningAsync(message).ConfigureAwait(false);
        }
    }

    /// <summary>A call the command cannot do without: its failure ends the command with exit 3.</summary>
    private static async Task<T> NeededAsync<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException)
        {
            throw new TraasException(ExitCodes.CloudError,
                $"could not {what}: {PrCommandClient.Describe(e)}; check the workflow's permissions "
                    + "(README, PR commands)", e);
        }
    }

    private static async Task<bool> NeededAsync(string what, Func<Task> call) =>
        await NeededAsync(what, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
}
