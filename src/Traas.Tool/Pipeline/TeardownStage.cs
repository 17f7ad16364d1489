using Traas.Tool.OpenStack;

namespace Traas.Tool.Pipeline;

/// <summary>
/// The teardown stage: deletes a stack and follows it until it is gone and its name is free, or, for
/// a stack that is kept, writes its hold into its tags.
/// </summary>
internal sealed class TeardownStage(HeatClient heat, StackFollower follower, ILogger log)
{
    /// <summary>
    /// Writes a kept stack's hold tags (expiry, scope) in place of those it was created with, through
    /// Heat's "existing" update, and follows it to UPDATE_COMPLETE. A stack that did not come up
    /// (CREATE_FAILED) keeps its tags: Heat replaces a failed resource on any update, which would
    /// change the very environment held for a developer.
    /// </summary>
    /// <returns>Whether the tags now say so.</returns>
    public async Task<bool> HoldAsync(string stackId, Hold hold, TimeSpan limit, CancellationToken cancellationToken)
    {
        var stack = await heat.FindAsync(stackId, cancellationToken).ConfigureAwait(false);
        if (stack is not { Status: "CREATE_COMPLETE" or "UPDATE_COMPLETE" })
        {
            log.Information("stack {StackName} is {Status}: its hold stays as tagged when it was created",
                stack?.Name ?? stackId, stack?.Status ?? "gone");
            return false;
        }
        var tags = stack.Tags.Where(t => !Hold.IsHoldTag(t)).Concat(hold.Tags()).ToList();
        await heat.UpdateTagsAsync(stack, tags, cancellationToken).ConfigureAwait(false);
        var last = await follower.FollowAsync(stack.Id, "UPDATE", goneIsDone: false, limit, cancellationToken)
            .ConfigureAwait(false);
        if (last is not { Status: "UPDATE_COMPLETE" })
        {
            throw new TraasException(ExitCodes.CloudError,
                $"stack {stack.Name} is {last?.Status} after its tags were updated: {last?.StatusReason}");
        }
        return true;
    }

    /// <returns>False when there was no such stack.</returns>
    public async Task<bool> DeleteAsync(string nameOrId, bool wait, TimeSpan limit, CancellationToken cancellationToken)
    {
        var stack = await heat.FindAsync(nameOrId, cancellationToken).ConfigureAwait(false);
        if (stack is null)
            return false;
        await heat.DeleteAsync(stack, cancellationToken).ConfigureAwait(false);
        log.Information("deleting stack {StackName}", stack.Name);
        if (!wait)
            return true;
        var last = await follower.FollowAsync(stack.Id, "DELETE", goneIsDone: true, limit, cancellationToken)
            .ConfigureAwait(false);
        if (last is { Status: "DELETE_FAILED" })
            throw new TraasException(ExitCodes.CloudError, $"stack {stack.Name} is DELETE_FAILED: {last.StatusReason}");
        await WaitUntilNameIsFreeAsync(stack, cancellationToken).ConfigureAwait(false);
        log.Information("stack {StackName} is deleted", stack.Name);
        return true;
    }

    /// <summary>
    /// Heat stores DELETE_COMPLETE a moment before it removes the stack, and until then the name
    /// still finds it (and a new stack of that name is refused): a wait waits for the name too.
    /// </summary>
    private async Task WaitUntilNameIsFreeAsync(Stack deleted, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (await heat.FindAsync(deleted.Name, cancellationToken).ConfigureAwait(false) is { } found
            && found.Id == deleted.Id)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TraasException(ExitCodes.CloudError,
                    $"stack {deleted.Name} is {found.Status} but Heat still has it after 2 minutes.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }
    }
}
