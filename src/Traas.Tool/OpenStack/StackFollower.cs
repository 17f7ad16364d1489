namespace Traas.Tool.OpenStack;

/// <summary>
/// Follows a stack through one action (CREATE or DELETE), printing its events (nested ones too) as
/// `openstack stack event list --follow` does, until the action ends.
/// </summary>
internal sealed class StackFollower(HeatClient heat, ILogger log, TimeSpan pollInterval, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <param name="nameOrId">The stack; an ID, so that the name cannot come to mean another stack.</param>
    /// <param name="action">
    /// CREATE or DELETE: the API answers before the engine starts, so an earlier state is not the end.
    /// Only the events of this action are shown (a delete does not replay the stack's creation).
    /// </param>
    /// <param name="goneIsDone">For a delete: a stack that is no longer there is done (null).</param>
    /// <param name="limit">How long to follow before giving up with a clear error.</param>
    public async Task<Stack?> FollowAsync(string nameOrId, string action, bool goneIsDone, TimeSpan limit,
        CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + limit;
        string? marker = null;
        while (true)
        {
            var stack = await heat.FindAsync(nameOrId, cancellationToken).ConfigureAwait(false);
            if (stack is null && goneIsDone)
                return null;
            if (stack is null)
            {
                throw new TraasException(ExitCodes.CloudError,
                    $"stack '{nameOrId}' disappeared while it was being followed.");
            }
            foreach (var stackEvent in await heat.EventsAsync(stack, marker, nestedDepth: 3, cancellationToken)
                .ConfigureAwait(false))
            {
                if (stackEvent.Status.StartsWith(action + "_", StringComparison.Ordinal))
                    log.Information("{Event}", stackEvent.ToString());
                marker = stackEvent.Id;
            }
            if (stack.Status.StartsWith(action + "_", StringComparison.Ordinal) && !stack.IsInProgress)
                return stack;
            if (_time.GetUtcNow() > deadline)
            {
                throw new TraasException(ExitCodes.CloudError,
                    $"stack {stack.Name} is still {stack.Status} after "
                        + $"{Plural.Minutes(Math.Round(limit.TotalMinutes))}; giving up following it.");
            }
            await Task.Delay(pollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Why a stack failed: its status reason and the failed resources deepest in its nested stacks.</summary>
    public async Task<string> FailureMessageAsync(Stack stack, CancellationToken cancellationToken)
    {
        var causes = await heat.RootCausesAsync(stack, cancellationToken).ConfigureAwait(false);
        var lines = causes.Select(c =>
            $"  {(c.StackName == stack.Name ? "" : c.StackName + ".")}{c.Name} ({c.Type}): {c.Status}: {c.Reason}");
        return $"NODE_FAILURE: stack {stack.Name} is {stack.Status}: {stack.StatusReason}" +
            (causes.Count == 0 ? "" : "\nroot cause:\n" + string.Join('\n', lines));
    }
}
