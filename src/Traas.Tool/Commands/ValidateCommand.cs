using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>`traas-ci validate`: the offline lint, then optionally Heat's validate.</summary>
internal static class ValidateCommand
{
    public static async Task<int> RunAsync(ValidateOptions options, PipelineContext context, ILogger log,
        CancellationToken cancel)
    {
        await new StackVerbs(context, log).ValidateAsync(options.Cloud, options.Region, options.Template,
            [.. options.Environments], options.Heat, cancel).ConfigureAwait(false);
        return ExitCodes.Passed;
    }
}
