using System.Text;
using System.Xml.Linq;
using Traas.Reporting.Model;
using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>
/// Zuul v3's job-output.txt where its executor's result is not the run phase's (zuul/executor/server.py,
/// AnsibleJob.runPlaybooks): a pre-run that fails is run again, a failing post-run makes a failed run
/// POST_FAILURE. The real log of ../shared/reallogs, changed the way such a build's log would be.
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
}
