using Serilog;
using Traas.Tool.Cli;
using Traas.Tool.OpenStack;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>`traas-ci delete [NAME] [--wait] [--state FILE]`.</summary>
internal static class DeleteCommand
{
    public static async Task<int> RunAsync(DeleteOptions options, CliContext context, ILogger log)
    {
        var name = options.Name ?? (options.State is { } statePath ? RunState.Load(statePath, needsNode: false).StackId
            : throw new TraasException(ExitCodes.BadInput, "delete needs the stack: give its NAME, or --state with the run state of `traas-ci run`"));
        if (name.Length == 0)
        {
            // Only a stack whose ID the run received from Heat is the run's: never look it up by name.
            log.Information("the run state {State} holds no stack: that run created none, so there is nothing to delete", options.State);
            return ExitCodes.Passed;
        }
        using var session = CloudConnection.Open(options, context, log);
        var teardown = new TeardownStage(new HeatClient(session), log, ProvisionCommand.PollInterval(context));
        if (!await teardown.DeleteAsync(name, options.Wait, TimeSpan.FromMinutes(30), context.CancellationToken).ConfigureAwait(false))
            log.Information("there is no stack {StackName} in cloud {Cloud}: nothing to delete", name, session.Cloud.Name);
        return ExitCodes.Passed;
    }
}
