using Traas.Reporting;
using Traas.Reporting.Model;

namespace Traas.Tool.Pipeline;

/// <summary>
/// The report stage: traas.log in, junit.xml, console.html, summary.md (at most 1 MiB, for the
/// step summary) and summary-comment.md (at most 65535 bytes, for PR comments and check runs) out.
/// Files are written under temporary names and moved into place only once all are complete.
/// </summary>
internal sealed class ReportStage(ILogger log)
{
    private static readonly IReadOnlyList<string> Files = ArtifactFiles.Reports;

    public async Task<JobReport> RunAsync(ReportInput input, string outDir, ReportOptions options,
        CancellationToken cancellationToken)
    {
        foreach (var stream in options.SubunitFiles)
        {
            if (!File.Exists(stream))
            {
                throw new TraasException(ExitCodes.BadInput,
                    $"--subunit {stream}: no such file; give a subunit stream, v2 or v1 text (plain or .gz)");
            }
        }
        var source = input.Open();
        await using (source.ConfigureAwait(false))
        {
            var (report, folder) = await StagedFiles.WriteAsync(outDir, Files, $"the log '{input.Name}'",
                streams => ReportGenerator.GenerateAsync(source,
                    new ReportOutputs(streams[0], streams[1], streams[2], streams[3]), options, cancellationToken))
                .ConfigureAwait(false);
            Describe(report, folder);
            return report;
        }
    }

    private void Describe(JobReport report, string folder)
    {
        // What the report could not square with the log: recap rows, unreadable rows, test streams.
        foreach (var warning in report.Warnings.Take(10))
            log.Warning("{Warning}", warning.Text);
        if (report.WarningCount > 10)
            log.Warning("... and {Count} more report warnings (in summary.md)", report.WarningCount - 10);
        log.Information("job {Outcome}: {Reason}; {Tasks}, {Failing} failing, {Lines} read",
            report.RunHeadline ?? report.Outcome switch
            {
                JobOutcome.Passed => "passed",
                JobOutcome.Failed => "failed",
                _ => "did not finish",
            },
            report.OutcomeReason.Split('\n')[0].TrimEnd('.'), Plural.Of(report.TaskCount, "task"),
            report.FailedTaskCount, Plural.Of(report.LineCount, "line"));
        log.Information("wrote {Files} to {Folder}", string.Join(", ", Files), folder);
    }
}
