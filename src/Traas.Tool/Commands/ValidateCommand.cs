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
        await new StackVerbs(context, log).ValidateAsync(providers, options.Template, environments, cancel)
            .ConfigureAwait(false);
        return ExitCodes.Passed;
    }
}
