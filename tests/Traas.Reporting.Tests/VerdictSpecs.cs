using System.Text;
using System.Xml.Linq;
using Traas.Reporting.Model;
using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>
/// The verdict's sources one at a time, where a log can mislead them: an `exit N` that is not the
/// job's last word, Zuul v3 phases whose END line says how ansible ended and not whether the
/// playbook passed, and a log that stops inside a task. Real logs of ../shared/reallogs, changed the
/// way such a log would be, where one fits.
/// </summary>
public sealed class VerdictSpecs
{
    private const string FailingRecap = "PLAY RECAP ***\n"
        + "undercloud                 : ok=0    changed=0    unreachable=0    failed=1    skipped=0    rescued=0    ignored=0\n";

    private static string RealLog(string name) =>
        File.ReadAllText(Path.Combine(RepoPaths.RealLogs, name), Encoding.UTF8);

    private static ReportRun Run(string log) => ReportRun.OfText(log);

    public static TheoryData<string, JobOutcome, string> ExitLines => new()
    {
        // A helper's xtrace at depth 1, then the deploy fails.
        { "traas: started 2021-03-01T10:00:00Z\n+(./scripts/common_functions.sh:40): is_featureset(): exit 0\n"
            + "PLAY [Deploy the overcloud] ***\nTASK [overcloud-deploy : Deploy the overcloud] ***\n"
            + "fatal: [undercloud]: FAILED! => {\"changed\": false, \"msg\": \"boom\"}\n" + FailingRecap,
            JobOutcome.Failed, "the last PLAY RECAP has 1 host with failed or unreachable results" },
        // A task's output that says `exit 0`, then the deploy fails.
        { "PLAY [p] ***\nTASK [print script output] ***\nok: [undercloud] => {\n    \"msg\": [\"exit 0\"]\n}\nexit 0\n\n"
            + "TASK [overcloud-deploy : Deploy the overcloud] ***\n"
            + "fatal: [undercloud]: FAILED! => {\"changed\": false, \"msg\": \"boom\"}\n" + FailingRecap,
            JobOutcome.Failed, "the last PLAY RECAP has 1 host with failed or unreachable results" },
        // `+ exit 0`, then a task the log stops in.
        { "+ bash -c 'echo hi; exit 0'\nhi\n+ exit 0\nPLAY [Deploy the overcloud] ***\n\n"
            + "TASK [overcloud-deploy : Deploy the overcloud] ***\n"
            + "Monday 01 March 2021  10:00:00 +0000 (0:00:00.100)       0:00:10.000 ********\n",
            JobOutcome.Unfinished, "the log stops at line 7" },
        // Output after the shell's exit: it was not the job's.
        { "+ ./toci_gate_test.sh\n+ exit 0\nstill going\n", JobOutcome.Unfinished, "the log stops at line 3" },
        // A stray non-zero exit fails nothing the job then finished.
        { "+ ./toci_gate_test.sh\nexit 1\n+(./toci_gate_test.sh:120): main(): echo 'Run completed'\nRun completed\n",
            JobOutcome.Passed, "Run completed" },
        // traas.sh's own end, blank lines after it.
        { "+ ./toci_gate_test.sh\ntraas: the job ended with status 0\ntraas: ended 2021-03-01T11:10:00Z\nexit 0\n\n\n",
            JobOutcome.Passed, "exit 0" },
        { "+ ./toci_gate_test.sh\ntraas: the job ended with status 2\ntraas: ended 2021-03-01T11:10:00Z\nexit 2\n",
            JobOutcome.Failed, "exit 2" },
        // traas.sh appends to traas.log: the last run's status is the job's.
        { "traas: started 2021-03-01T10:00:00Z\ntraas: ended 2021-03-01T10:05:00Z\nexit 1\n"
            + "traas: started 2021-03-02T10:00:00Z\n+ ./toci_gate_test.sh\ntraas: ended 2021-03-02T11:00:00Z\nexit 0\n",
            JobOutcome.Passed, "exit 0" },
    };

    [Theory]
    [MemberData(nameof(ExitLines))]
    public void An_exit_line_is_the_jobs_status_only_when_the_log_says_nothing_after_it(string log, JobOutcome outcome,
        string reason)
    {
        var report = Run(log).Report;

        Assert.Equal(outcome, report.Outcome);
        Assert.StartsWith(reason, report.OutcomeReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_real_log_cut_mid_deploy_after_an_early_exit_0_did_not_finish()
    {
        var unfinished = RealLog("tripleo-osp16-overcloud-deploy-unfinished.log");
        var failed = RealLog("tripleo-osp16-overcloud-deploy-ansible-failed.log");

        Assert.Equal(JobOutcome.Unfinished, Run("+ exit 0\n" + unfinished).Report.Outcome);
        Assert.Equal(JobOutcome.Failed, Run("exit 0\n" + failed).Report.Outcome);
        // The same log with traas.sh's end after it: its exit status decides.
        var ended = Run(unfinished + "\ntraas: ended 2020-04-17T03:00:00Z\nexit 143\n").Report;
        Assert.Equal((JobOutcome.Failed, "exit 143", OutcomeSource.TripleoMarker),
            (ended.Outcome, ended.OutcomeReason, ended.OutcomeSource));
    }

    private const string ZuulRun = "2021-03-01 10:00:01.000000 | RUN START: [untrusted : o/tripleo-ci/run.yaml@master]\n"
        + "2021-03-01 10:00:02.000000 | PLAY [primary]\n"
        + "2021-03-01 10:00:02.000000 | TASK [run-test : Run toci_gate_test.sh]\n"
        + "2021-03-01 10:00:03.000000 | primary | + ./toci_gate_test.sh\n";

    private static string ZuulEnd(string phase, string result, int failed, string playbook = "o/tripleo-ci/run.yaml") =>
        $"2021-03-01 11:00:00.000000 | primary | {(failed > 0 ? "ERROR" : "ok: Runtime: 1:00:00.000")}\n"
        + "2021-03-01 11:00:00.000000 | PLAY RECAP\n"
        + $"2021-03-01 11:00:00.000000 | primary | ok: 1 changed: 0 unreachable: 0 failed: {failed} skipped: 0 rescued: 0 ignored: 0\n"
        + $"2021-03-01 11:00:01.000000 | {phase} END RESULT_{result}: [untrusted : {playbook}@master]\n";

    private static string ZuulPhase(string phase, string result, int failed) =>
        $"2021-03-01 11:00:02.000000 | {phase} START: [trusted : o/base/{phase.ToLowerInvariant()}.yaml@master]\n"
        + "2021-03-01 11:00:02.000000 | PLAY [localhost]\n"
        + "2021-03-01 11:00:02.000000 | TASK [upload-logs-swift : Upload logs to swift]\n"
        + ZuulEnd(phase, result, failed, $"o/base/{phase.ToLowerInvariant()}.yaml").Replace("primary |", "localhost |",
            StringComparison.Ordinal);

    public static TheoryData<string, JobOutcome, string?> ZuulPhases => new()
    {
        { ZuulRun + ZuulEnd("RUN", "NORMAL", 0), JobOutcome.Passed, null },
        // Zuul writes NORMAL for a playbook that failed: ansible ended normally, with rc 2.
        { ZuulRun + ZuulEnd("RUN", "NORMAL", 1), JobOutcome.Failed, null },
        { ZuulRun + ZuulEnd("RUN", "TIMED_OUT", 0), JobOutcome.Unfinished, "timed out" },
        { ZuulRun + ZuulEnd("RUN", "ABORTED", 0), JobOutcome.Unfinished, "aborted" },
        // Zuul runs the build again (RETRY) when the run loses a host or ends in a way it cannot judge,
        // and when a pre-run fails; no post-run changes that.
        { ZuulRun + ZuulEnd("RUN", "UNREACHABLE", 0), JobOutcome.Failed, "retry" },
        { ZuulRun + ZuulEnd("RUN", "DISK_FULL", 0), JobOutcome.Failed, "retry" },
        { ZuulRun + ZuulEnd("RUN", "UNREACHABLE", 0) + ZuulPhase("POST-RUN", "NORMAL", 1), JobOutcome.Failed, "retry" },
        { ZuulPhase("PRE-RUN", "NORMAL", 1), JobOutcome.Failed, "retry" },
        { ZuulPhase("PRE-RUN", "UNREACHABLE", 0) + ZuulPhase("POST-RUN", "NORMAL", 1), JobOutcome.Failed, "retry" },
        // POST_FAILURE: the run passed, the log upload did not.
        { ZuulRun + ZuulEnd("RUN", "NORMAL", 0) + ZuulPhase("POST-RUN", "NORMAL", 1), JobOutcome.Passed, "post failure" },
        { ZuulRun + ZuulEnd("RUN", "NORMAL", 0) + ZuulPhase("POST-RUN", "TIMED_OUT", 0), JobOutcome.Passed, "post failure" },
        // After a failed run too: Zuul's result is POST_FAILURE, the job still failed.
        { ZuulRun + ZuulEnd("RUN", "NORMAL", 1) + ZuulPhase("POST-RUN", "NORMAL", 1), JobOutcome.Failed, "post failure" },
        { ZuulRun + ZuulEnd("RUN", "NORMAL", 1) + ZuulPhase("POST-RUN", "TIMED_OUT", 0), JobOutcome.Failed, "post failure" },
        // A timed-out or aborted run stays so, whatever the post-run did.
        { ZuulRun + ZuulEnd("RUN", "TIMED_OUT", 0) + ZuulPhase("POST-RUN", "NORMAL", 1), JobOutcome.Unfinished, "timed out" },
        { ZuulRun + ZuulEnd("RUN", "ABORTED", 0) + ZuulPhase("POST-RUN", "NORMAL", 1), JobOutcome.Unfinished, "aborted" },
        // A post-run that loses a host: Zuul runs the build again (should_retry), after a passed or a failed
        // run, and a later post-run does not change that; an aborted post-run is an ABORTED build.
        { ZuulRun + ZuulEnd("RUN", "NORMAL", 0) + ZuulPhase("POST-RUN", "UNREACHABLE", 0), JobOutcome.Failed, "retry" },
        { ZuulRun + ZuulEnd("RUN", "NORMAL", 1) + ZuulPhase("POST-RUN", "UNREACHABLE", 0), JobOutcome.Failed, "retry" },
        {
            ZuulRun + ZuulEnd("RUN", "NORMAL", 0) + ZuulPhase("POST-RUN", "UNREACHABLE", 0) + ZuulPhase("POST-RUN", "NORMAL", 1),
            JobOutcome.Failed, "retry"
        },
        { ZuulRun + ZuulEnd("RUN", "NORMAL", 0) + ZuulPhase("POST-RUN", "ABORTED", 0), JobOutcome.Unfinished, "aborted" },
        // Zuul ignores what cleanup playbooks do.
        { ZuulRun + ZuulEnd("RUN", "NORMAL", 0) + ZuulPhase("CLEANUP-RUN", "NORMAL", 1), JobOutcome.Passed, null },
    };

    [Theory]
    [MemberData(nameof(ZuulPhases))]
    public void Zuul_v3_phases_give_the_result_zuuls_executor_gives(string log, JobOutcome outcome, string? headline)
    {
        var run = Run(log);

        Assert.Equal((outcome, headline, OutcomeSource.CiEndLine),
            (run.Report.Outcome, run.Report.RunHeadline, run.Report.OutcomeSource));
        Assert.StartsWith($"## {(outcome == JobOutcome.Failed ? "\u274c" : outcome == JobOutcome.Passed ? "\u2705" : "\u26a0\ufe0f")} "
            + $"traas job: {headline ?? outcome switch { JobOutcome.Passed => "passed", JobOutcome.Failed => "failed", _ => "did not finish" }}\n",
            run.Summary, StringComparison.Ordinal);
        var job = XDocument.Parse(run.JUnit).Descendants("testsuite").Single(s => (string?)s.Attribute("name") == "job")
            .Element("testcase")!;
        Assert.Equal(outcome == JobOutcome.Failed, job.Element("failure") is not null);
        Assert.Equal(outcome == JobOutcome.Unfinished, job.Element("error") is not null);
    }

    [Fact]
    public void A_real_zuul_log_whose_run_recap_has_a_failed_host_failed_though_its_end_line_says_normal()
    {
        var log = RealLog("zuulv3-dmandry-501252-job-output.txt");
        const string row = "python | ok: 1 changed: 0 unreachable: 0 failed: 0";
        Assert.Single(log.Split('\n'), l => l.Contains(row, StringComparison.Ordinal));

        var report = Run(log.Replace(row, "python | ok: 0 changed: 0 unreachable: 0 failed: 1", StringComparison.Ordinal))
            .Report;

        Assert.Equal((JobOutcome.Failed, OutcomeSource.CiEndLine, 35L), (report.Outcome, report.OutcomeSource, report.OutcomeLine));
        Assert.EndsWith(": its PLAY RECAP has 1 host with failed or unreachable results", report.OutcomeReason,
            StringComparison.Ordinal);
        Assert.Equal(JobOutcome.Passed, Run(log).Report.Outcome);
    }

    [Fact]
    public void A_real_zuul_log_whose_post_run_failed_passed_with_a_post_failure()
    {
        // The real log ends inside its post-run's upload task; here the upload fails and the phase ends.
        var log = RealLog("zuulv3-dmandry-501252-job-output.txt").TrimEnd('\n') + "\n"
            + "2020-08-25 22:18:20.000000 | localhost | ERROR\n"
            + "2020-08-25 22:18:20.000000 | localhost | {\n"
            + "2020-08-25 22:18:20.000000 | localhost |   \"msg\": \"Swift upload failed: 503 Service Unavailable\"\n"
            + "2020-08-25 22:18:20.000000 | localhost | }\n"
            + "2020-08-25 22:18:20.100000 | PLAY RECAP\n"
            + "2020-08-25 22:18:20.100000 | localhost | ok: 12 changed: 1 unreachable: 0 failed: 1 skipped: 11 rescued: 0 ignored: 0\n"
            + "2020-08-25 22:18:20.200000 | POST-RUN END RESULT_NORMAL: "
            + "[trusted : review.gerrithub.io/dmandry/zuul-config/playbooks/base/post-logs.yaml@master]\n";

        var run = Run(log);

        Assert.Equal((JobOutcome.Passed, "post failure"), (run.Report.Outcome, run.Report.RunHeadline));
        Assert.StartsWith("POST-RUN END RESULT_NORMAL: ", run.Report.OutcomeReason, StringComparison.Ordinal);
        Assert.Null(run.Report.Classification);
        Assert.StartsWith("## \u2705 traas job: post failure\n", run.Summary, StringComparison.Ordinal);
        Assert.Equal("Swift upload failed: 503 Service Unavailable", Assert.Single(run.Report.Failures).Message);
    }

    [Fact]
    public void A_real_zuul_log_whose_run_timed_out_did_not_finish_an_infrastructure_failure_and_names_the_task()
    {
        var lines = RealLog("zuulv3-dmandry-501252-job-output.txt").Split('\n').ToList();
        // A run Zuul stopped has no PLAY RECAP: lines 32 and 33 are the run phase's.
        Assert.EndsWith("| PLAY RECAP", lines[31], StringComparison.Ordinal);
        Assert.Contains("| python | ok: 1 changed: 0", lines[32], StringComparison.Ordinal);
        lines.RemoveRange(31, 2);
        var log = string.Join('\n', lines).Replace("| RUN END RESULT_NORMAL", "| RUN END RESULT_TIMED_OUT",
            StringComparison.Ordinal);

        var report = Run(log).Report;

        Assert.Equal((JobOutcome.Unfinished, "timed out"), (report.Outcome, report.RunHeadline));
        Assert.True(report.Classification?.IsInfra, report.Classification?.Headline);
        var running = Assert.IsType<RunningTask>(report.StillRunning);
        Assert.Equal(("TASK [debug]", "all", 29L, 0, 0),
            (running.Task, running.Play, running.Line, running.WaitingCount, running.Retries));
        Assert.Empty(running.Waiting);
        Assert.EndsWith("RUN END RESULT_TIMED_OUT: [untrusted : review.gerrithub.io/dmandry/zuul-test/playbooks/testjob.yaml"
            + "@master]; it was in TASK [debug] (line 29) of PLAY [all]", report.OutcomeReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zuul_host_printing_under_a_task_with_no_result_is_one_it_waits_for()
    {
        var report = Run(ZuulRun + "2021-03-01 13:00:00.000000 | RUN END RESULT_TIMED_OUT: [untrusted : o/tripleo-ci/run.yaml@master]\n")
            .Report;

        Assert.Equal(["primary"], report.StillRunning?.Waiting);
        Assert.Contains("; it was in TASK [run-test : Run toci_gate_test.sh] (line 3) of PLAY [primary], with no result yet for primary",
            report.OutcomeReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_real_log_that_stops_mid_task_names_the_task_and_the_host_still_retrying()
    {
        var run = ReportRun.OfFile(Path.Combine(RepoPaths.RealLogs, "tripleo-osp16-overcloud-deploy-unfinished.log"));

        var running = Assert.IsType<RunningTask>(run.Report.StillRunning);
        Assert.Equal(("TASK [Wait for puppet host configuration to finish]", "Overcloud common deploy step tasks 1", 2593L, 1, 449),
            (running.Task, running.Play, running.Line, running.WaitingCount, running.Retries));
        Assert.Equal(["director-controller-0"], running.Waiting);
        Assert.EndsWith("the job did not finish; it was in TASK [Wait for puppet host configuration to finish] (line 2593) "
            + "of PLAY [Overcloud common deploy step tasks 1], with no result yet for director-controller-0 (449 retries)",
            run.Report.OutcomeReason, StringComparison.Ordinal);
        Assert.Contains("with no result yet for director-controller-0 (449 retries)", run.Summary.Split('\n')[2],
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_retry_that_names_its_host_makes_it_one_the_task_waits_for()
    {
        var log = "PLAY [p] ***\nTASK [a] ***\nok: [h1]\nTASK [b] ***\nok: [h1]\n"
            + "FAILED - RETRYING: [h2 -> localhost]: b (3 retries left).\nFAILED - RETRYING: [h2 -> localhost]: b (2 retries left).\n";

        var running = Run(log).Report.StillRunning;

        Assert.Equal(("TASK [b]", 4L, 2), (running?.Task, running?.Line, running?.Retries));
        Assert.Equal(["h2"], running?.Waiting);
    }

    [Theory]
    [InlineData("PLAY [p] ***\nTASK [a] ***\nok: [h1]\n" + "PLAY RECAP ***\nh1 : ok=1 changed=0 unreachable=0 failed=0\n")]
    [InlineData("+ ./toci_gate_test.sh\nsome output\n")]
    public void A_log_that_ends_outside_a_task_names_none(string log) =>
        Assert.Null(Run(log).Report.StillRunning);
}
