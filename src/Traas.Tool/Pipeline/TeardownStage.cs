using Traas.Tool.OpenStack;

namespace Traas.Tool.Pipeline;

/// <summary>The teardown stage: deletes a stack and follows it until it is gone and its name is free.</summary>
internal sealed class TeardownStage(HeatClient heat, StackFollower follower, ILogger log)
{
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
