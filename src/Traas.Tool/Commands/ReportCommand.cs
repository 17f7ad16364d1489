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
        var state = options.State is { } statePath ? RunState.Load(statePath) : null;
        var logPath = options.Log ?? (state is null
            ? throw new TraasException(ExitCodes.BadInput, "report needs the log: give LOG (traas.log, or - for standard input), or --state with the run state of `traas-ci run`")
            : Path.Combine(state.OutDir, "traas.log"));
        var input = logPath == "-" ? ReportInput.StandardInput(context.Stdin) : ReportInput.File(logPath);
        var report = await stage.RunAsync(input, state is not null && options.Out == "traas-artifacts" ? state.OutDir : options.Out, new Reporting.ReportOptions
        {
            JobName = state is not null && options.JobName == "traas job" ? state.JobType : options.JobName,
            ConsoleUrl = options.ConsoleUrl,
        }, context.CancellationToken).ConfigureAwait(false);
        return report.Outcome == JobOutcome.Passed ? ExitCodes.Passed : ExitCodes.JobFailed;
    }
}
