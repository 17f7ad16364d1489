using System.Text;
using System.Xml.Linq;
using Traas.Reporting.Model;
using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>
/// Generated hostile logs: however many hosts a log names and however many playbook runs it ends, what
/// the report keeps per host and per run is bounded (ReportLimits.HostsKept, RunsKept), the rest counted
/// under one name with one warning.
/// </summary>
public sealed class ReportLimitSpecs
{
    private static readonly string Overflow = $"(hosts past the first {ReportLimits.HostsKept})";

    private static string Recap(string host) =>
        $"{host} : ok=3    changed=0    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0";

    [Fact]
    public void An_included_line_of_a_million_hosts_keeps_a_thousand_and_counts_the_rest_as_one()
    {
        // One line within the reader's 8 MiB: 1,000,000 hosts.
        var hosts = Enumerable.Range(0, 1_000_000).Select(i => $"h{i}").ToList();
        var log = new StringBuilder("PLAY [p] ***\nTASK [include_tasks] ***\nincluded: /x/tasks.yml for ")
            .AppendJoin(',', hosts).Append("\nTASK [t] ***\nok: [h1]\nok: [h999999]\n").ToString();
        Assert.InRange(log.Length, 7_000_000, 8_000_000);

        var run = ReportRun.OfText(log);

        var report = run.Report;
        Assert.Equal(ReportLimits.HostsKept + 1, report.HostTotals.Count);
        Assert.Equal(new HostCounts(2, 0, 0, 0, 0, 0, 0), report.HostTotals["h1"]);
        Assert.Equal(1_000_000 - ReportLimits.HostsKept + 1, report.HostTotals[Overflow].Ok);
        var warning = Assert.Single(report.Warnings);
        Assert.StartsWith("the log names more than 1000 hosts: h1000 (line 3) and every host after it", warning.Text, StringComparison.Ordinal);
        var cases = XDocument.Parse(run.JUnit).Descendants("testcase").Count();
        Assert.Equal(ReportLimits.HostsKept + 1 + 2 + 1, cases);
    }

    [Fact]
    public void Results_and_recap_rows_of_thousands_of_hosts_are_counted_and_their_rows_summed_without_a_warning_each()
    {
        const int count = 5000;
        var log = new StringBuilder("PLAY [p] ***\n");
        foreach (var task in (string[])["a", "b", "c"])
        {
            log.Append("TASK [").Append(task).Append("] ***\n");
            for (var i = 0; i < count; i++)
                log.Append("ok: [node-").Append(i).Append("]\n");
        }
        log.Append("TASK [fail one] ***\nfatal: [node-4999]: FAILED! => {\"msg\": \"boom\"}\nPLAY RECAP ***\n");
        for (var i = 0; i < count; i++)
            log.Append(Recap($"node-{i}")).Append('\n');

        var report = ReportRun.OfText(log.ToString()).Report;

        Assert.Equal(ReportLimits.HostsKept + 1, report.HostTotals.Count);
        Assert.Equal((count - ReportLimits.HostsKept) * 3, report.HostTotals[Overflow].Ok);
        Assert.Equal(1, report.HostTotals[Overflow].Failed);
        Assert.Equal(count, report.RecapRows);
        Assert.Single(report.Warnings);
        Assert.Equal(count - ReportLimits.HostsKept, report.Playbooks[0].Recap![Overflow].Ok / 3);
        Assert.Equal(Overflow, Assert.Single(report.Failures).Host);
    }

    [Fact]
    public void Thousands_of_playbook_runs_keep_two_hundred_the_last_holding_the_rest()
    {
        const int runs = 5000;
        var log = new StringBuilder();
        for (var i = 0; i < runs; i++)
        {
            log.Append("PLAY [p").Append(i).Append("] ***\nTASK [t] ***\nok: [h]\nPLAY RECAP ***\n").Append(Recap("h").Replace("ok=3", "ok=1", StringComparison.Ordinal))
                .Append("\nPlaybook run of p").Append(i).Append(".yml passed successfully\n");
        }

        var run = ReportRun.OfText(log.ToString());

        var report = run.Report;
        Assert.Equal(ReportLimits.RunsKept, report.Playbooks.Count);
        Assert.Equal("p198.yml", report.Playbooks[^2].Name);
        var rest = report.Playbooks[^1];
        Assert.Equal($"(playbook runs past the first {ReportLimits.RunsKept - 1})", rest.Name);
        Assert.Equal(runs - ReportLimits.RunsKept + 1, rest.Hosts["h"].Ok);
        Assert.Equal(rest.Hosts["h"], rest.Recap!["h"]);
        Assert.Equal(runs, report.HostTotals["h"].Ok);
        Assert.Single(report.Warnings);
        Assert.Equal(ReportLimits.RunsKept + 1, XDocument.Parse(run.JUnit).Root!.Elements("testsuite").Count());
        Assert.Equal(JobOutcome.Passed, report.Outcome);
    }
}
