using System.Text;
using Traas.Reporting.Model;

namespace Traas.Reporting.Tests.Support;

/// <summary>The four artifacts of one report, generated in memory.</summary>
internal sealed record ReportRun(JobReport Report, string JUnit, string ConsolePage, string Summary, string CommentSummary)
{
    public static ReportRun Of(string logFileName, string jobName = "traas job") =>
        Of(File.ReadAllBytes(Path.Combine(RepoPaths.Logs, logFileName)), jobName);

    /// <summary>A log outside the repository (../shared), by its full path.</summary>
    public static ReportRun OfFile(string path, string jobName = "traas job", IReadOnlyList<string>? subunit = null) =>
        Of(File.ReadAllBytes(path), jobName, subunit);

    public static ReportRun Of(byte[] log, string jobName = "traas job", IReadOnlyList<string>? subunit = null)
    {
        using var junit = new MemoryStream();
        using var page = new MemoryStream();
        using var summary = new MemoryStream();
        using var comment = new MemoryStream();
        var report = ReportGenerator.GenerateAsync(new MemoryStream(log), new ReportOutputs(junit, page, summary, comment),
            new ReportOptions { JobName = jobName, SubunitFiles = subunit ?? [] }, CancellationToken.None).GetAwaiter().GetResult();
        var run = new ReportRun(report, Text(junit), Text(page), Text(summary), Text(comment));
        // Every junit.xml any test generates is checked against the schema.
        JUnitSchema.Validate(run.JUnit);
        return run;
    }

    /// <summary>console.html with its line blocks inflated, for assertions on the lines it holds.</summary>
    public string ConsoleText => ConsolePageParts.Inflated(ConsolePage);

    public static ReportRun OfText(string log, string jobName = "traas job") => Of(Encoding.UTF8.GetBytes(log), jobName);

    private static string Text(MemoryStream stream) => new UTF8Encoding(false, true).GetString(stream.ToArray());
}
