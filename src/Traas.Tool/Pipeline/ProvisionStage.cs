using Traas.Tool.OpenStack;

namespace Traas.Tool.Pipeline;

/// <summary>
/// The provision stage: create the stack and follow it to CREATE_COMPLETE, printing its events.
/// CREATE_FAILED is a NODE_FAILURE, with its root cause.
/// </summary>
internal sealed class ProvisionStage(HeatClient heat, StackFollower follower, ILogger log)
{
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
        var stack = (await follower.FollowAsync(id, "CREATE", goneIsDone: false, limit, cancellationToken)
            .ConfigureAwait(false))!;
        if (stack.Status == "CREATE_COMPLETE")
        {
            log.Information("stack {StackName} is CREATE_COMPLETE", name);
            return stack;
        }
        throw new TraasException(ExitCodes.NodeFailure,
            await follower.FailureMessageAsync(stack, cancellationToken).ConfigureAwait(false));
    }
}
