using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>`traas-ci provision`: the provision stage on its own; outputs as JSON on stdout.</summary>
internal static class ProvisionCommand
{
    public static async Task<int> RunAsync(ProvisionOptions options, PipelineContext context, ILogger log,
        CancellationToken cancel)
    {
        options.CheckStack(options.Name);
        var request = IParameterOptions.StackRequestOf(options, options.Name, options.Template, options.Timeout,
            options.AllTags);
        var outputs = await new StackVerbs(context, log)
            .ProvisionAsync(options.Providers(), options.CapacityWait(), request, cancel).ConfigureAwait(false);
        await context.Runner.WriteOutputAsync(outputs.ToJsonString(Json.Indented)).ConfigureAwait(false);
        return ExitCodes.Passed;
    }
}
