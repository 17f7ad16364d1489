using Traas.Tool.GitHub;
using Traas.Tool.Model;
using Traas.Tool.Resilience;

namespace Traas.Tool.Tests.GitHub;

/// <summary>
/// What the check run is sent: at most 50 annotations, in its one request, however many tasks failed;
/// the text says how many more there are and where to find them. PublishSpecs sends it through
/// GitHub's contract; here is what it holds.
/// </summary>
public sealed class CheckRunAnnotationSpecs : IDisposable
{
    private const string Console = "https://logs.example/traas/console.html";
    private readonly string work = Directory.CreateTempSubdirectory("traas-annotations-").FullName;

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public async Task Of_5000_failing_tasks_50_are_annotated_and_the_text_says_4951_more_are_in_the_summary_and_the_log()
    {
        var log = Path.Combine(work, "many.log");
        await File.WriteAllTextAsync(log, Traas.Tests.Shared.TestLogs.WithFailingTasks(5000));
        var artifacts = JobArtifacts.Load(await ReportAsync(log));

        var output = Publisher().CheckRunOutput(artifacts, []);

        Assert.Equal(GitHubPublisher.MaxAnnotations, output.Annotations!.Count);
        Assert.Equal(50, GitHubPublisher.MaxAnnotations);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => 3 + 2 * i), output.Annotations.Select(a => a.StartLine));
        Assert.Equal("multinode-1ctlr-featureset004: TIMED_OUT, 5001 failing", output.Title);
        Assert.StartsWith("4951 more failing tasks are not annotated: the annotations show the first 50 of 5001. "
            + "The summary above lists the failing tasks", output.Text, StringComparison.Ordinal);
        Assert.Contains($"[Console log]({Console})", output.Text, StringComparison.Ordinal);
        Assert.InRange(output.Text.Length, 1, CommentBody.CheckRunSummaryLimit);
    }

    [Fact]
    public async Task With_no_more_failing_tasks_than_annotations_every_one_is_annotated_and_there_is_no_text()
    {
        var artifacts = JobArtifacts.Load(await ReportAsync(CliRun.RealLogPath("tripleo-osp16-overcloud-deploy-ansible-failed.log")));

        var output = Publisher().CheckRunOutput(artifacts, []);

        Assert.Equal(2, artifacts.FailureCount);
        Assert.Equal([805, 1], output.Annotations!.Select(a => a.StartLine));
        Assert.Null(output.Text);
    }

    private static GitHubPublisher Publisher()
    {
        var github = new GitHubContext("ghs_unused", "traas-ci", "demo", "fedcba9876543210fedcba9876543210fedcba98", 7,
            new Uri("https://api.github.example/"), new Uri("https://github.example/"), "4242");
        return new GitHubPublisher(github, new GitHubRetryOptions(0, TimeSpan.Zero, TimeSpan.Zero), Serilog.Core.Logger.None,
            TimeProvider.System, ConsoleLinks.For(github, Console));
    }

    private async Task<string> ReportAsync(string log)
    {
        var folder = Path.Combine(work, Path.GetFileNameWithoutExtension(log));
        var run = await CliRun.RunAsync(["report", log, "--out", folder, "--job-name", "multinode-1ctlr-featureset004"]);
        Assert.True(run.ExitCode is ExitCodes.Passed or ExitCodes.JobFailed, run.Stderr);
        return folder;
    }
}
