using Traas.Reporting.Model;
using Traas.Tool.Config;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>`traas-ci report`: the report stage on its own.</summary>
internal static class ReportCommand
{
    public static async Task<int> RunAsync(ReportCommandOptions options, PipelineContext context, ILogger log,
        CancellationToken cancel)
    {
        var state = options.State is { } statePath ? RunState.Load(statePath) : null;
        var logPath = options.Log ?? state?.LocalLog
            ?? throw new TraasException(ExitCodes.BadInput,
                "report needs the log: give LOG (traas.log, or - for standard input), "
                    + "or --state with the run state of `traas-ci run`");
        var input = logPath == "-" ? ReportInput.StandardInput(context.Stdin) : ReportInput.File(logPath);
        // With --state, the run's folder and job type, unless the command line says otherwise.
        var outDir = state is not null && !options.Given.Contains("out") ? state.OutDir : options.Out;
        var jobName = state is not null && !options.Given.Contains("job-name") ? state.JobType : options.JobName;
        if (string.IsNullOrWhiteSpace(jobName))
            throw new TraasException(ExitCodes.BadInput, "--job-name: give the job a name, not a blank one");
        IReadOnlyList<string> subunit = options.Subunit.Any() ? [.. options.Subunit]
            : state is null ? []
            : Reporting.Subunit.SubunitFiles.Find(Path.Combine(state.OutDir, ArtifactFiles.LogsFolder));
        var fingerprints = KnownFailures.LoadWithShipped(options.KnownFailures ?? KnownFailures.StarterFile);
        var report = await new ReportStage(log).RunAsync(input, outDir, new Reporting.ReportOptions
        {
            FailurePatterns = KnownFailures.Patterns(fingerprints),
            JobName = jobName,
            ConsoleUrl = options.ConsoleUrl,
            SubunitFiles = subunit,
            Redactor = context.Secrets.Redactor(),
            RunVerdict = state?.Reason is { } reason && state.Result is { } result
                ? RunVerdicts.For(result, reason)
                : null,
        }, cancel).ConfigureAwait(false);
        return report.Outcome == JobOutcome.Passed ? ExitCodes.Passed : ExitCodes.JobFailed;
    }
}
