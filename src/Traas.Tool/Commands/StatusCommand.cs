using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>`traas-ci status NAME`: the stack's status and outputs as JSON.</summary>
internal static class StatusCommand
{
    public static async Task<int> RunAsync(StatusOptions options, PipelineContext context, ILogger log,
        CancellationToken cancel)
    {
        var status = await new StackVerbs(context, log).StatusAsync(options.Providers(), options.Name, cancel)
            .ConfigureAwait(false);
        await context.Runner.WriteOutputAsync(status.ToJsonString(Json.Indented)).ConfigureAwait(false);
        return ExitCodes.Passed;
    }
}
