using Serilog;
using Traas.Reporting.Model;
using Traas.Tool.Cli;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>`traas-ci report`: the report stage on its own.</summary>
internal static class ReportCommand
{
    public static async Task<int> RunAsync(ReportOptions options, CliContext context, ILogger log)
    {
        var stage = new ReportStage(log);
        var input = options.Log == "-" ? ReportInput.StandardInput(context.Stdin) : ReportInput.File(options.Log);
        var report = await stage.RunAsync(input, options.Out, new Reporting.ReportOptions
        {
            JobName = options.JobName,
            ConsoleUrl = options.ConsoleUrl,
        }, context.CancellationToken).ConfigureAwait(false);
        return report.Outcome == JobOutcome.Passed ? ExitCodes.Passed : ExitCodes.JobFailed;
    }
}
