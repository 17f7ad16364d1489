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
        log.Information("stack {StackName} is deleted", stack.Name);
        return ExitCodes.Passed;
    }
}
