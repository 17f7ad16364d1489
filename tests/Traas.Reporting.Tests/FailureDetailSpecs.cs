using System.Text.Json;
using System.Xml.Linq;
using Traas.Reporting.Model;
using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>
/// A failure whose message says little ("non-zero return code", "MODULE FAILURE") shows what the command
/// printed, chosen as a developer would: ssh's notices and xtrace set aside, the lines that look like an
/// error before the others, the last lines when nothing looks like one.
/// </summary>
public sealed class FailureDetailSpecs
{
    private static string Failed(string stderr, string stdout) =>
        "PLAY [p] ***\nTASK [Deploy the overcloud] ***\nfatal: [undercloud]: FAILED! => "
        + JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["changed"] = true,
            ["cmd"] = "/home/zuul/overcloud-deploy.sh",
            ["msg"] = "non-zero return code",
            ["rc"] = 1,
            ["stderr"] = stderr,
            ["stdout"] = stdout,
        }) + "\n";

    private static (FailedTask Task, string JUnitText) FailureOf(string log)
    {
        var run = ReportRun.OfText(log);
        var failure = XDocument.Parse(run.JUnit).Descendants("failure").First(f => (string?)f.Attribute("type") == "failed");
        return (Assert.Single(run.Report.Failures), failure.Value);
    }

    [Fact]
    public void A_stderr_of_ssh_notices_gives_way_to_the_stdout_that_says_why()
    {
        var run = ReportRun.OfFile(Path.Combine(RepoPaths.RealLogs, "tripleo-osp16-overcloud-deploy-ansible-failed.log"));

        var failure = Assert.Single(run.Report.Failures);
        Assert.Equal("non-zero return code", failure.Message);
        Assert.EndsWith("FAILURE\n10.0.0.1 is not pingable.", failure.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Shared connection", failure.Detail, StringComparison.Ordinal);
        Assert.Contains("   FAILURE\n   10.0.0.1 is not pingable.\n", run.Summary, StringComparison.Ordinal);
        var text = XDocument.Parse(run.JUnit).Descendants("failure").First().Value;
        Assert.StartsWith("line 805 of the log (console.html#L805)\nPing to 10.0.0.1 failed.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_run_with_set_x_shows_its_stdout_not_its_xtrace()
    {
        var log = Failed(
            "+ source /home/zuul/stackrc\n++ export OS_CLOUD=undercloud\n+(./overcloud-deploy.sh:12): main(): openstack overcloud deploy"
                + " --templates\n+ status_code=1\n+ exit 1",
            "Waiting for messages on queue 'tripleo' with no timeout.\n2021-03-01 10:40:00Z [overcloud.AllNodesDeploySteps]: "
                + "CREATE_FAILED  Error: resources[0]: Deployment to server failed: deploy_status_code : Deployment exited with "
                + "non-zero status code: 6\n Stack overcloud CREATE_FAILED \nHeat Stack create failed.");

        var (task, junit) = FailureOf(log);

        Assert.Contains("Deployment exited with non-zero status code: 6", task.Detail, StringComparison.Ordinal);
        Assert.EndsWith("Heat Stack create failed.", task.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("+ ", task.Detail, StringComparison.Ordinal);
        Assert.Contains("\nWaiting for messages", junit, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_line_before_the_last_lines_is_shown_with_the_lines_around_it()
    {
        var progress = string.Join('\n', Enumerable.Range(1, 40).Select(i => $"Cleaning up container {i}"));
        var log = Failed("", "Pulling images\nStarting the deployment\nERROR: Heat Stack create failed.\n" + progress);

        var (task, _) = FailureOf(log);

        var lines = task.Detail!.Split('\n');
        Assert.Equal(10, lines.Length);
        Assert.Equal(["Pulling images", "Starting the deployment", "ERROR: Heat Stack create failed.", "Cleaning up container 1"],
            lines[..4]);
    }

    [Fact]
    public void A_traceback_is_shown_down_to_its_exception_however_much_follows_it()
    {
        var stderr = "Traceback (most recent call last):\n  File \"/usr/bin/openstack\", line 10, in <module>\n"
            + "    sys.exit(main())\nkeystoneauth1.exceptions.http.Unauthorized: The request you have made requires authentication.\n"
            + string.Join('\n', Enumerable.Range(1, 30).Select(i => $"retrying {i}"));

        var (task, _) = FailureOf(Failed(stderr, "some output"));

        Assert.Contains("keystoneauth1.exceptions.http.Unauthorized: The request", task.Detail, StringComparison.Ordinal);
        Assert.StartsWith("Traceback (most recent call last):", task.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stderr_that_says_anything_is_shown_beside_the_stdout_error_lines()
    {
        var (task, _) = FailureOf(Failed("mount.nfs: access denied by server while mounting 10.30.2.244:/mnt/glance",
            "TASK [Mount NFS on host] ***\nfatal: [localhost]: FAILED! => {\"msg\": \"mount failed\"}"));

        Assert.Equal("TASK [Mount NFS on host] ***\nfatal: [localhost]: FAILED! => {\"msg\": \"mount failed\"}\n"
            + "mount.nfs: access denied by server while mounting 10.30.2.244:/mnt/glance", task.Detail);
    }

    [Fact]
    public void Output_of_noise_alone_is_still_shown_rather_than_nothing()
    {
        var (task, _) = FailureOf(Failed("Shared connection to 172.168.1.7 closed.\r\n", ""));

        Assert.Equal("Shared connection to 172.168.1.7 closed.", task.Detail);
    }

    [Fact]
    public void The_debug_callbacks_blocks_are_chosen_from_as_a_json_result_is()
    {
        var log = string.Join('\n',
            "PLAY [p] ***",
            "TASK [Run the validation] ***",
            "fatal: [controller-0]: FAILED! => {",
            "    \"changed\": true,",
            "    \"rc\": 1",
            "}",
            "",
            "STDOUT:",
            "",
            "Trying to ping default gateway 10.0.0.1...",
            "FAILURE",
            "10.0.0.1 is not pingable.",
            "",
            "",
            "STDERR:",
            "",
            "Warning: Permanently added '172.168.1.7' (ECDSA) to the list of known hosts.",
            "Shared connection to 172.168.1.7 closed.",
            "",
            "",
            "MSG:",
            "",
            "non-zero return code",
            "");

        var (task, _) = FailureOf(log);

        Assert.Equal("non-zero return code", task.Message);
        Assert.Equal("Trying to ping default gateway 10.0.0.1...\nFAILURE\n10.0.0.1 is not pingable.", task.Detail);
    }

    [Fact]
    public void Ansible_1_stdout_after_a_stderr_of_noise_is_the_detail()
    {
        var log = "PLAY [p] ***\nTASK: [ping the gateway] ***\nfailed: [h] => {\"changed\": true, \"rc\": 1}\n"
            + "stderr: Shared connection to 10.0.0.5 closed.\nstdout: 10.0.0.1 is not pingable.\n";

        var (task, _) = FailureOf(log);

        Assert.Equal("10.0.0.1 is not pingable.", task.Detail);
    }
}
