using Traas.Reporting.Model;
using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>Per (task, host), the outcomes we derive add up to the log's own PLAY RECAP.</summary>
public sealed class RecapSpecs
{
    public static TheoryData<string> Logs => TestLogs.All();

    public static TheoryData<string> RealLogs => TestLogs.Real();

    [Theory]
    [MemberData(nameof(Logs))]
    public void My_counts_equal_the_logs_own_play_recap(string log)
    {
        var report = ReportRun.Of(log).Report;

        Assert.True(report.RecapRows > 0 || log == "unfinished-job.log", $"{log} has no PLAY RECAP row to compare with");
        Assert.Empty(report.RecapMismatches);
    }

    [Fact]
    public void My_counts_equal_the_play_recap_of_the_hostile_log() =>
        Assert.Empty(ReportRun.Of(HostileLog.Bytes()).Report.RecapMismatches);

    [Theory]
    [MemberData(nameof(RealLogs))]
    public void Real_logs_are_read_whole(string log)
    {
        var report = ReportRun.Of(log).Report;

        Assert.True(report.RecapRows > 0);
        Assert.True(report.TaskCount > 10, $"only {report.TaskCount} tasks found in {log}");
    }

    [Fact]
    public void The_recap_check_can_fail()
    {
        var log = File.ReadAllText(Path.Combine(RepoPaths.Logs, "passing-job.log"))
            .Replace("undercloud                 : ok=5    changed=3", "undercloud                 : ok=6    changed=3", StringComparison.Ordinal);

        var mismatch = Assert.Single(ReportRun.OfText(log).Report.RecapMismatches);

        Assert.Equal("undercloud", mismatch.Host);
        Assert.Equal(6, mismatch.Recap.Ok);
        Assert.Equal(5, mismatch.Counted.Ok);
    }

    [Fact]
    public void The_real_zuul_console_counts_its_failure_even_after_later_tasks_ran()
    {
        var report = ReportRun.Of("real/logjuicer-zuul-console-01.console.fail").Report;

        var failure = Assert.Single(report.Failures);
        Assert.Equal("Run sf_erase playbook", failure.Task);
        Assert.Equal(new HostCounts(47, 30, 0, 1, 7, 0, 2), report.HostTotals["localhost"]);
    }

    [Fact]
    public void The_real_verbose_junos_log_counts_looped_includes_and_its_nineteen_failures()
    {
        var report = ReportRun.Of("real/ansible_concurrent_ci_runner-junos.log").Report;

        Assert.Equal(new HostCounts(114, 0, 0, 19, 0, 0, 1), report.HostTotals["vsrx01"]);
        Assert.Equal(19, report.FailedTaskCount);
        Assert.Equal("One or more tests failed, check log for details", report.Failures[^1].Message);
    }

    [Fact]
    public void A_rescue_confirmed_by_the_recap_is_not_a_failure()
    {
        var report = ReportRun.Of("real/ansible-callback_default.out.default.stdout").Report;

        Assert.Equal(0, report.FailedTaskCount);
        Assert.Equal(1, report.HostTotals["testhost"].Rescued);
        Assert.Equal(1, report.HostTotals["testhost"].Ignored);
    }
}
