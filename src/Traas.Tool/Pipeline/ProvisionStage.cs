using System.Text.Json.Nodes;
using Serilog;
using Traas.Tool.Cli;
using Traas.Tool.OpenStack;

namespace Traas.Tool.Pipeline;

/// <summary>
/// The provision stage: create the stack and follow it to CREATE_COMPLETE, printing its events as
/// `openstack stack event list --follow` does. CREATE_FAILED is a NODE_FAILURE, with its root cause.
/// </summary>
internal sealed class ProvisionStage(HeatClient heat, ILogger log, TimeSpan pollInterval, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <param name="created">
    /// Called with the stack's ID as soon as Heat's create answer gives it, before the stack is
    /// followed: only a stack whose ID the caller received this way is the run's own to delete.
    /// </param>
    public async Task<Stack> RunAsync(JsonObject request, Action<string> created, CancellationToken cancellationToken)
    {
        var name = (string)request["stack_name"]!;
        log.Information("creating stack {StackName}", name);
        var id = await heat.CreateAsync(request, cancellationToken).ConfigureAwait(false);
        created(id);
        // Heat enforces timeout_mins itself; this limit only guards against a stack that never ends.
        var limit = TimeSpan.FromMinutes(((int?)request["timeout_mins"] ?? 120) + 10);
        // Followed by ID, not name: the name could come to mean another stack.
        var stack = (await FollowAsync(id, "CREATE", goneIsDone: false, limit, cancellationToken).ConfigureAwait(false))!;
        if (stack.Status == "CREATE_COMPLETE")
        {
            log.Information("stack {StackName} is CREATE_COMPLETE", name);
            return stack;
        }
        throw new TraasException(ExitCodes.NodeFailure, await FailureMessageAsync(stack, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Polls the stack until its <paramref name="action"/> has ended, logging every new event (nested ones too).</summary>
    /// <param name="action">CREATE or DELETE: the API answers before the engine starts, so an earlier state is not the end.</param>
    /// <param name="goneIsDone">For a delete: a stack that is no longer there is done (null).</param>
    /// <param name="limit">How long to follow before giving up with a clear error.</param>
    public async Task<Stack?> FollowAsync(string name, string action, bool goneIsDone, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + limit;
        string? marker = null;
        while (true)
        {
            var stack = await heat.FindAsync(name, cancellationToken).ConfigureAwait(false);
            if (stack is null && goneIsDone)
                return null;
            if (stack is null)
                throw new TraasException(ExitCodes.CloudError, $"stack '{name}' disappeared while it was being followed.");
            foreach (var stackEvent in await heat.EventsAsync(stack, marker, nestedDepth: 3, cancellationToken).ConfigureAwait(false))
            {
                log.Information("{Event}", stackEvent.ToString());
                marker = stackEvent.Id;
            }
            if (stack.Status.StartsWith(action + "_", StringComparison.Ordinal) && !stack.IsInProgress)
                return stack;
            if (_time.GetUtcNow() > deadline)
                throw new TraasException(ExitCodes.CloudError, $"stack {stack.Name} is still {stack.Status} after {limit.TotalMinutes:0} minutes; giving up following it.");
            await Task.Delay(pollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> FailureMessageAsync(Stack stack, CancellationToken cancellationToken)
    {
        var causes = await heat.RootCausesAsync(stack, cancellationToken).ConfigureAwait(false);
        var lines = causes.Select(c => $"  {(c.StackName == stack.Name ? "" : c.StackName + ".")}{c.Name} ({c.Type}): {c.Status}: {c.Reason}");
        return $"NODE_FAILURE: stack {stack.Name} is {stack.Status}: {stack.StatusReason}" +
            (causes.Count == 0 ? "" : "\nroot cause:\n" + string.Join('\n', lines));
    }
}
