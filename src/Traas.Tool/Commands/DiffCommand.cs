using Serilog;
using Traas.Reporting.Triage;
using Traas.Tool.Model;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>`traas-ci diff`: the diff stage on two files. Exits 0 with no new lines, 1 with some.</summary>
internal static class DiffCommand
{
    public static async Task<int> RunAsync(DiffOptions options, PipelineContext context, ILogger log,
        CancellationToken cancel)
    {
        var result = await new DiffStage(log).RunAsync(options.Baseline, options.Failed, options.Out,
            new LogDiffOptions { ConsoleUrl = options.ConsoleUrl, Redactor = context.Secrets.Redactor() },
            cancel).ConfigureAwait(false);
        return result.NewLines == 0 ? ExitCodes.Passed : ExitCodes.JobFailed;
    }
}
