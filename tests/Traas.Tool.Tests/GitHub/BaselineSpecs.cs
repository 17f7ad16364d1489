using System.IO.Compression;
using System.Text.Json.Nodes;
using Traas.Tool.Model;

namespace Traas.Tool.Tests.GitHub;

/// <summary>
/// A failed run's new lines against its baseline: the traas.log of the last passing run of the job on
/// the pull request's base branch, found through the workflow runs and their artifacts (every request
/// through Prism, GitHub's OpenAPI description). The logs are a real pair nobody here wrote: two
/// TripleO overcloud deploys (../shared/reallogs), one passed, one failed.
/// </summary>
public sealed class BaselineSpecs : IAsyncLifetime
{
    private const string JobType = "multinode-1ctlr-featureset004";
    private const string Console = "https://logs.example/traas/console.html";
    private static readonly DateTimeOffset Started = DateTimeOffset.UtcNow.AddDays(-1);
    private static readonly string Artifact = $"traas-baseline-{JobType}";
    private readonly string work = Directory.CreateTempSubdirectory("traas-baseline-").FullName;
    private ContractCheckedGitHubFake github = null!;

    private string EventPath => Path.Combine(work, "event.json");

    private string StepSummary => Path.Combine(work, "step-summary.md");

    public async Task InitializeAsync()
    {
        github = await ContractCheckedGitHubFake.StartAsync();
        var pullRequest = new JsonObject
        {
            ["number"] = 7,
            ["head"] = new JsonObject { ["sha"] = "fedcba9876543210fedcba9876543210fedcba98" },
        };
        await File.WriteAllTextAsync(EventPath, new JsonObject { ["pull_request"] = pullRequest }.ToJsonString());
    }

    public async Task DisposeAsync()
    {
        await github.DisposeAsync();
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task A_failed_run_shows_what_is_new_against_the_last_passing_run_on_the_base_branch()
    {
        var baseline = Zip(await File.ReadAllBytesAsync(CliRun.RealLogPath("tripleo-osp16-overcloud-deploy-passed.log")));
        // Newest first, as GitHub lists them: a passing run of another branch, a failed run of main,
        // a passing run of main without the job's baseline, then the one to take.
        AddRun(54, "feature", "success", new FakeArtifact(541, Artifact, baseline));
        AddRun(53, "main", "failure", new FakeArtifact(531, Artifact, baseline));
        AddRun(52, "main", "success", new FakeArtifact(521, "traas-baseline-other-job", baseline));
        AddRun(51, "main", "success", new FakeArtifact(511, Artifact, baseline));
        var artifacts = await ReportAsync("tripleo-osp16-overcloud-deploy-ansible-failed.log");

        var run = await PublishAsync(artifacts);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        Assert.Equal([511], github.BlobDownloads);
        Assert.All(github.ArtifactNameFilters, name => Assert.Equal(Artifact, name));
        var comment = Assert.Single(github.Comments[7]).Body;
        // The failing task's fatal line (805) is new, linked to its line of the hosted console page.
        Assert.Contains("### New lines against the last passing run", comment, StringComparison.Ordinal);
        Assert.Contains($"]({Console}#L805)", comment, StringComparison.Ordinal);
        Assert.Contains("> 805  fatal: [director-controller-0]: FAILED!", comment, StringComparison.Ordinal);
        Assert.DoesNotContain("](console.html", comment, StringComparison.Ordinal);
        var summary = (string)Assert.Single(github.CheckRuns).Create["output"]!["summary"]!;
        Assert.Contains($"]({Console}#L805)", summary, StringComparison.Ordinal);
        Assert.Contains("> 805  fatal: [director-controller-0]", await File.ReadAllTextAsync(StepSummary), StringComparison.Ordinal);
        Assert.Contains("https://github.example/traas-ci/demo/actions/runs/51", await File.ReadAllTextAsync(Path.Combine(artifacts, ArtifactFiles.NewLinesJson)), StringComparison.Ordinal);
        Assert.All(github.Requests.Where(r => r.Path.EndsWith("/actions/runs", StringComparison.Ordinal)), r => Assert.Equal("GET", r.Method));
        // console.html, written before the comparison, marks them (the page's script reads the numbers).
        var page = await File.ReadAllTextAsync(Path.Combine(artifacts, ArtifactFiles.Console));
        Assert.Matches("""<script type="application/json" id="new-lines">\{"baseline":"https://github.example/traas-ci/demo/actions/runs/51","lines":\[[0-9,]*\b805\b""", page);
        Assert.Contains("marked 4 new lines in", run.Stderr, StringComparison.Ordinal);

        // The baseline is kept beside the artifacts: asked again, it is not downloaded again.
        File.Delete(Path.Combine(artifacts, ArtifactFiles.NewLinesSummary));
        var again = await PublishAsync(artifacts);

        Assert.True(again.ExitCode == ExitCodes.Passed, again.Stderr);
        Assert.Equal([511], github.BlobDownloads);
        Assert.Contains("> 805  fatal: [director-controller-0]: FAILED!", github.Comments[7].Single().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_a_run_of_the_branch_own_code_is_a_baseline_not_a_pull_request_run_nor_a_fork_run_on_main()
    {
        var passed = Zip(await File.ReadAllBytesAsync(CliRun.RealLogPath("tripleo-osp16-overcloud-deploy-passed.log")));
        // Newest first, each a passing run GitHub lists for branch=main with the job's artifact, which
        // the pull request's code could have written: a fork's pull request from its own main, a
        // pull_request_target run (the base's branch and repository), a run whose head is a fork
        // whatever its event; then a push to main, the one to take.
        AddRun(94, "main", "success", new FakeArtifact(941, Artifact, Zip("PLAY RECAP\n"u8.ToArray())), "pull_request",
            "mallory/demo");
        AddRun(93, "main", "success", new FakeArtifact(931, Artifact, Zip("PLAY RECAP\n"u8.ToArray())),
            "pull_request_target");
        AddRun(92, "main", "success", new FakeArtifact(921, Artifact, Zip("PLAY RECAP\n"u8.ToArray())), "push",
            "mallory/demo");
        AddRun(91, "main", "success", new FakeArtifact(911, Artifact, passed), "push");
        var artifacts = await ReportAsync("tripleo-osp16-overcloud-deploy-ansible-failed.log");

        var run = await PublishAsync(artifacts);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        Assert.Equal([911], github.BlobDownloads);
        Assert.Equal(["/repos/traas-ci/demo/actions/runs/91/artifacts"],
            github.Requests.Where(r => r.Path.EndsWith("/artifacts", StringComparison.Ordinal)).Select(r => r.Path));
        Assert.Contains("> 805  fatal: [director-controller-0]: FAILED!", Assert.Single(github.Comments[7]).Body, StringComparison.Ordinal);
        Assert.Contains($"baseline: {Artifact} of run 91 on main", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_baseline_over_the_limit_is_not_downloaded_and_the_failure_is_published_without_new_lines()
    {
        var baseline = Zip(await File.ReadAllBytesAsync(CliRun.RealLogPath("tripleo-osp16-overcloud-deploy-passed.log")));
        AddRun(61, "main", "success", new FakeArtifact(611, Artifact, baseline) { DeclaredSize = 65L * 1024 * 1024 });
        var artifacts = await ReportAsync("tripleo-osp16-overcloud-deploy-ansible-failed.log");

        var run = await PublishAsync(artifacts);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        Assert.Empty(github.BlobDownloads);
        Assert.Contains($"baseline artifact {Artifact} of run 61 is 68157440 bytes, above the limit of 67108864: not downloaded", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"no baseline: none of the last 1 successful runs on main has an artifact {Artifact}", run.Stderr, StringComparison.Ordinal);
        var comment = Assert.Single(github.Comments[7]).Body;
        Assert.DoesNotContain("New lines against", comment, StringComparison.Ordinal);
        Assert.Contains("failed", comment, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NODE_FAILURE", "log")]
    [InlineData("NO_CAPACITY", "log")]
    [InlineData("FAILED", "no log")]
    public async Task A_job_that_never_ran_or_wrote_no_log_is_not_compared_and_no_baseline_is_downloaded(string result,
        string log)
    {
        AddRun(81, "main", "success", new FakeArtifact(811, Artifact, Zip("PLAY RECAP\n"u8.ToArray())));
        var artifacts = await ReportAsync("tripleo-osp16-overcloud-deploy-ansible-failed.log");
        // What run leaves: its result in run-state.json; no traas.log when the job wrote none.
        await File.WriteAllTextAsync(Path.Combine(artifacts, ArtifactFiles.RunState), $$"""{"result": "{{result}}"}""");
        if (log == "no log")
            File.Delete(Path.Combine(artifacts, ArtifactFiles.Log));

        var run = await PublishAsync(artifacts);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.Empty(github.BlobDownloads);
        Assert.DoesNotContain(github.Requests, r => r.Path.Contains("/actions/", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(artifacts, ArtifactFiles.NewLinesSummary)));
        Assert.DoesNotContain("New lines against", Assert.Single(github.Comments[7]).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_passing_run_and_no_baseline_look_for_none_and_a_baseline_given_is_used_as_it_is()
    {
        AddRun(71, "main", "success", new FakeArtifact(711, Artifact, Zip("PLAY RECAP\n"u8.ToArray())));
        var passed = await ReportAsync("tripleo-osp16-overcloud-deploy-passed.log", "passed");
        var failed = await ReportAsync("tripleo-osp16-overcloud-deploy-ansible-failed.log", "failed");

        var pass = await PublishAsync(passed);
        var off = await PublishAsync(failed, "--no-baseline");
        var given = await PublishAsync(failed, "--baseline", CliRun.RealLogPath("tripleo-osp16-overcloud-deploy-passed.log"));

        Assert.True(pass.ExitCode + off.ExitCode + given.ExitCode == 0, pass.Stderr + off.Stderr + given.Stderr);
        Assert.DoesNotContain(github.Requests, r => r.Path.Contains("/actions/", StringComparison.Ordinal));
        Assert.Contains("> 805  fatal: [director-controller-0]: FAILED!", github.Comments[7].Single().Body, StringComparison.Ordinal);
        var missing = await PublishAsync(failed, "--baseline", "/nonexistent/good.log");
        Assert.Equal(ExitCodes.BadInput, missing.ExitCode);
        Assert.Equal("traas-ci: error: --baseline /nonexistent/good.log: no such file; give a passing run's traas.log, or leave it out to use GitHub's\n", missing.Stderr);
    }

    private void AddRun(long id, string branch, string conclusion, FakeArtifact artifact, string trigger = "schedule",
        string head = "traas-ci/demo")
    {
        var run = new FakeWorkflowRun(id, "0123456789abcdef0123456789abcdef01234567", "traas.yml", Started, TimeSpan.FromHours(1))
        {
            Branch = branch,
            Conclusion = conclusion,
            Event = trigger,
            HeadRepository = head,
        };
        run.Artifacts.Add(artifact);
        github.WorkflowRuns.Add(run);
    }

    private static byte[] Zip(byte[] log)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("traas.log").Open();
            entry.Write(log);
        }
        return buffer.ToArray();
    }

    private async Task<string> ReportAsync(string log, string name = "failed")
    {
        var folder = Path.Combine(work, name);
        var path = CliRun.RealLogPath(log);
        var run = await CliRun.RunAsync(["report", path, "--out", folder, "--job-name", JobType]);
        Assert.True(run.ExitCode is ExitCodes.Passed or ExitCodes.JobFailed, run.Stderr);
        File.Copy(path, Path.Combine(folder, ArtifactFiles.Log), overwrite: true);
        return folder;
    }

    private Task<CliRun> PublishAsync(string artifacts, params string[] args)
    {
        var environment = github.Environment(EventPath, StepSummary);
        environment["GITHUB_BASE_REF"] = "main";
        return CliRun.RunAsync(["publish", "--artifacts", artifacts, "--console-url", Console, .. args], environment: environment);
    }
}
