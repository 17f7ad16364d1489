using System.Xml.Linq;
using Traas.Reporting.Model;
using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>
/// A failed test read from the log carries its traceback and its reason, the traceback's exception line,
/// wherever the runner prints them. The shapes are subunit-trace's (stestr and os-testr subunit_trace.py:
/// the FAILED line names the test without its `[id-...]` tags, `print_attachments` writes `Captured NAME:`,
/// a `~` underline and the text indented four spaces, `print_fails` the tagged id underlined with `-`), as
/// rally's Tempest guide and OpenStack projects' READMEs show them, and unittest's.
/// </summary>
public sealed class TestTracebackSpecs
{
    private const string Ssh = "tempest.scenario.test_network_basic_ops.TestNetworkBasicOps.test_network_basic_ops";
    private const string SshTags = "[compute,id-f323b3ba-82f8-4db7-8ea6-6a895869ec49,network,smoke]";
    private const string Ports = "setUpClass (tempest.api.network.test_ports.PortsTestJSON)";

    private static string[] Traceback(string frame, params string[] exception) =>
    [
        "    Traceback (most recent call last):",
        $"      File \"/usr/lib/python3.9/site-packages/tempest/{frame}.py\", line 400, in {frame}",
        "        self.check_public_network_connectivity(should_connect=True)",
        .. exception.Select(l => "    " + l),
    ];

    private static string[] Attachment(string name, params string[] lines) =>
        ["", $"Captured {name}:", new string('~', name.Length + 10), .. lines];

    private static string[] Totals(int ran, int passed, int failed) =>
    [
        "", "======", "Totals", "======", $"Ran: {ran} tests in 200.0000 sec.", $" - Passed: {passed}", " - Skipped: 0",
        " - Expected Fail: 0", " - Unexpected Success: 0", $" - Failed: {failed}", "Sum of execute time for each test: 1.0 sec.",
    ];

    private static XElement Case(ReportRun run, string name) =>
        XDocument.Parse(run.JUnit).Descendants("testcase").Single(c => ((string?)c.Attribute("name"))!.StartsWith(name, StringComparison.Ordinal));

    private static ReportRun Run(params IEnumerable<string>[] parts) => ReportRun.OfText(string.Join('\n', parts.SelectMany(p => p)) + "\n");

    [Fact]
    public void A_traceback_printed_after_the_failed_line_explains_the_test_and_its_logging_does_not()
    {
        var run = Run(
            [$"{{1}} {Ssh} [120.000000s] ... FAILED"],
            Attachment("traceback", Traceback("test_network_basic_ops",
                "tempest.lib.exceptions.SSHTimeout: Connection to the 172.24.5.9 via SSH timed out.", "User: cirros")),
            ["    ", ""],
            Attachment("pythonlogging", "    2024-01-01 10:00:00,000 1 INFO [tempest.lib.common.rest_client] Request: GET /servers"),
            ["", "{0} tempest.api.compute.servers.test_create_server.ServersTestJSON.test_list_servers [1.2s] ... ok"],
            Totals(2, 1, 1));

        var failure = Case(run, "test_network_basic_ops").Element("failure")!;
        Assert.Equal("tempest.lib.exceptions.SSHTimeout: Connection to the 172.24.5.9 via SSH timed out.", (string)failure.Attribute("message")!);
        Assert.Contains("\nTraceback (most recent call last):\n  File \"/usr/lib/python3.9/", failure.Value, StringComparison.Ordinal);
        Assert.EndsWith("timed out.\nUser: cirros", failure.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("rest_client", failure.Value, StringComparison.Ordinal);
        Assert.Contains($"`{Ssh}` ([line 1](console.html#L1)): tempest.lib.exceptions.SSHTimeout: Connection", run.Summary, StringComparison.Ordinal);
        Assert.Equal((2, 1), (run.Report.TempestTestCount, run.Report.TempestFailedCount));
        Assert.Equal(2, run.Report.TempestTotals!.Ran);
    }

    [Fact]
    public void The_failures_printed_after_all_the_tests_are_matched_to_their_tests_tags_or_not()
    {
        var run = Run(
            [$"{{1}} {Ports} ... FAILED", $"{{1}} {Ssh} [120.000000s] ... FAILED", "{0} tempest.api.a.A.test_ok [1.0s] ... ok"],
            ["", "==============================", "Failed 2 tests - output below:", "==============================", ""],
            [Ports, new string('-', Ports.Length)],
            Attachment("traceback", "    Traceback (most recent call last):", "      File \"tempest/test.py\", line 188, in setUpClass",
                "        six.reraise(etype, value, trace)", "    tempest.lib.exceptions.ServerFault: Got server fault",
                "    Details: Request Failed: internal server error while processing your request."),
            ["", "", Ssh + SshTags, new string('-', (Ssh + SshTags).Length)],
            Attachment("traceback", Traceback("test_network_basic_ops", "KeyError: 'ip'")),
            ["    ", "    During handling of the above exception, another exception occurred:", "    "],
            Traceback("test_network_basic_ops", "tempest.lib.exceptions.SSHTimeout: Connection to the 172.24.5.9 via SSH timed out."),
            ["", ""],
            Totals(3, 1, 2),
            ["Playbook run of tempest.yml failed"]);

        Assert.Equal("tempest.lib.exceptions.ServerFault: Got server fault",
            (string)Case(run, "setUpClass").Element("failure")!.Attribute("message")!);
        var ssh = Case(run, "test_network_basic_ops").Element("failure")!;
        Assert.Equal("tempest.lib.exceptions.SSHTimeout: Connection to the 172.24.5.9 via SSH timed out.", (string)ssh.Attribute("message")!);
        Assert.Contains("KeyError: 'ip'\n\nDuring handling", ssh.Value, StringComparison.Ordinal);
        Assert.Equal(3, run.Report.TempestTestCount);
        Assert.Equal(["ServerFault", "SSHTimeout"], run.Report.TempestFailures.Select(t => t.Reason!.Split(':')[0].Split('.')[^1]));
        Assert.Equal(3, run.Report.TempestTotals!.Ran);
        Assert.Equal((JobOutcome.Failed, OutcomeSource.TripleoMarker), (run.Report.Outcome, run.Report.OutcomeSource));
    }

    [Fact]
    public void A_passing_tests_captured_output_explains_nothing_and_a_failure_without_attachments_stays_failed()
    {
        var run = Run(
            ["{0} tempest.api.a.A.test_ok [1.0s] ... ok"],
            Attachment("stdout", "    Traceback (most recent call last):", "    ValueError: printed by the test"),
            ["{0} tempest.api.a.A.test_bad [1.0s] ... FAILED", "{0} tempest.api.a.A.test_after [1.0s] ... ok"]);

        Assert.Null(Case(run, "test_ok").Element("failure"));
        Assert.Equal("FAILED", (string)Case(run, "test_bad").Element("failure")!.Attribute("message")!);
        Assert.Equal(3, run.Report.TempestTestCount);
        Assert.Equal(1, run.Report.TempestFailedCount);
    }

    [Fact]
    public void A_failure_with_only_other_attachments_keeps_them_all()
    {
        var run = Run(
            ["{0} tempest.api.a.A.test_bad [1.0s] ... FAILED"],
            Attachment("stderr", "    boom on stderr"),
            Attachment("reason", "    the reason"),
            ["{0} tempest.api.a.A.test_after [1.0s] ... ok"]);

        var failure = Case(run, "test_bad").Element("failure")!;
        Assert.EndsWith("failed\nstderr:\nboom on stderr\n\nreason:\nthe reason", failure.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void A_unittest_failure_gets_the_traceback_of_its_later_FAIL_block_in_junit_too()
    {
        var run = Run(
            ["test_config (nodepool.tests.test_commands.TestNodepoolCMD) ... FAIL", "test_other (nodepool.tests.test_commands.TestNodepoolCMD) ... ok"],
            ["", "======================================================================", "FAIL: test_config (nodepool.tests.test_commands.TestNodepoolCMD)",
                "----------------------------------------------------------------------", "Traceback (most recent call last):",
                "  File \"nodepool/tests/test_commands.py\", line 40, in test_config", "    self.assertEqual(0, rc)",
                "AssertionError: 0 != 1", "", "----------------------------------------------------------------------", "Ran 2 tests in 1.000s", "",
                "FAILED (failures=1)"]);

        var failure = Case(run, "test_config").Element("failure")!;
        Assert.Equal("AssertionError: 0 != 1", (string)failure.Attribute("message")!);
        Assert.Contains("self.assertEqual(0, rc)", failure.Value, StringComparison.Ordinal);
        Assert.Equal((2, 1), (run.Report.TempestTestCount, run.Report.TempestFailedCount));
    }

    [Fact]
    public void An_endless_attachment_is_kept_to_the_bound_of_a_result()
    {
        var run = Run(
            ["{0} tempest.api.a.A.test_bad [1.0s] ... FAILED"],
            Attachment("traceback", ["    Traceback (most recent call last):", .. Enumerable.Range(0, 200_000).Select(i => $"      File \"f{i}.py\", line 1, in g"), "    RuntimeError: deep"]));

        var test = Assert.Single(run.Report.TempestFailures);
        Assert.InRange(test.Detail!.Length, 1, ReportLimits.ResultBodyChars + 200);
        Assert.Equal("RuntimeError: deep", test.Reason);
    }
}
