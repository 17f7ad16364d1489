using Traas.Reporting.Model;
using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>The three artifacts (and the short summary) against approved files.</summary>
public sealed class ReportSpecs
{
    public static TheoryData<string> Logs => new() { "passing-job.log", "failing-job.log", "tempest-job.log", "unfinished-job.log" };

    [Theory]
    [MemberData(nameof(Logs))]
    public void I_get_the_approved_junit_xml(string log) =>
        ApprovedFile.Verify($"{Path.GetFileNameWithoutExtension(log)}.junit.xml", ReportRun.Of(log, "multinode-1ctlr-featureset004").JUnit);

    private const string JobName = "multinode-1ctlr-featureset004";

    [Theory]
    [MemberData(nameof(Logs))]
    public void I_get_the_approved_console_page(string log) =>
        ApprovedFile.Verify($"{Path.GetFileNameWithoutExtension(log)}.console.html",
            ConsolePageParts.Of(ReportRun.Of(log, JobName).ConsolePage, $"{JobName}: traas console").Approved(withLog: true));

    [Fact]
    public void The_console_pages_static_template_is_the_approved_one() =>
        ApprovedFile.Verify("console-template.html", ConsolePageParts.Template());

    [Theory]
    [MemberData(nameof(Logs))]
    public void I_get_the_approved_summary(string log)
    {
        var run = ReportRun.Of(log, "multinode-1ctlr-featureset004");
        ApprovedFile.Verify($"{Path.GetFileNameWithoutExtension(log)}.summary.md", run.Summary);
        Assert.Equal(run.Summary, run.CommentSummary);
    }

    [Fact]
    public void I_get_the_approved_artifacts_for_a_log_with_hostile_bytes()
    {
        var run = ReportRun.Of(HostileLog.Bytes());

        ApprovedFile.Verify("hostile.junit.xml", run.JUnit);
        ApprovedFile.Verify("hostile.console.html", ConsolePageParts.Of(run.ConsolePage, "traas job: traas console").Approved(withLog: true));
        ApprovedFile.Verify("hostile.summary.md", run.Summary);
    }

    [Fact]
    public void A_passing_job_passes()
    {
        var report = ReportRun.Of("passing-job.log").Report;

        Assert.Equal(JobOutcome.Passed, report.Outcome);
        Assert.Equal("Run completed", report.OutcomeReason);
        Assert.Equal(["quickstart.yml", "multinode-overcloud.yml"], report.Playbooks.Select(p => p.Name));
    }

    [Fact]
    public void A_failing_job_fails_on_its_playbook_marker()
    {
        var report = ReportRun.Of("failing-job.log").Report;

        Assert.Equal(JobOutcome.Failed, report.Outcome);
        Assert.Equal("Playbook run of multinode-undercloud.yml failed", report.OutcomeReason);
        Assert.Equal(3, report.FailedTaskCount);
        var install = Assert.Single(report.Failures, f => f.Task == "undercloud-deploy : Install the undercloud");
        Assert.Equal("non-zero return code", install.Message);
        Assert.Equal("multinode-undercloud.yml", install.Playbook);
    }

    [Fact]
    public void A_log_that_stops_early_did_not_finish()
    {
        var run = ReportRun.Of("unfinished-job.log");

        Assert.Equal(JobOutcome.Unfinished, run.Report.Outcome);
        Assert.Contains("<error message=\"the log stops at line", run.JUnit, StringComparison.Ordinal);
    }

    [Fact]
    public void Tempest_results_become_a_tempest_suite_and_totals()
    {
        var run = ReportRun.Of("tempest-job.log");

        Assert.Equal(new TempestTotals(6, 3, 2, 1, 0, 0, 60.1004), run.Report.TempestTotals);
        Assert.Equal(6, run.Report.TempestTestCount);
        Assert.Contains("<testsuite name=\"tempest\" tests=\"6\" failures=\"1\" errors=\"0\" skipped=\"2\"", run.JUnit, StringComparison.Ordinal);
        Assert.Contains("| 6 | 3 | 1 | 2 | 0 | 0 |", run.Summary, StringComparison.Ordinal);
    }
}
