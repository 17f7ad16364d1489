using Traas.Tool.OpenStack.Templates;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>`traas-ci provision`: the provision stage on its own; outputs as JSON on stdout.</summary>
internal static class ProvisionCommand
{
    public static async Task<int> RunAsync(ProvisionOptions options, PipelineContext context, ILogger log,
        CancellationToken cancel)
    {
        options.CheckStack(options.Name);
        var request = StackRequest.Build(options.Name, options.Template,
            IEnvironmentOptions.Resolve(options.Environments, options.Template),
            [.. options.Parameters], [.. options.ParameterFiles], options.Timeout, options.AllTags);
        var outputs = await new StackVerbs(context, log)
            .ProvisionAsync(options.Providers(), options.CapacityWait(), request, cancel).ConfigureAwait(false);
        await context.Runner.WriteOutputAsync(outputs.ToJsonString(Json.Indented)).ConfigureAwait(false);
        return ExitCodes.Passed;
    }
}
