using Traas.Reporting;
using Traas.Tool.GitHub;
using Traas.Tool.Model;

namespace Traas.Tool.Tests.GitHub;

/// <summary>
/// What `publish` reads back from the artifacts `report` wrote: the failing tasks of junit.xml, with
/// the line of the log each is at. The report is of a real failed deploy (../shared/reallogs).
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

    private async Task<string> ReportAsync(string log)
    {
        var folder = Path.Combine(work, "artifacts");
        var run = await CliRun.RunAsync(["report", CliRun.RealLogPath(log), "--out", folder, "--job-name", "multinode-1ctlr-featureset004"]);
        Assert.True(run.ExitCode is ExitCodes.Passed or ExitCodes.JobFailed, run.Stderr);
        return folder;
    }
}
