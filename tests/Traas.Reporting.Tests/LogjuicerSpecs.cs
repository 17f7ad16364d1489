using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>
/// The logjuicer-tests datasets of ../shared/logjuicer-datasets: failed jobs outside ansible whose
/// inf.yaml names the lines that explain the failure. The report's error lines must find one.
/// (syslog-01 is a node's boot journal, not a job; testr-nodepool-01 is a subunit v1 stream that
/// upstream skips.)
/// </summary>
public sealed class LogjuicerSpecs
{
    public static TheoryData<string> Datasets => ["basic-01", "dib-01", "tempest-01"];

    [Theory]
    [MemberData(nameof(Datasets))]
    public void A_failure_outside_ansible_is_explained_by_an_annotated_line_among_the_error_lines(string dataset)
    {
        var folder = Path.Combine(RepoPaths.Shared, "logjuicer-datasets", dataset);
        var annotated = Annotations(Path.Combine(folder, "inf.yaml"));
        var log = Directory.EnumerateFiles(folder, "*.fail").Single();

        var report = ReportRun.OfFile(log).Report;

        Assert.True(report.NeedsErrorLines);
        Assert.NotEmpty(annotated);
        Assert.Contains(report.ErrorLines.Take(5), e => annotated.Any(a => e.Text.Contains(a, StringComparison.Ordinal)));
    }

    /// <summary>inf.yaml's `anomalies:` list: each `line: |` and the text under it.</summary>
    private static List<string> Annotations(string path)
    {
        var lines = File.ReadAllLines(path);
        return [.. lines.Select((l, i) => (l, i)).Where(x => x.l.Trim() == "- line: |" && x.i + 1 < lines.Length)
            .Select(x => lines[x.i + 1].Trim()).Where(a => a.Length > 0)];
    }
}
