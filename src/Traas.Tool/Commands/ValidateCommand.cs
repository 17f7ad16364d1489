using Traas.Tool.OpenStack.Templates;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>`traas-ci validate`: the offline lint, then optionally Heat's validate.</summary>
internal static class ValidateCommand
{
    public static async Task<int> RunAsync(ValidateOptions options, PipelineContext context, ILogger log,
        CancellationToken cancel)
    {
        var environments = IEnvironmentOptions.Resolve(options.Environments, options.Template);
        IReadOnlyList<Provider> providers = options.Heat ? options.Providers() : [];
        var request = StackRequest.Build("validate", options.Template, environments, [.. options.Parameters],
            [.. options.ParameterFiles], null, []);
        await new StackVerbs(context, log).ValidateAsync(providers, options.Template, request, cancel)
            .ConfigureAwait(false);
        return ExitCodes.Passed;
    }
}
