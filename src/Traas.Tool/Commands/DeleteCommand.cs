using Serilog;
using Traas.Tool.Model;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>`traas-ci delete [NAME] [--wait] [--state FILE]`.</summary>
internal static class DeleteCommand
{
    public static async Task<int> RunAsync(DeleteOptions options, PipelineContext context, ILogger log,
        CancellationToken cancel)
    {
        var name = options.Name ?? (options.State is { } statePath ? RunState.Load(statePath, needsNode: false).StackId
            : throw new TraasException(ExitCodes.BadInput,
                "delete needs the stack: give its NAME, or --state with the run state of `traas-ci run`"));
        if (name is null)
        {
            // Only a stack whose ID the run received from Heat is the run's: never look it up by name.
            log.Information(
                "the run state {State} holds no stack: that run created none, so there is nothing to delete",
                options.State);
            return ExitCodes.Passed;
        }
        await new StackVerbs(context, log).DeleteAsync(options.Cloud, options.Region, name, options.Wait, cancel)
            .ConfigureAwait(false);
        return ExitCodes.Passed;
    }
}
