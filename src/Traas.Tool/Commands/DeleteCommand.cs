using Serilog;
using Traas.Tool.Cli;
using Traas.Tool.OpenStack;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>`traas-ci delete NAME [--wait]`.</summary>
internal static class DeleteCommand
{
    public static async Task<int> RunAsync(DeleteOptions options, CliContext context, ILogger log)
    {
        using var session = CloudConnection.Open(options, context, log);
        var heat = new HeatClient(session);
        var stack = await heat.FindAsync(options.Name, context.CancellationToken).ConfigureAwait(false);
        if (stack is null)
        {
            log.Information("there is no stack {StackName} in cloud {Cloud}: nothing to delete", options.Name, session.Cloud.Name);
            return ExitCodes.Passed;
        }
        await heat.DeleteAsync(stack, context.CancellationToken).ConfigureAwait(false);
        log.Information("deleting stack {StackName}", stack.Name);
        if (!options.Wait)
            return ExitCodes.Passed;
        var stage = new ProvisionStage(heat, log, ProvisionCommand.PollInterval(context));
        var last = await stage.FollowAsync(stack.Id, "DELETE", goneIsDone: true, TimeSpan.FromMinutes(30), context.CancellationToken).ConfigureAwait(false);
        if (last is { Status: "DELETE_FAILED" })
            throw new TraasException(ExitCodes.CloudError, $"stack {stack.Name} is DELETE_FAILED: {last.StatusReason}");
        await WaitUntilNameIsFreeAsync(heat, stack, context).ConfigureAwait(false);
        log.Information("stack {StackName} is deleted", stack.Name);
        return ExitCodes.Passed;
    }

    /// <summary>
    /// Heat stores DELETE_COMPLETE a moment before it removes the stack, and until then the name
    /// still finds it (and a new stack of that name is refused): --wait waits for the name too.
    /// </summary>
    private static async Task WaitUntilNameIsFreeAsync(HeatClient heat, Stack deleted, CliContext context)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (await heat.FindAsync(deleted.Name, context.CancellationToken).ConfigureAwait(false) is { } found && found.Id == deleted.Id)
        {
            if (DateTime.UtcNow > deadline)
                throw new TraasException(ExitCodes.CloudError, $"stack {deleted.Name} is {found.Status} but Heat still has it after 2 minutes.");
            await Task.Delay(TimeSpan.FromMilliseconds(500), context.CancellationToken).ConfigureAwait(false);
        }
    }
}
