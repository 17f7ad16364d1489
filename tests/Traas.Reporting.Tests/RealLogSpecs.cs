using System.Collections.Concurrent;
using System.Globalization;
using System.Xml.Linq;
using Traas.Reporting.Model;
using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>
/// The real logs of ../shared/reallogs, which nobody here wrote, held to what each says about
/// itself (<see cref="LogOracle"/>): its PLAY RECAPs, the verdict the order gives, its profile_tasks
/// times. Each also has approved artifacts.
/// </summary>
public sealed class RealLogSpecs
{
    private static readonly ConcurrentDictionary<string, Lazy<ReportRun>> Runs = new(StringComparer.Ordinal);

    public static TheoryData<string> Logs => TestLogs.Shared();

    private static ReportRun Run(string log) =>
        Runs.GetOrAdd(log, name => new Lazy<ReportRun>(() => ReportRun.OfFile(Path.Combine(RepoPaths.RealLogs, name)))).Value;

    private static LogOracle Oracle(string log) => LogOracle.Read(Path.Combine(RepoPaths.RealLogs, log));

    [Theory]
    [MemberData(nameof(Logs))]
    public void Per_host_the_failed_unreachable_and_skipped_results_equal_the_logs_own_play_recaps(string log)
    {
        var oracle = Oracle(log);
        var counted = CountedInRunsWithARecap(Run(log).Report);

        foreach (var (host, recap) in oracle.Recap)
        {
            var mine = counted.GetValueOrDefault(host, HostCounts.Zero);
            // The 4-counter recap (ansible 2.4) has no skipped, and counts a rescued failure as failed.
            Assert.True((recap.Failed, recap.Unreachable, recap.Skipped ?? 0) ==
                (mine.Failed + (recap.Skipped is null ? mine.Rescued : 0), mine.Unreachable, recap.Skipped is null ? 0 : mine.Skipped),
                $"{log}: {host}'s recap says failed={recap.Failed} unreachable={recap.Unreachable} skipped={recap.Skipped}; "
                + $"the report counts {mine.Describe()}");
        }
    }

    [Theory]
    [MemberData(nameof(Logs))]
    public void The_hosts_are_the_recaps_hosts_with_none_invented_or_nested(string log)
    {
        var recapHosts = Oracle(log).Recap.Where(r => r.Value is not { Ok: 0, Changed: 0, Unreachable: 0, Failed: 0, Skipped: 0 or null })
            .Select(r => r.Key).Order(StringComparer.Ordinal);

        var counted = CountedInRunsWithARecap(Run(log).Report).Keys.Order(StringComparer.Ordinal);

        Assert.Equal(recapHosts, counted);
    }

    [Theory]
    [MemberData(nameof(Logs))]
    public void The_verdict_follows_the_order_and_the_headline_and_the_job_testcase_agree(string log)
    {
        var oracle = Oracle(log);
        var run = Run(log);

        Assert.Equal((oracle.Outcome, oracle.Source), (run.Report.Outcome, run.Report.OutcomeSource));
        var job = XDocument.Parse(run.JUnit).Descendants("testsuite").Single(s => (string?)s.Attribute("name") == "job")
            .Element("testcase")!;
        Assert.Equal(run.Report.Outcome == JobOutcome.Failed, job.Element("failure") is not null);
        Assert.Equal(run.Report.Outcome == JobOutcome.Unfinished, job.Element("error") is not null);
        var word = run.Report.Outcome switch { JobOutcome.Passed => "passed", JobOutcome.Failed => "failed", _ => "did not finish" };
        Assert.StartsWith($"## ", run.Summary, StringComparison.Ordinal);
        Assert.Contains($": {word}\n", run.Summary.Split('\n')[0] + "\n", StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Logs))]
    public void Every_failing_case_has_failure_text(string log)
    {
        var cases = XDocument.Parse(Run(log).JUnit).Descendants("testcase")
            .SelectMany(c => c.Elements("failure").Concat(c.Elements("error")).Select(f => (Case: (string?)c.Attribute("name"), Failure: f)))
            .ToList();

        Assert.All(cases, c => Assert.False(string.IsNullOrWhiteSpace((string?)c.Failure.Attribute("message")),
            $"{log}: {c.Case} fails without a message"));
        Assert.All(cases, c => Assert.False(string.IsNullOrWhiteSpace(c.Failure.Value), $"{log}: {c.Case} fails without a body"));
    }

    [Theory]
    [MemberData(nameof(Logs))]
    public void Junit_times_add_up_to_the_profile_tasks_total(string log)
    {
        var total = Oracle(log).ProfileRunTotals.Sum();
        var run = Run(log);

        if (total == 0)
        {
            Assert.Null(run.Report.ProfileTotalSeconds);
            return;
        }
        Assert.Equal(total, run.Report.ProfileTotalSeconds!.Value, 3);
        var suites = XDocument.Parse(run.JUnit).Root!.Elements("testsuite")
            .Where(s => (string?)s.Attribute("name") is not ("job" or "tempest" or "tests") && !((string)s.Attribute("name")!).StartsWith("subunit: ", StringComparison.Ordinal))
            .Sum(s => double.Parse((string)s.Attribute("time")!, CultureInfo.InvariantCulture));
        Assert.InRange(suites, total * 0.95, total * 1.05);
    }

    [Theory]
    [MemberData(nameof(Logs))]
    public void I_get_the_approved_artifacts(string log)
    {
        var run = Run(log);

        ApprovedFile.Verify($"real/{log}.junit.xml", run.JUnit);
        ApprovedFile.Verify($"real/{log}.summary.md", run.Summary);
        // The tail only: the page's log part would copy the log into the repository.
        ApprovedFile.Verify($"real/{log}.console.html", ConsolePageParts.Of(run.ConsolePage, "traas job: traas console").Approved(withLog: false));
    }

    /// <summary>Per host, the results of the runs that end in a PLAY RECAP (a run cut short has none to compare with).</summary>
    private static Dictionary<string, HostCounts> CountedInRunsWithARecap(JobReport report)
    {
        var counted = new Dictionary<string, HostCounts>(StringComparer.Ordinal);
        foreach (var run in report.Playbooks.Where(p => p.Recap is not null))
        {
            foreach (var (host, counts) in run.Hosts)
                counted[host] = counted.GetValueOrDefault(host, HostCounts.Zero).Plus(counts);
        }
        return counted;
    }
}
