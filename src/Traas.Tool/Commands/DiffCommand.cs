using Traas.Reporting.Triage;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>`traas-ci diff`: the diff stage on two files. Exits 0 with no new lines, 1 with some.</summary>
internal static class DiffCommand
{
    public static async Task<int> RunAsync(DiffOptions options, PipelineContext context, ILogger log,
        CancellationToken cancel)
    {
        if (options.Threshold is < 0 or >= 1 || double.IsNaN(options.Threshold))
        {
            throw new TraasException(ExitCodes.BadInput,
                $"--threshold {options.Threshold}: give a distance from 0 to below 1");
        }
        if (options.Context is < 0 or > 100)
            throw new TraasException(ExitCodes.BadInput, $"--context {options.Context}: give 0 to 100 lines");
        var result = await new DiffStage(log).RunAsync(options.Baseline, options.Failed, options.Out,
            new LogDiffOptions
            {
                Threshold = options.Threshold,
                ContextBefore = options.Context,
                ContextAfter = options.Context,
                ConsoleUrl = options.ConsoleUrl,
                Redactor = context.Secrets.Redactor(),
            },
            cancel).ConfigureAwait(false);
        return result.NewLines == 0 ? ExitCodes.Passed : ExitCodes.JobFailed;
    }
}
