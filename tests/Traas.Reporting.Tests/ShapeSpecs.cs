using System.Xml.Linq;
using Traas.Reporting.Model;
using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>
/// The line shapes of issue 12, each in a generated log. Most also occur in ../shared/reallogs
/// (RealLogSpecs); these pin the ones it lacks and each behaviour on its own.
/// </summary>
public sealed class ShapeSpecs
{
    private const string Recap7 = "ok={0}    changed={1}    unreachable={2}    failed={3}    skipped={4}    rescued=0    ignored=0";

    private static string Row(string host, int ok, int changed, int unreachable, int failed, int skipped) =>
        $"{host,-26} : {string.Format(System.Globalization.CultureInfo.InvariantCulture, Recap7, ok, changed, unreachable, failed, skipped)}";

    [Fact]
    public void Lines_ending_in_a_literal_backslash_are_read_and_invent_no_host()
    {
        // As output handed back through a workflow engine shows it (hythamsa/Arista Ansible/README.md).
        var log = "PLAY [osds] ****\\\n\nTASK [ceph-osd : prepare ceph osd disk] ****\\\nok: [192.168.24.7]\\\n"
            + "changed: [192.168.24.8] \\\n\nPLAY RECAP ****\\\n" + Row("192.168.24.7", 1, 0, 0, 0, 0) + "\\\n"
            + Row("192.168.24.8", 1, 1, 0, 0, 0) + "   \\\n";

        var report = ReportRun.OfText(log).Report;

        Assert.Equal(["192.168.24.7", "192.168.24.8"], report.HostTotals.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, report.TaskCount);
        Assert.Equal(2, report.RecapRows);
        Assert.Empty(report.Warnings);
    }

    [Theory]
    [InlineData("2020-12-04 19:35:11,247 p=437 u=root n=ansible | ")]
    [InlineData("2025-06-27 10:06:39,685 p=88728 u=someone n=ansible INFO| ")]
    [InlineData("2015-04-21 14:43:11,700 p=30141 u=ksingh |  ")]
    [InlineData("2019-04-08 06:06:49.179 6076 WARNING tripleoclient.v1.tripleo_deploy.Deploy [  ] ")]
    [InlineData("2023-09-16 10:00:00.001 4242 INFO tripleoclient.v1.tripleo_deploy.Deploy [undercloud admin admin] ")]
    [InlineData("2019-04-08 06:44:05 | ")]
    [InlineData("[2019-04-08T06:44:05.123Z] ")]
    [InlineData("2024-01-01T12:00:00.1234567Z ")]
    [InlineData("14:32:01 ")]
    [InlineData("[14:32:01.250] ")]
    public void Every_line_prefix_form_is_read(string prefix)
    {
        var lines = new[]
        {
            "PLAY [p] ***", "TASK [t] ***", "ok: [h1]", "fatal: [h2]: FAILED! => {\"msg\": \"broke\"}", "PLAY RECAP ***",
            Row("h1", 1, 0, 0, 0, 0), Row("h2", 0, 0, 0, 1, 0),
        };

        var report = ReportRun.OfText(string.Concat(lines.Select(l => prefix + l + "\n"))).Report;

        Assert.Equal((1, 1, 2), (report.TaskCount, report.FailedTaskCount, report.RecapRows));
        Assert.Equal("broke", Assert.Single(report.Failures).Message);
        Assert.Empty(report.Warnings);
        Assert.Equal(JobOutcome.Failed, report.Outcome);
    }

    [Fact]
    public void A_recap_row_with_only_some_of_the_later_counters_is_read_and_reconciled()
    {
        // The sandbox's stand-in job writes skipped without rescued and ignored.
        var log = "PLAY [p] ***\nTASK [a] ***\nok: [h]\nTASK [b] ***\nskipping: [h]\nTASK [c] ***\n"
            + "fatal: [h]: FAILED! => {\"msg\": \"x\"}\n...ignoring\nPLAY RECAP ***\n"
            + "h                          : ok=2    changed=0    unreachable=0    failed=0    skipped=1\n";

        var report = ReportRun.OfText(log).Report;

        Assert.Equal((1, 0), (report.RecapRows, report.WarningCount));
    }

    [Fact]
    public void A_log_may_switch_prefix_forms_partway_and_ansi_colours_sit_inside_banners_and_recap_rows()
    {
        var log = "2019-04-08 06:06:49.179 6076 WARNING tripleoclient.v1.tripleo_deploy.Deploy [  ] \u001b[0;32mPLAY [p] ***\u001b[0m\n"
            + "Installing : dnf output without a prefix\n"
            + "2019-04-08 06:06:50 | TASK [\u001b[1mt\u001b[0m] ***\n"
            + "2019-04-08 06:06:51.100 6076 WARNING tripleoclient.v1.tripleo_deploy.Deploy [  ] \u001b[0;33mchanged: [undercloud]\u001b[0m\n"
            + "PLAY RECAP ***\n"
            + "\u001b[0;33mundercloud\u001b[0m                 : \u001b[0;32mok=1   \u001b[0m \u001b[0;33mchanged=1   \u001b[0m unreachable=0    failed=0    skipped=0    rescued=0    ignored=0\n";

        var report = ReportRun.OfText(log).Report;

        Assert.Equal(new HostCounts(1, 1, 0, 0, 0, 0, 0), report.HostTotals["undercloud"]);
        Assert.Equal((1, 0), (report.RecapRows, report.RecapMismatches.Count));
        Assert.Equal((JobOutcome.Passed, OutcomeSource.PlayRecap), (report.Outcome, report.OutcomeSource));
    }

    [Fact]
    public void Profile_tasks_lines_that_end_in_a_blank_give_the_times()
    {
        var log = "PLAY [p] ***\n\nTASK [a] ***\nMonday 08 April 2019  06:44:05 +0000 (0:00:00.106)       0:00:00.107 ********** \nok: [h]\n\n"
            + "TASK [b] ***\nMonday 08 April 2019  06:45:05 +0000 (0:01:00.000)       0:01:00.107 ********** \nok: [h]\n\n"
            + "PLAY RECAP ***\n" + Row("h", 2, 0, 0, 0, 0) + "\n\nMonday 08 April 2019  06:45:35 +0000 (0:00:30.000)       0:01:30.107 ********** \n";

        var run = ReportRun.OfText(log);

        Assert.Equal([("a", 60.0), ("b", 30.0)], run.Report.SlowestTasks.Select(t => (t.Task, t.Seconds)).Order());
        Assert.Equal(90.107, run.Report.ProfileTotalSeconds!.Value, 3);
    }

    [Fact]
    public void Without_profile_tasks_a_task_lasts_from_its_banner_to_the_next_one()
    {
        var log = "2020-08-25 22:17:59.000000 | PLAY [all]\n2020-08-25 22:17:59.500000 | TASK [slow]\n"
            + "2020-08-25 22:18:41.000000 | python | ok\n2020-08-25 22:18:41.500000 | TASK [quick]\n"
            + "2020-08-25 22:18:42.000000 | python | changed\n2020-08-25 22:18:43.000000 | PLAY RECAP\n"
            + "2020-08-25 22:18:43.000001 | python | ok: 2 changed: 1 unreachable: 0 failed: 0 skipped: 0 rescued: 0 ignored: 0\n";

        var run = ReportRun.OfText(log);

        Assert.Equal([("slow", 42.0), ("quick", 1.5)], run.Report.SlowestTasks.Select(t => (t.Task, Math.Round(t.Seconds, 3))));
        Assert.Equal("43.500", (string?)XDocument.Parse(run.JUnit).Root!.Elements("testsuite").First().Attribute("time"));
    }

    [Fact]
    public void Zuul_v3_results_recaps_and_run_phases_are_read_and_a_hosts_streamed_output_is_not()
    {
        var log = string.Join('\n',
            "2020-08-25 22:17:57.981116 | RUN START: [untrusted : review.example.org/org/job/playbooks/run.yaml@master]",
            "2020-08-25 22:17:59.292906 | PLAY [all]",
            "2020-08-25 22:17:59.313261 | TASK [Run the deployment]",
            "2020-08-25 22:18:00.000000 | primary | PLAY [localhost] ***********************************",
            "2020-08-25 22:18:00.100000 | primary | TASK [inner task] **********************************",
            "2020-08-25 22:18:00.200000 | primary | fatal: [localhost]: FAILED! => {\"msg\": \"inner\"}",
            "2020-08-25 22:18:00.300000 | primary | PLAY RECAP *****************************************",
            "2020-08-25 22:18:00.400000 | primary | localhost : ok=1 changed=0 unreachable=0 failed=1",
            "2020-08-25 22:18:01.769722 | primary | ERROR",
            "2020-08-25 22:18:01.769800 | primary | {",
            "2020-08-25 22:18:01.769900 | primary |   \"msg\": \"non-zero return code\",",
            "2020-08-25 22:18:01.770000 | primary |   \"rc\": 2",
            "2020-08-25 22:18:01.770100 | primary | }",
            "2020-08-25 22:18:01.800000 | secondary | ERROR",
            "2020-08-25 22:18:01.800100 | secondary | {",
            "2020-08-25 22:18:01.800200 | secondary |   \"msg\": \"Failed to connect to the host via ssh\",",
            "2020-08-25 22:18:01.800300 | secondary |   \"unreachable\": true",
            "2020-08-25 22:18:01.800400 | secondary | }",
            "2020-08-25 22:18:02.000000 | TASK [Show why]",
            "2020-08-25 22:18:02.100000 | primary | skipping: Conditional result was False",
            "2020-08-25 22:18:03.000000 | PLAY RECAP",
            "2020-08-25 22:18:03.100000 | primary | ok: 0 changed: 0 unreachable: 0 failed: 1 skipped: 1 rescued: 0 ignored: 0",
            "2020-08-25 22:18:03.200000 | secondary | ok: 0 changed: 0 unreachable: 1 failed: 0 skipped: 0 rescued: 0 ignored: 0",
            "2020-08-25 22:18:03.300000 | RUN END RESULT_FAILURE: [untrusted : review.example.org/org/job/playbooks/run.yaml@master]",
            "");

        var report = ReportRun.OfText(log).Report;

        Assert.Equal(["primary", "secondary"], report.HostTotals.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new HostCounts(0, 0, 0, 1, 1, 0, 0), report.HostTotals["primary"]);
        Assert.Equal(new HostCounts(0, 0, 1, 0, 0, 0, 0), report.HostTotals["secondary"]);
        Assert.Equal(["non-zero return code", "Failed to connect to the host via ssh"], report.Failures.Select(f => f.Message));
        Assert.Empty(report.Warnings);
        Assert.Equal("org/job/playbooks/run.yaml@master", Assert.Single(report.Playbooks).Name.Replace("review.example.org/", "", StringComparison.Ordinal));
        Assert.Equal((JobOutcome.Failed, OutcomeSource.CiEndLine), (report.Outcome, report.OutcomeSource));
    }

    [Fact]
    public void A_nested_run_in_a_debug_callback_stdout_block_belongs_to_the_outer_task()
    {
        var log = string.Join('\n',
            "PLAY [Overcloud deploy step tasks for 1] ***",
            "",
            "TASK [Run deployment ControllerDeployment_Step1] ***",
            "fatal: [overcloud-controller-0]: FAILED! => {",
            "    \"changed\": true,",
            "    \"rc\": 2",
            "}",
            "",
            "STDOUT:",
            "",
            "PLAY [localhost] ***",
            "",
            "TASK [Mount NFS on host] ***",
            "failed: [localhost] (item=nfs) => {\"changed\": false, \"msg\": \"mount failed\"}",
            "",
            "PLAY RECAP ***",
            "localhost                  : ok=14   changed=8    unreachable=0    failed=1",
            "",
            "",
            "STDERR:",
            "",
            "mount.nfs: access denied by server while mounting 10.30.2.244:/mnt/glance",
            "",
            "",
            "MSG:",
            "",
            "non-zero return code",
            "",
            "TASK [Output for ControllerDeployment_Step1] ***",
            "ok: [overcloud-controller-0]",
            "",
            "PLAY RECAP ***",
            // ansible does not count a failed result's "changed" in the recap.
            Row("overcloud-controller-0", 1, 0, 0, 1, 0),
            "");

        var report = ReportRun.OfText(log).Report;

        Assert.Equal(["overcloud-controller-0"], report.HostTotals.Keys);
        Assert.Equal(2, report.TaskCount);
        Assert.Equal(["Overcloud deploy step tasks for 1"], report.Plays.Select(p => p.Name));
        Assert.Single(report.Playbooks);
        Assert.Empty(report.Warnings);
        var failure = Assert.Single(report.Failures);
        Assert.Equal("non-zero return code", failure.Message);
        Assert.Contains("access denied by server", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recap_row_that_cannot_be_read_or_reconciled_is_a_warning_naming_its_line()
    {
        var log = "PLAY [p] ***\nTASK [t] ***\nok: [h]\nPLAY RECAP ***\nh : ok=1 changed=0 unreachable=0 failed=zero\n"
            + Row("other", 36, 0, 0, 0, 0) + "\n";

        var report = ReportRun.OfText(log).Report;

        Assert.Equal(2, report.Warnings.Count);
        Assert.StartsWith("PLAY RECAP row at line 5 could not be read", report.Warnings[0].Text, StringComparison.Ordinal);
        Assert.Contains("(line 6) says other had ok=36", report.Warnings[1].Text, StringComparison.Ordinal);
        Assert.Contains("ansible counted results the log does not show", report.Warnings[1].Text, StringComparison.Ordinal);
        Assert.Contains("1 ansible warning".Replace("1", "0", StringComparison.Ordinal), ReportRun.OfText(log).Summary, StringComparison.Ordinal);
        Assert.Contains("2 report warnings", ReportRun.OfText(log).Summary, StringComparison.Ordinal);
    }

    public static TheoryData<string, JobOutcome, OutcomeSource> Verdicts => new()
    {
        { "PLAY RECAP ***\n" + Row("h", 1, 0, 0, 5, 0) + "\n", JobOutcome.Failed, OutcomeSource.PlayRecap },
        { "PLAY RECAP ***\n" + Row("h", 1, 0, 1, 0, 0) + "\nAnsible failed, check log\n", JobOutcome.Failed, OutcomeSource.PlayRecap },
        { "PLAY RECAP ***\n" + Row("h", 1, 0, 0, 0, 0) + "\n\nOvercloud Deployed\n", JobOutcome.Passed, OutcomeSource.PlayRecap },
        { "PLAY RECAP ***\n" + Row("h", 1, 0, 0, 0, 0) + "\nPLAY [again] ***\nTASK [t] ***\nok: [h]\n", JobOutcome.Unfinished, OutcomeSource.None },
        { "PLAY RECAP ***\n" + Row("h", 1, 0, 0, 0, 0) + "\n[Zuul] Job complete, result: FAILURE\n", JobOutcome.Failed, OutcomeSource.CiEndLine },
        { "PLAY RECAP ***\n" + Row("h", 1, 0, 0, 3, 0) + "\n[Zuul] Job complete, result: SUCCESS\n", JobOutcome.Passed, OutcomeSource.CiEndLine },
        { "Finished: SUCCESS\n", JobOutcome.Passed, OutcomeSource.CiEndLine },
        { "Finished: ABORTED\n", JobOutcome.Failed, OutcomeSource.CiEndLine },
        { "POST-RUN END RESULT_NORMAL: [trusted : x/post.yaml@master]\n", JobOutcome.Unfinished, OutcomeSource.None },
        // Zuul's POST_FAILURE: the run passed, so the job did (VerdictSpecs).
        { "RUN END RESULT_NORMAL: [untrusted : x/run.yaml@master]\nPOST-RUN END RESULT_FAILURE: [trusted : x/post.yaml@master]\n",
            JobOutcome.Passed, OutcomeSource.CiEndLine },
        { "Finished: FAILURE\nPlaybook run of x.yml passed successfully\nRun completed\n", JobOutcome.Passed, OutcomeSource.TripleoMarker },
    };

    [Theory]
    [MemberData(nameof(Verdicts))]
    public void The_verdict_comes_from_markers_then_ci_end_lines_then_a_last_play_recap(string end, JobOutcome outcome, OutcomeSource source)
    {
        var run = ReportRun.OfText("PLAY [p] ***\nTASK [t] ***\nok: [h]\n" + end);

        Assert.Equal((outcome, source), (run.Report.Outcome, run.Report.OutcomeSource));
        var job = XDocument.Parse(run.JUnit).Descendants("testcase").Single(c => (string?)c.Attribute("name") == "toci job");
        Assert.Equal(outcome == JobOutcome.Failed, job.Element("failure") is not null);
        Assert.Equal(outcome == JobOutcome.Unfinished, job.Element("error") is not null);
    }

    public static TheoryData<string, string, string?> FailuresWithoutMsg => new()
    {
        { "{\"assertion\": \"result.changed == true\", \"changed\": false, \"evaluated_to\": false, \"failed\": true}",
            "assertion failed: result.changed == true (evaluated to false)", null },
        { "{\"changed\": true, \"cmd\": \"ping -c 1 10.0.0.1\", \"rc\": 1, \"stderr\": \"one\\ntwo\\nconnect: Network is unreachable\", \"stdout\": \"\"}",
            "command exited with rc 1: ping -c 1 10.0.0.1", "connect: Network is unreachable" },
        { "{\"changed\": false, \"cmd\": [\"false\"], \"rc\": 1, \"stderr\": \"\", \"stdout\": \"only stdout says it\"}",
            "command exited with rc 1: [\"false\"]", "only stdout says it" },
        { "{\"changed\": false, \"reason\": \"Conflicting packages\"}", "Conflicting packages", null },
        { "{\"changed\": false, \"exception\": \"Traceback (most recent call last):\\n  File x\\nKeyError: 'host'\"}", "KeyError: 'host'", null },
        { "{\"changed\": false}", "{\"changed\": false}", null },
    };

    [Theory]
    [MemberData(nameof(FailuresWithoutMsg))]
    public void A_failure_without_msg_still_says_what_failed(string result, string message, string? detailEnd)
    {
        var run = ReportRun.OfText($"PLAY [p] ***\nTASK [t] ***\nfatal: [h]: FAILED! => {result}\n");

        var failure = Assert.Single(run.Report.Failures);
        Assert.Equal(message, failure.Message);
        if (detailEnd is not null)
            Assert.EndsWith(detailEnd, failure.Detail, StringComparison.Ordinal);
        Assert.Contains(message.Split('\n')[0].Replace("\"", "&quot;", StringComparison.Ordinal), run.JUnit, StringComparison.Ordinal);
    }

    [Fact]
    public void A_yaml_result_keeps_its_msg_block()
    {
        var log = "PLAY [p] ***\nTASK [ping] ***\nfatal: [master3]: UNREACHABLE! => changed=false \n  msg: |-\n"
            + "    Data could not be sent to remote host \"10.40.151.123\".\n    root@10.40.151.123: Permission denied.\n  unreachable: true\n"
            + "PLAY RECAP ***\n" + Row("master3", 0, 0, 1, 0, 0) + "\n";

        var report = ReportRun.OfText(log).Report;

        Assert.Equal("Data could not be sent to remote host \"10.40.151.123\".\nroot@10.40.151.123: Permission denied.",
            Assert.Single(report.Failures).Message);
        Assert.Equal(ResultStatus.Unreachable, report.Failures[0].Status);
    }

    [Fact]
    public void A_failure_outside_ansible_shows_its_ranked_error_lines_and_the_end_of_the_log()
    {
        var log = string.Join('\n',
            "+ rpmbuild -ba openstack-tripleo-heat-templates.spec",
            "Processing files: openstack-tripleo-heat-templates-14.3.1",
            "error: File not found: /builddir/build/BUILDROOT/usr/share/openstack-tripleo-heat-templates/README",
            "",
            "RPM build errors:",
            "    File not found: /builddir/build/BUILDROOT/usr/share/openstack-tripleo-heat-templates/README",
            "ERROR: Exception(openstack-tripleo-heat-templates.src.rpm) Config(centos) 1 minutes 2 seconds",
            "EXCEPTION: [Error('Command failed: rpmbuild -bb')]",
            "Traceback (most recent call last):",
            "  File \"/usr/lib/python3.6/site-packages/mockbuild/trace_decorator.py\", line 96, in trace",
            "mockbuild.exception.Error: Command failed: rpmbuild -bb",
            "+ exit 1",
            "");

        var run = ReportRun.OfText(log);

        Assert.Equal(JobOutcome.Failed, run.Report.Outcome);
        Assert.True(run.Report.NeedsErrorLines);
        // RPM build errors, the traceback's exception, EXCEPTION, ERROR, error: (best first).
        Assert.Equal([5, 9, 8, 7, 3], run.Report.ErrorLines.Take(5).Select(e => (int)e.Line));
        Assert.Equal("RPM build errors: File not found: /builddir/build/BUILDROOT/usr/share/openstack-tripleo-heat-templates/README",
            run.Report.ErrorLines[0].Text);
        Assert.Equal("mockbuild.exception.Error: Command failed: rpmbuild -bb", run.Report.ErrorLines[1].Text);
        Assert.Equal(12, run.Report.LogTail.Count);
        Assert.Contains("### Error lines\n\n- [line 5](console.html#L5): RPM build errors", run.Summary, StringComparison.Ordinal);
        Assert.Contains("### The last 12 lines of the log", run.Summary, StringComparison.Ordinal);
        Assert.Contains("<h3>Error lines</h3>", run.ConsolePage, StringComparison.Ordinal);
        Assert.Contains("line 5: RPM build errors", run.JUnit, StringComparison.Ordinal);
    }

    [Fact]
    public void Testr_and_nose_tempest_output_becomes_tests_with_totals()
    {
        var log = string.Join('\n',
            "tempest.api.compute.servers.test_servers.ServersTest.test_create[gate,smoke] ... ok",
            "tempest.api.network.test_ports.PortsTest.test_list_ports[gate,smoke] ... FAIL",
            "tempest.api.volume.test_volumes.VolumesTest.test_attach[gate] ... SKIP: no cinder",
            "test_detach (tempest.api.volume.test_volumes.VolumesTest) ... skipped 'cinder is down'",
            "Checking the undercloud ... ok",
            "",
            "======================================================================",
            "FAIL: tempest.api.network.test_ports.PortsTest.test_list_ports[gate,smoke]",
            "----------------------------------------------------------------------",
            "Traceback (most recent call last):",
            "  File \"tempest/api/network/test_ports.py\", line 42, in test_list_ports",
            "AssertionError: 0 != 1",
            "",
            "======================================================================",
            "ERROR: tempest.scenario.test_minimum_basic.TestMinimumBasicScenario.test_minimum_basic_scenario",
            "----------------------------------------------------------------------",
            "Traceback (most recent call last):",
            "TimeoutException: Request timed out",
            "",
            "----------------------------------------------------------------------",
            "Ran 223 tests in 1415.858s",
            "",
            "FAILED (failures=1, errors=1, skipped=10)",
            "");

        var run = ReportRun.OfText(log);

        Assert.Equal(5, run.Report.TempestTestCount);
        Assert.Equal(2, run.Report.TempestFailedCount);
        Assert.Equal(new TempestTotals(223, 211, 10, 2, 0, 0, 1415.858), run.Report.TempestTotals);
        var listed = run.Report.TempestFailures.Single(t => t.Id.Contains("test_list_ports", StringComparison.Ordinal));
        Assert.Equal("AssertionError: 0 != 1", listed.Reason);
        Assert.Contains("TimeoutException: Request timed out", run.JUnit, StringComparison.Ordinal);
        Assert.Contains("<testsuite name=\"tempest\" tests=\"5\" failures=\"2\"", run.JUnit, StringComparison.Ordinal);
    }

    [Fact]
    public void Pytest_results_are_tests_too()
    {
        var run = ReportRun.OfText("build/helper/test_x.py::test_ok PASSED [ 50%]\nbuild/helper/test_x.py::test_bad FAILED\n");

        Assert.Equal((2, 1), (run.Report.TempestTestCount, run.Report.TempestFailedCount));
        Assert.Contains("<testsuite name=\"tests\" tests=\"2\" failures=\"1\"", run.JUnit, StringComparison.Ordinal);
    }
}
