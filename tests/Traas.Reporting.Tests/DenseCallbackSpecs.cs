using System.Xml.Linq;
using Traas.Reporting.Model;
using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>
/// `openstack overcloud deploy` from Wallaby on prints ansible through tripleo-ansible's tripleo_dense
/// stdout callback, with tripleo_profile_tasks' TIMING lines after each result. No real log of that
/// shape is in ../shared yet: every line here is made as the callbacks' `_output` makes it
/// (`' | '.join([timestamp] + fields)`, the id `'{:36}'`, the state `'{:>10}'`), and each says which
/// function prints it. PLAY banners and the PLAY RECAP are the default callback's, which they extend.
/// </summary>
public sealed class DenseCallbackSpecs
{
    private const string Controller = "overcloud-controller-0";
    private const string Compute = "overcloud-novacompute-0";

    /// <summary>`datetime.now().strftime("%Y-%m-%d %H:%M:%S.%f")`.</summary>
    private const string Time = "2021-10-05 12:34:56.123456";

    /// <summary>One line as tripleo_dense's (or tripleo_profile_tasks') `_output` joins it.</summary>
    private static string D(string id, string state, params string[] fields) =>
        string.Join(" | ", [Time, $"{id,-36}", $"{state,10}", .. fields]);

    /// <summary>Ansible's task ids (`get_unique_id`: the node's MAC, then a counter), 36 characters.</summary>
    private static string Task(int n) => $"52540012-3456-7890-abcd-{n:x12}";

    private const string Ping = "{\"changed\": false, \"cmd\": [\"ping\", \"-c\", \"1\", \"10.0.0.1\"], "
        + "\"msg\": \"non-zero return code\", \"rc\": 1, \"stderr\": \"\", \"stderr_lines\": [], "
        + "\"stdout\": \"FAILURE\\n10.0.0.1 is not pingable.\", \"stdout_lines\": [\"FAILURE\", \"10.0.0.1 is not pingable.\"]}";

    /// <summary>A deploy with two hosts: passing, looping, included, retried, failing and ignored tasks.</summary>
    private static string[] Deploy() =>
    [
        // tripleoclient and the job's xtrace around the ansible run.
        "+ openstack overcloud deploy --templates /usr/share/openstack-tripleo-heat-templates --stack overcloud",
        "Deploying templates in the directory /usr/share/openstack-tripleo-heat-templates",
        // default: v2_playbook_on_play_start.
        "PLAY [Overcloud deploy step tasks for 1] ***************************************",
        // tripleo_dense: v2_playbook_on_task_start -> _task_line; v2_runner_on_ok -> _get_item_line;
        // tripleo_profile_tasks: v2_runner_on_ok -> _end_task.
        D(Task(0x10), "TASK", "Gathering Facts"),
        D(Task(0x10), "OK", "Gathering Facts", Controller),
        D(Task(0x10), "TIMING", "Gathering Facts", Controller, "0:00:02.110000", "2.10s"),
        D(Task(0x10), "OK", "Gathering Facts", Compute),
        D(Task(0x10), "TIMING", "Gathering Facts", Compute, "0:00:02.310000", "2.30s"),
        // tripleo_dense: v2_runner_item_on_ok -> _get_item_line(item=True).
        D(Task(0x11), "TASK", "Write the service configs"),
        D(Task(0x11), "CHANGED", "Write the service configs", Controller, "item=nova"),
        D(Task(0x11), "TIMING", "tripleo_config : Write the service configs", Controller, "0:00:03.000000", "0.50s"),
        D(Task(0x11), "CHANGED", "Write the service configs", Controller, "item=neutron"),
        D(Task(0x11), "TIMING", "tripleo_config : Write the service configs", Controller, "0:00:03.400000", "0.90s"),
        D(Task(0x11), "OK", "Write the service configs", Compute, "item=nova"),
        D(Task(0x11), "TIMING", "tripleo_config : Write the service configs", Compute, "0:00:03.500000", "1.00s"),
        // The default callback's own warning, between the dense lines.
        "[WARNING]: Consider using 'become', 'become_method', and 'become_user' rather than running sudo",
        // tripleo_dense: _handle_warnings (a result's warnings: no task, a blank id).
        D("", "WARNING", "Module did not set no_log for password"),
        // tripleo_dense: an include prints no result (v2_runner_on_ok returns on a TaskInclude), then
        // v2_playbook_on_include, one line per host under an id of its own (uuid4).
        D(Task(0x12), "TASK", "include_tasks"),
        D(Task(0x12), "TIMING", "include_tasks", Controller, "0:00:03.600000", "0.01s"),
        D(Task(0x12), "TIMING", "include_tasks", Compute, "0:00:03.610000", "0.01s"),
        D("f0625013-6bf0-467e-bdcc-d4d83c6f3d4e", "INCLUDED", "/home/stack/overcloud-deploy/deploy_steps_1.yaml", Controller),
        D("f0625013-6bf0-467e-bdcc-d4d83c6f3d4e", "INCLUDED", "/home/stack/overcloud-deploy/deploy_steps_1.yaml", Compute),
        // tripleo_dense: v2_runner_retry (RETRY; WAITING for async_status); v2_runner_on_skipped.
        D(Task(0x13), "TASK", "Wait for puppet host configuration to finish"),
        D(Task(0x13), "WAITING", "Wait for puppet host configuration to finish", Controller, "1199 retries left"),
        D(Task(0x13), "SKIPPED", "Wait for puppet host configuration to finish", Compute),
        D(Task(0x13), "TIMING", "Wait for puppet host configuration to finish", Compute, "0:00:04.000000", "0.20s"),
        D(Task(0x13), "CHANGED", "Wait for puppet host configuration to finish", Controller),
        D(Task(0x13), "TIMING", "Wait for puppet host configuration to finish", Controller, "0:00:16.000000", "12.30s"),
        // tripleo_dense: default's _handle_exception prints its notice first; v2_runner_on_failed -> FATAL.
        D(Task(0x14), "TASK", "Check the default gateway"),
        D(Task(0x14), "OK", "Check the default gateway", Controller),
        D(Task(0x14), "TIMING", "Check the default gateway", Controller, "0:00:16.500000", "0.40s"),
        D(Task(0x14), "FATAL", "Check the default gateway", Compute, "error=" + Ping),
        D(Task(0x14), "TIMING", "Check the default gateway", Compute, "0:00:16.600000", "0.50s"),
        // tripleo_dense: v2_runner_on_failed(ignore_errors=True) -> IGNORED.
        D(Task(0x15), "TASK", "Clean up the old containers"),
        D(Task(0x15), "IGNORED", "Clean up the old containers", Controller,
            """error={"changed": false, "msg": "No such container: nova_api_db_sync"}"""),
        D(Task(0x15), "TIMING", "Clean up the old containers", Controller, "0:00:17.000000", "0.30s"),
        // tripleo_dense: v2_playbook_on_handler_task_start -> _task_line(HANDLER).
        D(Task(0x20), "HANDLER", "Restart the nova containers"),
        D(Task(0x20), "CHANGED", "Restart the nova containers", Controller),
        D(Task(0x20), "TIMING", "Restart the nova containers", Controller, "0:00:19.000000", "1.90s"),
        // default: v2_playbook_on_stats, as tripleo_dense leaves it (hostcolor '%-26s', colorize '%s=%-4s').
        "NO MORE HOSTS LEFT *************************************************************",
        "",
        "PLAY RECAP *********************************************************************",
        "overcloud-controller-0     : ok=7    changed=3    unreachable=0    failed=0    skipped=0    rescued=0    ignored=1   ",
        "overcloud-novacompute-0    : ok=3    changed=0    unreachable=0    failed=1    skipped=1    rescued=0    ignored=0   ",
        "",
        // tripleo_profile_tasks: playbook_on_stats, after the recap (an aggregate callback runs after stdout's).
        Time + " | ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~ Summary Information ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~",
        Time + " |                                 UUID |       Info |       Host |   Task Name |   Run Time",
        string.Join(" | ", Time, Task(0x13), "   SUMMARY", Controller,
            "Wait for puppet host configuration to finish", "12.30s"),
        Time + " | ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~ End Summary Information ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~",
        "Ansible failed, check log at /home/stack/overcloud-deploy/overcloud/config-download/ansible.log.",
    ];

    private static ReportRun Run(IEnumerable<string> lines) => ReportRun.OfText(string.Join('\n', lines) + "\n");

    [Fact]
    public void Tasks_become_testcases_per_host_that_add_up_to_the_recap()
    {
        var report = Run(Deploy()).Report;

        Assert.Empty(report.RecapMismatches);
        Assert.Equal(2, report.RecapRows);
        Assert.Equal(new HostCounts(7, 3, 0, 0, 0, 0, 1), report.HostTotals[Controller]);
        Assert.Equal(new HostCounts(3, 0, 0, 1, 1, 0, 0), report.HostTotals[Compute]);
        Assert.Equal(7, report.TaskCount);
        Assert.Equal(JobOutcome.Failed, report.Outcome);
        // The default callback's [WARNING] and tripleo_dense's WARNING.
        Assert.Equal(2, report.AnsibleWarningCount);
        Assert.DoesNotContain(report.HostTotals.Keys, h => h.StartsWith("52540012", StringComparison.Ordinal));
    }

    [Fact]
    public void A_fatal_carries_its_json_message_and_what_the_command_printed()
    {
        var run = Run(Deploy());

        var failure = Assert.Single(run.Report.Failures);
        Assert.Equal(("Check the default gateway", Compute, "non-zero return code"), (failure.Task, failure.Host, failure.Message));
        Assert.Equal(Array.FindIndex(Deploy(), l => l.Contains("FATAL", StringComparison.Ordinal)) + 1, failure.Line);
        Assert.EndsWith("FAILURE\n10.0.0.1 is not pingable.", failure.Detail, StringComparison.Ordinal);
        var cases = XDocument.Parse(run.JUnit).Descendants("testcase").ToList();
        var ignored = Assert.Single(cases, c => ((string?)c.Attribute("name"))!.Contains("Clean up the old containers", StringComparison.Ordinal));
        Assert.Empty(ignored.Elements("failure"));
        Assert.Contains("No such container: nova_api_db_sync", ignored.Element("system-out")?.Value, StringComparison.Ordinal);
        var skipped = Assert.Single(cases, c => (string?)c.Attribute("name") == $"Wait for puppet host configuration to finish [{Compute}]");
        Assert.NotNull(skipped.Element("skipped"));
    }

    [Fact]
    public void Timing_lines_give_each_task_its_slowest_hosts_time()
    {
        var report = Run(Deploy()).Report;

        var slowest = report.SlowestTasks[0];
        Assert.Equal(("Wait for puppet host configuration to finish", 12.3), (slowest.Task, slowest.Seconds));
        Assert.Equal(2.3, report.SlowestTasks.Single(t => t.Task == "Gathering Facts").Seconds);
        Assert.Equal(19.0, report.ProfileTotalSeconds);
    }

    [Theory]
    // config-download's ansible.log (ansible's log_path), and tripleoclient's own log (python logging).
    [InlineData("2021-10-05 12:34:56,789 p=81223 u=stack n=ansible | ")]
    [InlineData("2021-10-05 12:34:56.789 81223 WARNING tripleoclient.v1.overcloud_deploy.DeployOvercloud [  ] ")]
    public void Behind_another_prefix_the_lines_read_the_same(string prefix)
    {
        var report = Run(Deploy().Select(l => l.Length == 0 ? l : prefix + l)).Report;

        Assert.Empty(report.RecapMismatches);
        Assert.Equal(new HostCounts(3, 0, 0, 1, 1, 0, 0), report.HostTotals[Compute]);
        Assert.Equal("non-zero return code", Assert.Single(report.Failures).Message);
        Assert.Equal(7, report.TaskCount);
        Assert.Equal(19.0, report.ProfileTotalSeconds);
    }

    [Fact]
    public void A_log_cut_inside_a_task_names_the_task_and_the_host_it_waits_for()
    {
        var log = Deploy().TakeWhile(l => !l.Contains(" SKIPPED | ", StringComparison.Ordinal));

        var report = Run(log).Report;

        Assert.Equal(JobOutcome.Unfinished, report.Outcome);
        var running = Assert.IsType<RunningTask>(report.StillRunning);
        Assert.Equal("TASK [Wait for puppet host configuration to finish]", running.Task);
        Assert.Equal([Controller, Compute], running.Waiting);
        Assert.Equal(1, running.Retries);
    }

    [Fact]
    public void Under_the_free_strategy_a_result_is_its_own_tasks_not_the_last_printed()
    {
        string[] log =
        [
            "PLAY [Overcloud common deploy step tasks 1] ************************************",
            // tripleo_free: each host that starts a task prints its TASK line.
            D(Task(0x30), "TASK", "Create /var/lib/container-puppet"),
            D(Task(0x30), "TASK", "Create /var/lib/container-puppet"),
            D(Task(0x30), "CHANGED", "Create /var/lib/container-puppet", Controller),
            D(Task(0x31), "TASK", "Write container-puppet.json"),
            D(Task(0x30), "FATAL", "Create /var/lib/container-puppet", Compute,
                """error={"changed": false, "msg": "There was an issue creating /var/lib/container-puppet"}"""),
            D(Task(0x31), "CHANGED", "Write container-puppet.json", Controller),
            "",
            "PLAY RECAP *********************************************************************",
            "overcloud-controller-0     : ok=2    changed=2    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   ",
            "overcloud-novacompute-0    : ok=0    changed=0    unreachable=0    failed=1    skipped=0    rescued=0    ignored=0   ",
        ];

        var report = Run(log).Report;

        var failure = Assert.Single(report.Failures);
        Assert.Equal(("Create /var/lib/container-puppet", Compute), (failure.Task, failure.Host));
        Assert.Equal("There was an issue creating /var/lib/container-puppet", failure.Message);
        Assert.Empty(report.RecapMismatches);
    }

    [Fact]
    public void An_unreachable_host_and_multi_line_results_are_read_as_their_default_forms_are()
    {
        string[] log =
        [
            "PLAY [Server deployments] ******************************************************",
            D(Task(0x40), "TASK", "Gathering Facts"),
            // tripleo_dense: v2_runner_on_unreachable (no result printed).
            D(Task(0x40), "UNREACHABLE", "Gathering Facts", Compute),
            D(Task(0x40), "OK", "Gathering Facts", Controller),
            D(Task(0x41), "TASK", "Show the deploy's hieradata"),
            // tripleo_dense: v2_runner_on_ok with -vvv (_run_is_verbose): `result=` and an indented dump.
            D(Task(0x41), "OK", "Show the deploy's hieradata", Controller, "result={"),
            "    \"changed\": false,",
            "    \"msg\": \"FATAL: a word in a result, not a result\"",
            "}",
            D(Task(0x41), "TIMING", "Show the deploy's hieradata", Controller, "0:00:01.000000", "0.10s"),
            // tripleo_dense: v2_runner_on_failed with -vvv, its `error=` dump indented over the lines after it.
            D(Task(0x42), "TASK", "Check the hieradata"),
            D(Task(0x42), "FATAL", "Check the hieradata", Controller, "error={"),
            "    \"changed\": false,",
            "    \"msg\": \"hieradata has no key tripleo::profile::base::database::mysql\"",
            "}",
            "",
            "PLAY RECAP *********************************************************************",
            "overcloud-controller-0     : ok=2    changed=0    unreachable=0    failed=1    skipped=0    rescued=0    ignored=0   ",
            "overcloud-novacompute-0    : ok=0    changed=0    unreachable=1    failed=0    skipped=0    rescued=0    ignored=0   ",
        ];

        var report = Run(log).Report;

        Assert.Equal(2, report.Failures.Count);
        var unreachable = report.Failures[0];
        Assert.Equal((ResultStatus.Unreachable, Compute, "Gathering Facts"), (unreachable.Status, unreachable.Host, unreachable.Task));
        var fatal = report.Failures[1];
        Assert.Equal(("Check the hieradata", "hieradata has no key tripleo::profile::base::database::mysql"), (fatal.Task, fatal.Message));
        Assert.Empty(report.RecapMismatches);
        Assert.Equal(JobOutcome.Failed, report.Outcome);
    }

    /// <summary>A looped task whose second item fails, then (when the host goes on) another task.</summary>
    private static string[] LoopWithFailedItem(bool hostGoesOn, string recapCounts) =>
    [
        "PLAY [Overcloud upgrade step 1] ************************************************",
        D(Task(0x50), "TASK", "Stop the legacy services"),
        D(Task(0x50), "CHANGED", "Stop the legacy services", Controller, "item=openstack-nova-api"),
        // tripleo_dense: v2_runner_item_on_failed prints FATAL whether or not ignore_errors holds, and
        // v2_runner_on_failed prints nothing for a loop (_process_items).
        D(Task(0x50), "FATAL", "Stop the legacy services", Controller, "item=openstack-nova-cert",
            "error={\"ansible_loop_var\": \"item\", \"changed\": false, \"item\": \"openstack-nova-cert\", "
                + "\"msg\": \"Could not find the requested service openstack-nova-cert: host\"}"),
        .. hostGoesOn
            ? new[] { D(Task(0x51), "TASK", "Remove the legacy packages"),
                D(Task(0x51), "CHANGED", "Remove the legacy packages", Controller) }
            : [],
        "",
        "PLAY RECAP *********************************************************************",
        $"overcloud-controller-0     : {recapCounts}   ",
    ];

    [Theory]
    [InlineData(true, "ok=2    changed=2    unreachable=0    failed=0    skipped=0    rescued=0    ignored=1")]
    [InlineData(false, "ok=1    changed=1    unreachable=0    failed=0    skipped=0    rescued=0    ignored=1")]
    public void A_loop_item_printed_fatal_is_ignored_when_the_recap_counts_it_ignored(bool hostGoesOn, string recap)
    {
        var run = Run(LoopWithFailedItem(hostGoesOn, recap));

        Assert.Empty(run.Report.Failures);
        Assert.Empty(run.Report.RecapMismatches);
        Assert.Equal(JobOutcome.Passed, run.Report.Outcome);
        var loop = XDocument.Parse(run.JUnit).Descendants("testcase")
            .Single(c => (string?)c.Attribute("name") == $"Stop the legacy services [{Controller}]");
        Assert.Empty(loop.Elements("failure"));
        Assert.Contains("Could not find the requested service", loop.Element("system-out")?.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void A_loop_item_printed_fatal_stays_a_failure_when_the_recap_counts_it_failed()
    {
        var report = Run(LoopWithFailedItem(false,
            "ok=0    changed=0    unreachable=0    failed=1    skipped=0    rescued=0    ignored=0")).Report;

        var failure = Assert.Single(report.Failures);
        Assert.Equal("Could not find the requested service openstack-nova-cert: host", failure.Message);
        Assert.Empty(report.RecapMismatches);
        Assert.Equal(JobOutcome.Failed, report.Outcome);
    }

    [Fact]
    public void A_task_name_longer_than_any_banner_begins_no_task()
    {
        var name = new string('x', 100_000);
        string[] log =
        [
            "PLAY [p] ***********************************************************************",
            D(Task(0x60), "TASK", "Gathering Facts"),
            D(Task(0x60), "OK", "Gathering Facts", Controller),
            D(Task(0x61), "TASK", name),
            D(Task(0x61), "OK", name, Controller),
        ];

        var run = Run(log);

        Assert.Equal(1, run.Report.TaskCount);
        Assert.DoesNotContain(name, run.JUnit, StringComparison.Ordinal);
    }
}
