using System.Text;
using System.Xml.Linq;
using Traas.Reporting.Model;
using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>
/// Zuul v3's job-output.txt where its executor's result is not the run phase's (zuul/executor/server.py,
/// AnsibleJob.runPlaybooks): a pre-run that fails is run again, a failing post-run makes a failed run
/// POST_FAILURE; and tempest run by a task, whose output comes in the host's column. The real log of
/// ../shared/reallogs, changed the way such a build's log would be.
/// </summary>
public sealed class ZuulSpecs
{
    private const string RealName = "zuulv3-dmandry-501252-job-output.txt";
    private const string Pre = "[trusted : review.gerrithub.io/dmandry/zuul-config/playbooks/base/pre.yaml@master]";

    private static List<string> RealLines() =>
        [.. File.ReadAllText(Path.Combine(RepoPaths.RealLogs, RealName), Encoding.UTF8).TrimEnd('\n').Split('\n')];

    private static string Log(IEnumerable<string> lines) => string.Join('\n', lines) + "\n";

    private static XElement JobCase(ReportRun run) =>
        XDocument.Parse(run.JUnit).Descendants("testsuite").Single(s => (string?)s.Attribute("name") == "job")
            .Element("testcase")!;

    /// <summary>
    /// The real log as it would be had its pre-run's last task failed: Zuul skips the run phase and
    /// goes on to the post-run (the real log's lines 36 on).
    /// </summary>
    private static string PreRunFailed(string message)
    {
        var lines = RealLines();
        Assert.EndsWith("| TASK [prepare-workspace-openshift : Copy src repos to the pod]", lines[18], StringComparison.Ordinal);
        Assert.EndsWith($"| PRE-RUN END RESULT_NORMAL: {Pre}", lines[23], StringComparison.Ordinal);
        Assert.Contains("| POST-RUN START: ", lines[35], StringComparison.Ordinal);
        lines[21] = lines[21].Replace("failed: 0", "failed: 1", StringComparison.Ordinal);
        lines.RemoveRange(24, 11);
        lines.InsertRange(19, [
            "2020-08-25 22:18:05.497000 | python | ERROR",
            "2020-08-25 22:18:05.497001 | python | {",
            $"2020-08-25 22:18:05.497002 | python |   \"msg\": \"{message}\"",
            "2020-08-25 22:18:05.497003 | python | }",
        ]);
        return Log(lines);
    }

    public static TheoryData<string, string> PreRunFailures => new()
    {
        // A job pattern does not make it the change's: Zuul runs the build again whatever failed.
        { "Ansible failed, check log at /var/log/rsync.log", "infrastructure failure" },
        { "rsync: connection unexpectedly closed (0 bytes received so far) [sender]", "infrastructure failure" },
        { "ssh: connect to host 10.0.0.5 port 22: No route to host", "infrastructure failure: Node unreachable" },
    };

    [Theory]
    [MemberData(nameof(PreRunFailures))]
    public void A_real_zuul_log_whose_pre_run_failed_is_a_retry_of_the_infrastructure_not_a_job_failure(string message,
        string classHeadline)
    {
        var run = ReportRun.OfText(PreRunFailed(message));
        var report = run.Report;

        Assert.Equal((JobOutcome.Failed, "retry", OutcomeSource.CiEndLine, 28L),
            (report.Outcome, report.RunHeadline, report.OutcomeSource, report.OutcomeLine));
        Assert.Equal($"PRE-RUN END RESULT_NORMAL: {Pre}: its PLAY RECAP has 1 host with failed or unreachable results; "
            + "a pre-run playbook failed, so Zuul did not run the job's run phase: it runs the build again "
            + "(RETRY, or RETRY_LIMIT after its last attempt)", report.OutcomeReason);
        Assert.True(report.CiRetries);
        Assert.Equal((true, classHeadline), (report.Classification?.IsInfra, report.Classification?.Headline));
        Assert.Equal(message, Assert.Single(report.Failures).Message);
        Assert.StartsWith("## \u274c traas job: retry\n", run.Summary, StringComparison.Ordinal);
        Assert.Contains("Not the change: running again may pass", run.Summary, StringComparison.Ordinal);
        Assert.Equal("retry", (string?)JobCase(run).Element("failure")?.Attribute("type"));
    }

    [Fact]
    public void A_real_zuul_log_whose_run_and_post_run_failed_is_zuuls_post_failure_and_still_failed()
    {
        var lines = RealLines();
        Assert.EndsWith("| python | ok: 1 changed: 0 unreachable: 0 failed: 0 skipped: 0 rescued: 0 ignored: 0", lines[32],
            StringComparison.Ordinal);
        lines[32] = lines[32].Replace("ok: 1 changed: 0 unreachable: 0 failed: 0", "ok: 0 changed: 0 unreachable: 0 failed: 1",
            StringComparison.Ordinal);
        // The real log ends inside its post-run's upload task; here the upload fails and the phase ends.
        lines.AddRange([
            "2020-08-25 22:18:20.000000 | localhost | ERROR",
            "2020-08-25 22:18:20.000000 | localhost | {",
            "2020-08-25 22:18:20.000000 | localhost |   \"msg\": \"Swift upload failed: 503 Service Unavailable\"",
            "2020-08-25 22:18:20.000000 | localhost | }",
            "2020-08-25 22:18:20.100000 | PLAY RECAP",
            "2020-08-25 22:18:20.100000 | localhost | ok: 12 changed: 1 unreachable: 0 failed: 1 skipped: 11 rescued: 0 ignored: 0",
            "2020-08-25 22:18:20.200000 | POST-RUN END RESULT_NORMAL: "
                + "[trusted : review.gerrithub.io/dmandry/zuul-config/playbooks/base/post-logs.yaml@master]",
        ]);

        var run = ReportRun.OfText(Log(lines));
        var report = run.Report;

        // The run's END line is the one to read: its failure is the change's.
        Assert.Equal((JobOutcome.Failed, "post failure", 35L), (report.Outcome, report.RunHeadline, report.OutcomeLine));
        Assert.Equal("RUN END RESULT_NORMAL: [untrusted : review.gerrithub.io/dmandry/zuul-test/playbooks/testjob.yaml@master]: "
            + "its PLAY RECAP has 1 host with failed or unreachable results; then POST-RUN END RESULT_NORMAL: "
            + "[trusted : review.gerrithub.io/dmandry/zuul-config/playbooks/base/post-logs.yaml@master]: "
            + "its PLAY RECAP has 1 host with failed or unreachable results", report.OutcomeReason);
        Assert.False(report.CiRetries);
        Assert.StartsWith("## \u274c traas job: post failure\n", run.Summary, StringComparison.Ordinal);
        Assert.Equal("post failure", (string?)JobCase(run).Element("failure")?.Attribute("type"));
    }

    private const string Tempest = "tempest.scenario.test_network_basic_ops.TestNetworkBasicOps";

    /// <summary>stestr's output as devstack's tempest job prints it, a host's column before each line.</summary>
    private static string[] TempestOutput(string column) =>
    [
        $"2020-08-25 22:18:07.100000 | {column}{{0}} setUpClass (tempest.api.compute.admin.test_live_migration."
            + "LiveMigrationTest) ... SKIPPED: Live migration is not enabled",
        $"2020-08-25 22:18:07.200000 | {column}{{1}} {Tempest}.test_mtu_sized_frames[compute,id-b158ea55,network,slow] "
            + "[12.500000s] ... ok",
        $"2020-08-25 22:18:07.300000 | {column}{{0}} {Tempest}.test_network_basic_ops[compute,id-f323b3ba,network] "
            + "[181.200000s] ... FAILED",
        $"2020-08-25 22:18:07.300001 | {column}",
        $"2020-08-25 22:18:07.300002 | {column}Captured traceback:",
        $"2020-08-25 22:18:07.300003 | {column}~~~~~~~~~~~~~~~~~~~",
        $"2020-08-25 22:18:07.300004 | {column}    Traceback (most recent call last):",
        $"2020-08-25 22:18:07.300005 | {column}      File \"/opt/stack/tempest/tempest/common/utils/__init__.py\", line 89, in wrapper",
        $"2020-08-25 22:18:07.300006 | {column}        return f(*func_args, **func_kwargs)",
        $"2020-08-25 22:18:07.300007 | {column}    tempest.lib.exceptions.SSHTimeout: Connection to the 172.24.5.10 via SSH timed out.",
        $"2020-08-25 22:18:07.300008 | {column}    User: cirros, Password: None",
        $"2020-08-25 22:18:07.300009 | {column}",
        $"2020-08-25 22:18:07.400000 | {column}======",
        $"2020-08-25 22:18:07.400001 | {column}Totals",
        $"2020-08-25 22:18:07.400002 | {column}======",
        $"2020-08-25 22:18:07.400003 | {column}Ran: 3 tests in 195.0000 sec.",
        $"2020-08-25 22:18:07.400004 | {column} - Passed: 1",
        $"2020-08-25 22:18:07.400005 | {column} - Skipped: 1",
        $"2020-08-25 22:18:07.400006 | {column} - Expected Fail: 0",
        $"2020-08-25 22:18:07.400007 | {column} - Unexpected Success: 0",
        $"2020-08-25 22:18:07.400008 | {column} - Failed: 1",
        $"2020-08-25 22:18:07.400009 | {column}Sum of execute time for each test: 193.7000 sec.",
    ];

    /// <summary>The real log's run phase runs tempest in its one task, in place of the debug task's output.</summary>
    private static ReportRun WithTempest(string column, params string[] otherHost)
    {
        var lines = RealLines();
        Assert.EndsWith("| TASK [debug]", lines[28], StringComparison.Ordinal);
        Assert.EndsWith("| Hello world!", lines[29], StringComparison.Ordinal);
        var tempest = TempestOutput(column).ToList();
        // Another host's output among the traceback's lines is that host's.
        tempest.InsertRange(8, otherHost);
        lines[29] = $"2020-08-25 22:18:07.500000 | {column}ok: Runtime: 0:03:15.100000";
        lines.InsertRange(29, tempest);
        return ReportRun.OfText(Log(lines));
    }

    [Fact]
    public void Tempest_in_a_zuul_hosts_column_is_read_as_its_tests_as_it_is_without_the_column()
    {
        var bare = WithTempest("").Report;
        var run = WithTempest("python | ", "2020-08-25 22:18:07.300005 | compute1 | Still waiting for the agent");
        var report = run.Report;

        Assert.Equal((3, 1, 1), (report.TempestTestCount, report.TempestFailedCount, report.TempestSkippedCount));
        Assert.Equal(new TempestTotals(3, 1, 1, 1, 0, 0, 195.0), report.TempestTotals);
        var failure = Assert.Single(report.TempestFailures);
        Assert.Equal(($"{Tempest}.test_network_basic_ops[compute,id-f323b3ba,network]", 32L), (failure.Id, failure.Line));
        Assert.Equal("tempest.lib.exceptions.SSHTimeout: Connection to the 172.24.5.10 via SSH timed out.", failure.Reason);
        Assert.DoesNotContain("Still waiting", failure.Detail, StringComparison.Ordinal);
        Assert.EndsWith("User: cirros, Password: None", failure.Detail, StringComparison.Ordinal);
        Assert.Equal(bare.TempestFailures.Select(t => (t.Id, t.Reason, t.Detail)),
            report.TempestFailures.Select(t => (t.Id, t.Reason, t.Detail)));
        Assert.Equal(bare.TempestTotals, report.TempestTotals);
        var cases = XDocument.Parse(run.JUnit).Descendants("testsuite").Single(s => (string?)s.Attribute("name") == "tempest")
            .Elements("testcase").ToList();
        Assert.Equal(3, cases.Count);
        Assert.Single(cases, c => c.Element("failure") is not null);
        // The task's own result is still read from the column: the run passes, its recap agrees with it.
        Assert.Equal(JobOutcome.Passed, report.Outcome);
        Assert.DoesNotContain(report.Warnings, w => w.Text.Contains("zuul-test/playbooks/testjob.yaml", StringComparison.Ordinal));
    }
}
