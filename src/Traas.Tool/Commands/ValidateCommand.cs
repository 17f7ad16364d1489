using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>`traas-ci validate`: the offline lint, then optionally Heat's validate.</summary>
internal static class ValidateCommand
{
    public static async Task<int> RunAsync(ValidateOptions options, PipelineContext context, ILogger log,
        CancellationToken cancel)
    {
        IReadOnlyList<Provider> providers = options.Heat ? options.Providers() : [];
        var request = IParameterOptions.StackRequestOf(options, "validate", options.Template, null, []);
        await new StackVerbs(context, log).ValidateAsync(providers, options.Template, request, cancel)
            .ConfigureAwait(false);
        return ExitCodes.Passed;
    }
}
