using System.Xml.Linq;
using Traas.Reporting;
using Traas.Tool.GitHub;
using Traas.Tool.Model;

namespace Traas.Tool.Tests.GitHub;

/// <summary>
/// What `publish` reads back from the artifacts `report` wrote: the failing tasks of junit.xml, with
/// the line of the log each is at, the first of them only (the rest counted), and the job's result.
/// The reports are of real logs (../shared/reallogs) where one will do.
/// </summary>
public sealed class JobArtifactsSpecs : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("traas-artifacts-").FullName;

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public async Task Each_failing_task_is_read_with_its_line_of_the_log()
    {
        var folder = await ReportAsync("tripleo-osp16-overcloud-deploy-ansible-failed.log");

        var artifacts = JobArtifacts.Load(folder);

        Assert.Equal(JobResult.Failed, artifacts.Result);
        var task = Assert.Single(artifacts.Failures, f => f.Name != ReportGenerator.JobCaseName);
        Assert.Equal("non-zero return code", task.Message);
        Assert.Equal(805, task.Line);
    }

    [Theory]
    [InlineData("2147483648")]
    [InlineData("99999999999")]
    [InlineData("99999999999999999999999999999999")]
    public async Task A_line_number_too_big_for_a_line_link_gives_the_task_no_line_and_the_rest_is_read(string line)
    {
        // The log's line numbers are long (JUnitWriter writes them so): one past int is not an error.
        var folder = await ReportAsync("tripleo-osp16-overcloud-deploy-ansible-failed.log");
        var junit = Path.Combine(folder, ArtifactFiles.JUnit);
        var xml = await File.ReadAllTextAsync(junit);
        Assert.Contains(">line 805 of the log", xml, StringComparison.Ordinal);
        await File.WriteAllTextAsync(junit, xml.Replace(">line 805 of the log", $">line {line} of the log", StringComparison.Ordinal));

        var artifacts = JobArtifacts.Load(folder);

        var task = Assert.Single(artifacts.Failures, f => f.Name != ReportGenerator.JobCaseName);
        Assert.Equal("non-zero return code", task.Message);
        Assert.Null(task.Line);
        Assert.Equal(JobResult.Failed, artifacts.Result);
    }

    [Fact]
    public async Task Of_5000_failing_tasks_the_first_50_are_read_the_rest_counted_and_the_job_case_after_them_still_decides()
    {
        var log = Path.Combine(work, "many.log");
        await File.WriteAllTextAsync(log, Traas.Tests.Shared.TestLogs.WithFailingTasks(5000));
        var folder = await ReportAsync(log);

        var artifacts = JobArtifacts.Load(folder);

        Assert.Equal(JobArtifacts.FailuresKept, artifacts.Failures.Count);
        Assert.Equal(50, JobArtifacts.FailuresKept);
        Assert.Equal(5001, artifacts.FailureCount);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"failing task {i} [host-{i}]"), artifacts.Failures.Select(f => f.Name));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (int?)(3 + 2 * i)), artifacts.Failures.Select(f => f.Line));
        Assert.All(artifacts.Failures, f => Assert.StartsWith("broke number ", f.Message, StringComparison.Ordinal));
        // No run-state.json: the result is the job's testcase's, the last in the file (an error: the
        // log has no PLAY RECAP, so the job did not finish).
        Assert.Equal(JobResult.TimedOut, artifacts.Result);
    }

    [Theory]
    [InlineData("tripleo-osp16-overcloud-deploy-passed.log")]
    [InlineData("tripleo-osp16-overcloud-deploy-ansible-failed.log")]
    [InlineData("tripleo-osp16-overcloud-deploy-unfinished.log")]
    [InlineData("tripleo-osp13-overcloud-deploy-heat-nested-ansible-failed.log")]
    [InlineData("ansible-core-log_path-k8s-unreachable.log")]
    [InlineData("ansible-freeipa-replica-failed.log")]
    [InlineData("ansible28-log_path-junos-unreachable.log")]
    [InlineData("tox-nimi-python-pytest-failed.log")]
    [InlineData("zuulv3-dmandry-501252-job-output.txt")]
    [InlineData("devstack-gate-devstacklog.txt")]
    public async Task The_streamed_read_finds_what_a_whole_document_read_finds_in_a_real_report(string log)
    {
        var folder = await ReportAsync(log);
        var junit = Path.Combine(folder, ArtifactFiles.JUnit);

        var streamed = JUnitFactsReader.Read(junit, int.MaxValue);

        var (name, failures, result) = WholeDocument(junit);
        Assert.Equal(name, streamed.Name);
        Assert.Equal(failures, streamed.Failures);
        Assert.Equal(failures.Count, streamed.FailureCount);
        Assert.Equal(result, streamed.Result);
        Assert.Equal(failures.Take(JobArtifacts.FailuresKept), JobArtifacts.Load(folder).Failures);
    }

    [Fact]
    public async Task A_junit_xml_with_a_DTD_is_refused_in_one_line_not_expanded()
    {
        var folder = await ReportAsync("tripleo-osp16-overcloud-deploy-ansible-failed.log");
        var junit = Path.Combine(folder, ArtifactFiles.JUnit);
        var laughs = string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY l{i} \"{string.Concat(Enumerable.Repeat($"&l{i - 1};", 10))}\">"));
        var xml = (await File.ReadAllTextAsync(junit)).Replace("<testsuites", $"<!DOCTYPE testsuites [<!ENTITY l0 \"lol\">{laughs}]>\n<testsuites", StringComparison.Ordinal)
            .Replace("non-zero return code", "&l9;", StringComparison.Ordinal);
        await File.WriteAllTextAsync(junit, xml);

        var error = Assert.Throws<TraasException>(() => JobArtifacts.Load(folder));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith($"{junit} is not XML (", error.Message, StringComparison.Ordinal);
        Assert.Contains("DTD", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    /// <summary>
    /// junit.xml as publish read it before it streamed: the whole document in an XDocument. The reference
    /// the streamed read is checked against.
    /// </summary>
    private static (string? Name, List<FailingTask> Failures, JobResult Result) WholeDocument(string path)
    {
        var root = XDocument.Load(path).Root!;
        var failures = root.Descendants("testcase")
            .Select(c => (Case: c, Problem: c.Element("failure") ?? c.Element("error")))
            .Where(x => x.Problem is not null)
            .Select(x => new FailingTask((string?)x.Case.Attribute("name") ?? "", (string?)x.Case.Attribute("classname") ?? "",
                (string?)x.Problem!.Attribute("message") ?? "", JUnitFactsReader.LineOf(x.Problem.Value)))
            .ToList();
        var job = root.Elements("testsuite").Where(s => (string?)s.Attribute("name") == "job")
            .SelectMany(s => s.Elements("testcase"))
            .FirstOrDefault(c => (string?)c.Attribute("name") == ReportGenerator.JobCaseName);
        var result = job switch
        {
            null => root.Descendants("failure").Any() || root.Descendants("error").Any() ? JobResult.Failed : JobResult.Passed,
            _ when job.Element("failure") is not null => JobResult.Failed,
            _ when job.Element("error") is not null => JobResult.TimedOut,
            _ => JobResult.Passed,
        };
        return ((string?)root.Attribute("name"), failures, result);
    }

    private async Task<string> ReportAsync(string log)
    {
        var folder = Path.Combine(work, Path.GetFileNameWithoutExtension(log));
        var path = Path.IsPathRooted(log) ? log : CliRun.RealLogPath(log);
        var run = await CliRun.RunAsync(["report", path, "--out", folder, "--job-name", "multinode-1ctlr-featureset004"]);
        Assert.True(run.ExitCode is ExitCodes.Passed or ExitCodes.JobFailed, run.Stderr);
        return folder;
    }
}
