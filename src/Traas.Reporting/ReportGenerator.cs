using Traas.Reporting.ConsolePage;
using Traas.Reporting.Input;
using Traas.Reporting.JUnit;
using Traas.Reporting.Parsing;
using Traas.Reporting.Subunit;
using Traas.Reporting.Summary;
using Traas.Reporting.Triage;

namespace Traas.Reporting;

/// <summary>
/// One pass over traas.log: each line is parsed and written into console.html as it is read (the page
/// on a thread of its own, <see cref="BackgroundObserver"/>, as is the pattern scan); testcases are
/// spooled; junit.xml and the summaries are written once the log ends.
/// </summary>
public static class ReportGenerator
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>junit.xml's testcase of the job's own result, in the suite named "job".</summary>
    public const string JobCaseName = JUnitWriter.JobCaseName;

    public static async Task<JobReport> GenerateAsync(Stream log, ReportOutputs outputs, ReportOptions options,
        CancellationToken cancellationToken)
    {
        using var junit = new JUnitWriter();
        var page = new StreamWriter(outputs.ConsolePage, Utf8, 256 * 1024, leaveOpen: true);
        await using (page.ConfigureAwait(false))
        {
            using var consolePage = new ConsolePageWriter(page, $"{options.JobName}: traas console");
            var pageLines = new BackgroundObserver(consolePage);
            await using (pageLines.ConfigureAwait(false))
            {
                var parser = new LogParser(pageLines, junit);
                var patterns = new BackgroundPatternScanner(options.FailurePatterns);
                using var reader = new LogLineReader(log, options.MaxLineBytes);
                var redactor = options.Redactor?.ForStream();
                while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
                {
                    var text = redactor is null ? line.Text : redactor.Redact(line.Text);
                    var cleaned = LineCleaner.Clean(line.Number, text, line.IsContinuation);
                    parser.Feed(cleaned);
                    await pageLines.HandOverAsync(cancellationToken).ConfigureAwait(false);
                    if (!line.IsContinuation)
                        await patterns.FeedAsync(line.Number, cleaned.Content, cancellationToken).ConfigureAwait(false);
                }
                var matches = await patterns.CompleteAsync(cancellationToken).ConfigureAwait(false);
                var parsed = parser.Complete(reader.BytesRead);
                await pageLines.CompleteAsync(cancellationToken).ConfigureAwait(false);
                return await FinishAsync(parsed, matches, consolePage, junit, outputs, options, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
    }

    /// <summary>Once the log is read and the page's lines written: the verdict, triage, and the other files.</summary>
    private static async Task<JobReport> FinishAsync(JobReport parsed, IReadOnlyList<PatternMatch> matches,
        ConsolePageWriter consolePage, JUnitWriter junit, ReportOutputs outputs, ReportOptions options,
        CancellationToken cancellationToken)
    {
        var report = WithVerdict(WithTestStreams(parsed, options, junit), options.RunVerdict);
        report = report with
        {
            Classification = FailureClassifier.Classify(report, matches, options.FailurePatterns,
                options.RunVerdict is { Infrastructure: true }),
        };
        consolePage.Complete(report, options.JobName);
        junit.Write(outputs.JUnit, report, options.JobName);
        await WriteAsync(outputs.Summary, Summary(report, options, SummaryOptions.StepSummaryBytes), cancellationToken)
            .ConfigureAwait(false);
        await WriteAsync(outputs.CommentSummary, Summary(report, options, SummaryOptions.CommentBytes),
            cancellationToken)
            .ConfigureAwait(false);
        return report;
    }

    private static JobReport WithVerdict(JobReport report, RunVerdict? verdict) =>
        verdict is null ? report : report with
        {
            Outcome = verdict.Outcome,
            OutcomeReason = verdict.Reason,
            OutcomeLine = null,
            OutcomeSource = OutcomeSource.Run,
            RunHeadline = verdict.Headline,
            CiRetries = false,
        };

    private static JobReport WithTestStreams(JobReport report, ReportOptions options, JUnitWriter junit)
    {
        if (options.SubunitFiles.Count == 0)
            return report;
        var warnings = report.Warnings.ToList();
        var streams = options.SubunitFiles.Select((path, i) => TestStreamReader.Read(path, i, junit,
            text => warnings.Add(new ReportWarning(null, text)))).ToList();
        return report with
        {
            TestStreams = streams,
            Warnings = warnings,
            WarningCount = report.WarningCount + warnings.Count - report.Warnings.Count,
        };
    }

    private static string Summary(JobReport report, ReportOptions options, int maxBytes) =>
        SummaryWriter.Render(report, new SummaryOptions
        {
            MaxBytes = maxBytes,
            ConsoleUrl = options.ConsoleUrl,
            JobName = options.JobName,
            RunNotes = options.RunNotes,
        });

    private static async Task WriteAsync(Stream stream, string text, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Utf8.GetBytes(text), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
