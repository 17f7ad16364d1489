using System.Text;
using Traas.Reporting.Input;
using Traas.Reporting.Model;
using Traas.Reporting.Parsing;
using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>What the parser recognises, one behaviour at a time.</summary>
public sealed class ParserSpecs
{
    [Theory]
    [InlineData("+ export FOO=bar", 1, null, null, null, "export FOO=bar")]
    [InlineData("+++ echo hi", 3, null, null, null, "echo hi")]
    [InlineData("+(./toci_gate_test.sh:44): main(): NODECOUNT=2", 1, "./toci_gate_test.sh", 44, "main", "NODECOUNT=2")]
    [InlineData("++(./scripts/common_functions.sh:8): echo 2", 2, "./scripts/common_functions.sh", 8, null, "echo 2")]
    public void I_get_xtrace_commands_with_their_depth(string line, int depth, string? file, int? sourceLine, string? function, string command) =>
        Assert.Equal(new XtraceCommand(depth, file, sourceLine, function, command), XtraceCommand.TryParse(line));

    [Theory]
    [InlineData("+not xtrace")]
    [InlineData("plain")]
    [InlineData("+")]
    public void Lines_that_only_start_with_a_plus_are_not_xtrace(string line) => Assert.Null(XtraceCommand.TryParse(line));

    [Fact]
    public void A_multi_line_quoted_assignment_hides_banners_inside_it()
    {
        var report = ReportRun.OfText("+ VARS='a\nPLAY [not a play] ***\nTASK [not a task] ***\nb'\nPLAY [real] ***\n\nTASK [t] ***\nok: [h]\n").Report;

        Assert.Equal(["real"], report.Plays.Select(p => p.Name));
        Assert.Equal(1, report.TaskCount);
    }

    [Fact]
    public void An_escaped_quote_does_not_open_a_quoted_value()
    {
        var report = ReportRun.OfText("+ echo 'it'\\''s fine'\nPLAY [real] ***\n\nTASK [t] ***\nok: [h]\n").Report;

        Assert.Equal(["real"], report.Plays.Select(p => p.Name));
    }

    [Theory]
    [InlineData("2026-11-20 10:00:03.100001 | PLAY [p] ***", "PLAY [p] ***")]
    [InlineData("2026-11-20 10:00:03 | PLAY [p] ***", "PLAY [p] ***")]
    [InlineData("2019-01-01 12:00:00.123456 | primary | TASK [t] ***", "TASK [t] ***")]
    [InlineData("2019-01-01 12:00:00.123456 | ok: [h] | x", "ok: [h] | x")]
    [InlineData("\u001b[0;32mok: [h]\u001b[0m", "ok: [h]")]
    [InlineData("no prefix | here", "no prefix | here")]
    public void Timestamp_prefixes_and_ansi_colours_are_taken_off_what_a_line_says(string raw, string content) =>
        Assert.Equal(content, LineCleaner.Clean(1, raw, false).Content);

    [Fact]
    public void Results_are_read_through_prefixes_colours_and_crlf()
    {
        var log = "2026-11-20 10:00:03 | PLAY [p] ***\r\n2026-11-20 10:00:03 | TASK [t] ***\r\n2026-11-20 10:00:04 | \u001b[0;33mchanged: [h]\u001b[0m\r\n";

        var report = ReportRun.OfText(log).Report;

        Assert.Equal(new HostCounts(1, 1, 0, 0, 0, 0, 0), report.HostTotals["h"]);
    }

    [Fact]
    public void Results_carry_items_delegation_and_multi_line_json()
    {
        var log = """
            PLAY [p] ***
            TASK [loop] ***
            ok: [h1 -> localhost] => (item=a)
            failed: [h1 -> localhost] (item=b) => {"msg": "item b broke", "failed": true}
            ok: [h2] => (item=a) => {
                "changed": false,
                "item": "a"
            }
            TASK [multi] ***
            fatal: [h2]: FAILED! => {
                "changed": false,
                "msg": "multi-line\nmessage"
            }
            """;

        var report = ReportRun.OfText(log).Report;

        Assert.Equal(["h1", "h2"], report.HostTotals.Keys.Order());
        Assert.Equal(1, report.HostTotals["h1"].Failed);
        Assert.Equal(["item b broke", "multi-line\nmessage"], report.Failures.Select(f => f.Message));
    }

    [Fact]
    public void Included_files_count_for_every_host_they_name()
    {
        var report = ReportRun.OfText("PLAY [p] ***\nTASK [include_tasks] ***\nincluded: /x/y.yml for h1, h2, h3\n").Report;

        Assert.All(["h1", "h2", "h3"], h => Assert.Equal(1, report.HostTotals[h].Ok));
    }

    [Fact]
    public void Warnings_and_retries_are_recognised()
    {
        var log = "PLAY [p] ***\nTASK [t] ***\n[WARNING]: one\n [WARNING]: two (ansible 2.4)\n[DEPRECATION WARNING]: three\nFAILED - RETRYING: t (3 retries left).\nok: [h]\n";

        var run = ReportRun.OfText(log);

        Assert.Equal(3, run.Report.AnsibleWarningCount);
        Assert.Equal(0, run.Report.FailedTaskCount);
        Assert.Contains("\nwFAILED - RETRYING: t", run.ConsoleText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Playbook run passed successfully", JobOutcome.Passed)]
    [InlineData("Quickstart completed.", JobOutcome.Passed)]
    [InlineData("Run completed", JobOutcome.Passed)]
    [InlineData("exit 0", JobOutcome.Passed)]
    [InlineData("Playbook run failed", JobOutcome.Failed)]
    [InlineData("Playbook run of overcloud-deploy.yml failed", JobOutcome.Failed)]
    [InlineData("exit 1", JobOutcome.Failed)]
    [InlineData("+ exit 3", JobOutcome.Failed)]
    [InlineData("Playbook run of overcloud-deploy.yml passed successfully", JobOutcome.Unfinished)]
    [InlineData("+ echo 'Playbook run passed successfully'", JobOutcome.Unfinished)]
    public void The_job_result_comes_from_tripleo_ci_end_markers(string lastLine, JobOutcome outcome) =>
        Assert.Equal(outcome, ReportRun.OfText($"+ ./toci_gate_test.sh\n{lastLine}\n").Report.Outcome);

    [Fact]
    public void A_helper_scripts_early_exit_is_not_the_end_of_the_job()
    {
        var report = ReportRun.OfText("+ exit 0\n+ ./toci_gate_test.sh\n").Report;

        Assert.Equal(JobOutcome.Unfinished, report.Outcome);
    }

    [Fact]
    public void Profile_tasks_times_go_to_the_task_before_them_and_the_table_is_a_fallback()
    {
        var log = """
            PLAY [p] ***
            TASK [a] ***
            Monday 23 November 2026  08:00:00 +0000 (0:00:00.040)       0:00:00.040 ******
            ok: [h]
            TASK [b] ***
            Monday 23 November 2026  08:01:40 +0000 (0:01:40.000)       0:01:40.040 ******
            ok: [h]
            PLAY RECAP ***
            h : ok=2 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0
            Monday 23 November 2026  09:01:40 +0000 (1:00:00.500)       1:01:40.540 ******
            ===============================================================================
            b ------------------------------------------------------------------- 3600.50s
            a -------------------------------------------------------------------- 100.00s
            """;

        var report = ReportRun.OfText(log).Report;

        Assert.Equal([("b", 3600.5), ("a", 100.0)], report.SlowestTasks.Select(t => (t.Task, t.Seconds)));
    }

    [Fact]
    public void Recap_rows_of_both_forms_are_read()
    {
        var log = "PLAY [p] ***\nTASK [t] ***\nok: [old]\nok: [new]\nPLAY RECAP ***\n"
            + "old                        : ok=1    changed=0    unreachable=0    failed=0   \n"
            + "new                        : ok=1    changed=0    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   \n";

        var report = ReportRun.OfText(log).Report;

        Assert.Equal(2, report.RecapRows);
        Assert.Empty(report.RecapMismatches);
    }

    [Fact]
    public void Tempest_lines_and_totals_are_read()
    {
        var log = "{0} tempest.api.A.test_a[id-1,smoke] [0.5s] ... ok\n{1} tempest.api.B.test_b ... FAILED\n"
            + "{0} setUpClass (tempest.api.C) ... SKIPPED: no cinder\n======\nTotals\n======\nRan: 3 tests in 9.0 sec.\n - Passed: 1\n - Skipped: 1\n - Expected Fail: 0\n - Unexpected Success: 0\n - Failed: 1\nSum of execute time for each test: 0.5 sec.\n";

        var report = ReportRun.OfText(log).Report;

        Assert.Equal(new TempestTotals(3, 1, 1, 1, 0, 0, 9.0), report.TempestTotals);
        Assert.Equal(new TempestTest("tempest.api.B.test_b", TempestStatus.Failed, null, null, 2), Assert.Single(report.TempestFailures));
        Assert.Equal(1, report.TempestSkippedCount);
    }

    [Fact]
    public async Task Lines_longer_than_the_limit_come_in_pieces_under_one_number()
    {
        var text = "short\n" + new string('x', 2500) + "\r\nlast";
        using var reader = new LogLineReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), maxLineBytes: 1000);

        var lines = new List<(long, int, bool)>();
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
            lines.Add((line.Number, line.Text.Length, line.IsContinuation));

        Assert.Equal([(1L, 5, false), (2L, 1000, false), (2L, 1000, true), (2L, 500, true), (3L, 4, false)], lines);
    }

    [Fact]
    public void A_line_of_several_megabytes_is_read_and_written_whole()
    {
        var huge = new string('y', 5 * 1024 * 1024);

        var run = ReportRun.OfText($"PLAY [p] ***\nTASK [t] ***\nok: [h] => {{\"msg\": \"{huge}\"}}\nnext\n");

        Assert.Equal(4, run.Report.LineCount);
        Assert.Contains(huge, run.ConsoleText, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_and_nul_bytes_are_survived()
    {
        byte[] log = [.. "PLAY [p] ***\nTASK [t] ***\n"u8.ToArray(), 0xFF, 0x00, 0xC3, .. "\nok: [h]\n"u8.ToArray()];

        var run = ReportRun.Of(log);

        Assert.Equal(1, run.Report.HostTotals["h"].Ok);
        Assert.Contains("\uFFFD\u2400\uFFFD", run.ConsoleText, StringComparison.Ordinal);
    }
}
