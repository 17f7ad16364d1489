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
                    $"--subunit {stream}: no such file; give a subunit v2 stream (plain or .gz)");
            }
        }
        var source = input.Open();
        await using (source.ConfigureAwait(false))
        {
            var folder = CreateFolder(outDir);
            var partial = Files.Select(f => Path.Combine(folder, $".{f}.partial")).ToArray();
            JobReport report;
            try
            {
                report = await GenerateAsync(source, partial, options, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < Files.Count; i++)
                    File.Move(partial[i], Path.Combine(folder, Files[i]), overwrite: true);
            }
            catch (IOException e) when (e is not FileNotFoundException)
            {
                throw new TraasException(ExitCodes.BadInput,
                    $"cannot read the log '{input.Name}' or write to '{folder}': {e.Message}", e);
            }
            finally
            {
                foreach (var path in partial)
                    File.Delete(path);
            }
            Describe(report, folder);
            return report;
        }
    }

    private static async Task<JobReport> GenerateAsync(Stream source, string[] paths, ReportOptions options,
        CancellationToken cancellationToken)
    {
        var streams = paths
            .Select(p => new FileStream(p, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
            .ToArray();
        try
        {
            return await ReportGenerator.GenerateAsync(source,
                new ReportOutputs(streams[0], streams[1], streams[2], streams[3]),
                options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var stream in streams)
                await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string CreateFolder(string outDir)
    {
        try
        {
            return Directory.CreateDirectory(outDir).FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"cannot create the output folder '{outDir}': {e.Message} Give another --out.");
        }
    }

    private void Describe(JobReport report, string folder)
    {
        // What the report could not square with the log: recap rows, unreadable rows, test streams.
        foreach (var warning in report.Warnings.Take(10))
            log.Warning("{Warning}", warning.Text);
        if (report.WarningCount > 10)
            log.Warning("... and {Count} more report warnings (in summary.md)", report.WarningCount - 10);
        log.Information("job {Outcome}: {Reason}; {Tasks} tasks, {Failing} failing, {Lines} lines read",
            report.RunHeadline ?? report.Outcome switch
            {
                JobOutcome.Passed => "passed",
                JobOutcome.Failed => "failed",
                _ => "did not finish",
            },
            report.OutcomeReason.Split('\n')[0], report.TaskCount, report.FailedTaskCount, report.LineCount);
        log.Information("wrote {Files} to {Folder}", string.Join(", ", Files), folder);
    }
}
