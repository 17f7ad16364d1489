using System.Xml.Linq;
using System.Xml.Schema;
using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>junit.xml is what Jenkins' schema and GitHub's report publishers expect.</summary>
public sealed class JUnitSpecs
{
    public static TheoryData<string> Logs => TestLogs.All();

    [Theory]
    [MemberData(nameof(Logs))]
    public void My_junit_xml_validates_against_junit_10_xsd(string log) => AssertValid(ReportRun.Of(log).JUnit);

    [Fact]
    public void My_junit_xml_validates_against_junit_10_xsd_with_hostile_bytes() => AssertValid(ReportRun.Of(HostileLog.Bytes()).JUnit);

    [Theory]
    [MemberData(nameof(Logs))]
    public void Junitparser_reads_my_junit_xml_with_identical_counts(string log)
    {
        var run = ReportRun.Of(log);

        var counts = JUnitParser.Read(run.JUnit);

        AssertCountsAgree(run, counts);
    }

    public static TheoryData<string> SharedLogs => TestLogs.Shared();

    [Theory]
    [MemberData(nameof(SharedLogs))]
    public void Junitparser_reads_my_junit_xml_of_the_shared_real_logs_with_identical_counts(string log)
    {
        var run = ReportRun.OfFile(Path.Combine(RepoPaths.RealLogs, log));

        AssertCountsAgree(run, JUnitParser.Read(run.JUnit));
    }

    [Fact]
    public void Junitparser_reads_my_junit_xml_with_identical_counts_with_5000_failing_tasks()
    {
        var run = ReportRun.OfText(SummarySpecs.LogWithFailingTasks(5000));

        var counts = JUnitParser.Read(run.JUnit);

        AssertCountsAgree(run, counts);
        Assert.Equal(5000, counts.Suites.Sum(s => s.CaseFailures));
    }

    [Fact]
    public void Junitparser_reads_my_junit_xml_with_identical_counts_with_hostile_bytes()
    {
        var run = ReportRun.Of(HostileLog.Bytes());
        AssertCountsAgree(run, JUnitParser.Read(run.JUnit));
    }

    [Fact]
    public void The_schema_check_can_fail()
    {
        var broken = ReportRun.Of("passing-job.log").JUnit.Replace("<testsuite name=", "<testsuite nom=", StringComparison.Ordinal);

        Assert.ThrowsAny<XmlSchemaValidationException>(() => JUnitSchema.Validate(broken));
    }

    [Fact]
    public void Loop_items_fold_into_one_testcase_per_task_and_host()
    {
        var junit = XDocument.Parse(ReportRun.Of("passing-job.log").JUnit);

        var cases = junit.Descendants("testcase").Where(c => ((string?)c.Attribute("name"))!.StartsWith("repo-setup : Install the repositories", StringComparison.Ordinal));

        Assert.Equal(["repo-setup : Install the repositories [undercloud]", "repo-setup : Install the repositories [subnode-1]"],
            cases.Select(c => (string)c.Attribute("name")!));
    }

    [Fact]
    public void An_ignored_failure_passes_and_keeps_its_text_in_system_out()
    {
        var junit = XDocument.Parse(ReportRun.Of("passing-job.log").JUnit);

        var ignored = junit.Descendants("testcase").Single(c => (string?)c.Attribute("name") == "Check whether docker images are cached [undercloud]");

        Assert.Empty(ignored.Elements("failure"));
        Assert.Contains("Path /mnt/docker_images does not exist", ignored.Element("system-out")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Times_come_from_profile_tasks()
    {
        var junit = XDocument.Parse(ReportRun.Of("passing-job.log").JUnit);

        string Time(string name) => (string)junit.Descendants("testcase").Single(c => (string?)c.Attribute("name") == name).Attribute("time")!;

        Assert.Equal("1380.000", Time("undercloud-deploy : Install the undercloud [undercloud]"));
        Assert.Equal("8.000", Time("HANDLER undercloud-deploy : restart docker [undercloud]"));
        Assert.Equal("5.000", Time("validate-simple : Ping the overcloud [undercloud]"));
    }

    [Fact]
    public void Failures_carry_the_message_and_the_full_result_and_unreachable_hosts_are_errors()
    {
        var junit = XDocument.Parse(ReportRun.Of("failing-job.log").JUnit);

        var failure = junit.Descendants("failure").Single(f => f.Parent!.Attribute("name")!.Value.StartsWith("undercloud-deploy : Install", StringComparison.Ordinal));
        var error = junit.Descendants("error").Single();

        Assert.Equal("non-zero return code", (string)failure.Attribute("message")!);
        Assert.Contains("Exception: Deployment failed: <Resource 'ControllerDeployment' is FAILED & rolled back>", failure.Value, StringComparison.Ordinal);
        Assert.Equal("unreachable", (string)error.Attribute("type")!);
        Assert.Equal("Gathering Facts [subnode-2]", (string)error.Parent!.Attribute("name")!);
    }

    [Fact]
    public void A_log_without_playbook_markers_gets_one_suite_per_play()
    {
        var junit = XDocument.Parse(ReportRun.Of("real/ansible-callback_default.out.default.stdout").JUnit);

        Assert.Equal(["PLAY [testhost]", "PLAY [testhost]", "job"], junit.Root!.Elements("testsuite").Select(s => (string)s.Attribute("name")!));
    }

    private static void AssertCountsAgree(ReportRun run, JUnitParser.Counts counts)
    {
        foreach (var suite in counts.Suites)
        {
            Assert.Equal(suite.Cases, suite.Tests);
            Assert.Equal(suite.CaseFailures, suite.Failures);
            Assert.Equal(suite.CaseErrors, suite.Errors);
            Assert.Equal(suite.CaseSkipped, suite.Skipped);
        }
        Assert.Equal(counts.Suites.Sum(s => s.Cases), counts.Tests);
        Assert.Equal(counts.Suites.Sum(s => s.CaseFailures), counts.Failures);
        Assert.Equal(counts.Suites.Sum(s => s.CaseErrors), counts.Errors);

        // Every (task, host) result is one testcase; failures, errors and skips are the RECAP's own counters.
        var report = run.Report;
        Assert.Equal(report.HostResultCount + report.TempestTestCount + 1, counts.Tests);
        var tasks = counts.Suites.Where(s => s.Name is not ("job" or "tempest" or "tests")
            && !s.Name.StartsWith("subunit: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(report.HostTotals.Values.Sum(c => c.Failed), tasks.Sum(s => s.CaseFailures));
        Assert.Equal(report.HostTotals.Values.Sum(c => c.Unreachable), tasks.Sum(s => s.CaseErrors));
        Assert.Equal(report.HostTotals.Values.Sum(c => c.Skipped), tasks.Sum(s => s.CaseSkipped));
    }

    private static void AssertValid(string junit) => JUnitSchema.Validate(junit);
}
