using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>`traas-ci delete [NAME] [--wait] [--state FILE]`.</summary>
internal static class DeleteCommand
{
    public static async Task<int> RunAsync(DeleteOptions options, PipelineContext context, ILogger log,
        CancellationToken cancel)
    {
        var verbs = new StackVerbs(context, log);
        if (options.Name is { } name)
        {
            var deleted = await verbs.DeleteAsync(options.Providers(), name, options.Wait, cancel)
                .ConfigureAwait(false);
            return deleted ? ExitCodes.Passed : ExitCodes.NoSuchStack;
        }
        if (options.State is not { } statePath)
        {
            throw new TraasException(ExitCodes.BadInput,
                "delete needs the stack: give its NAME, or --state with the run state of `traas-ci run`");
        }
        var state = RunState.Load(statePath, needsNode: false);
        // The state's cloud and region, unless the command line names others.
        var cloud = options.Cloud ?? state.Cloud;
        var region = options.Region ?? state.Region;
        if (state.StackId is { } id)
        {
            await verbs.DeleteAsync(cloud, region, id, options.Wait, cancel).ConfigureAwait(false);
        }
        else if (state is { Stage: RunStage.Creating, RunTag: { } tag })
        {
            // Killed between its create request and Heat's answer: the stack, if Heat made it, carries
            // the attempt's own tag. Only a stack with that tag is the run's; never one found by name.
            await verbs.DeleteTaggedAsync(cloud, region, tag, options.Wait, cancel).ConfigureAwait(false);
        }
        else
        {
            log.Information(
                "the run state {State} holds no stack: that run created none, so there is nothing to delete",
                statePath);
        }
        return ExitCodes.Passed;
    }
}
