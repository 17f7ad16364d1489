using Serilog;
using Traas.Tool.Cli;
using Traas.Tool.OpenStack;

namespace Traas.Tool.Pipeline;

/// <summary>What to do with the stack when the run ends.</summary>
public enum KeepPolicy
{
    /// <summary>Always delete it.</summary>
    Never,

    /// <summary>Keep it when the job did not pass (to look at the nodes), delete it otherwise.</summary>
    OnFailure,

    /// <summary>Always keep it.</summary>
    Always,
}

internal static class KeepPolicies
{
    public static KeepPolicy Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "never" => KeepPolicy.Never,
        "on-failure" or "onfailure" or "on_failure" => KeepPolicy.OnFailure,
        "always" => KeepPolicy.Always,
        _ => throw new TraasException(ExitCodes.BadInput, $"--keep {text}: give never, on-failure or always"),
    };

    public static string Name(this KeepPolicy keep) => keep switch
    {
        KeepPolicy.OnFailure => "on-failure",
        _ => keep.ToString().ToLowerInvariant(),
    };
}

/// <summary>The teardown stage: deletes a stack and follows it until it is gone and its name is free.</summary>
internal sealed class TeardownStage(HeatClient heat, ILogger log, TimeSpan pollInterval)
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
        var last = await new ProvisionStage(heat, log, pollInterval)
            .FollowAsync(stack.Id, "DELETE", goneIsDone: true, limit, cancellationToken).ConfigureAwait(false);
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
        while (await heat.FindAsync(deleted.Name, cancellationToken).ConfigureAwait(false) is { } found && found.Id == deleted.Id)
        {
            if (DateTime.UtcNow > deadline)
                throw new TraasException(ExitCodes.CloudError, $"stack {deleted.Name} is {found.Status} but Heat still has it after 2 minutes.");
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }
    }
}
