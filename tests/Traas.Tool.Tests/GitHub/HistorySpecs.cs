using System.IO.Compression;
using System.Text.Json.Nodes;
using Traas.Tool.Model;

namespace Traas.Tool.Tests.GitHub;

/// <summary>
/// `traas-ci history`: the job health page from the workflow runs and their state artifacts, every
/// request through Prism (GitHub's OpenAPI description) behind a fake that keeps runs and artifacts;
/// or from a folder of run states.
/// </summary>
public sealed class HistorySpecs : IAsyncLifetime
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private static readonly DateTimeOffset Started = DateTimeOffset.UtcNow.AddDays(-1);
    private readonly string work = Directory.CreateTempSubdirectory("traas-history-").FullName;
    private ContractCheckedGitHubFake github = null!;

    private string Out => Path.Combine(work, "out");

    public async Task InitializeAsync()
    {
        github = await ContractCheckedGitHubFake.StartAsync();
        await File.WriteAllTextAsync(Path.Combine(work, "event.json"), "{}");
    }

    public async Task DisposeAsync()
    {
        await github.DisposeAsync();
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task I_can_build_the_health_page_from_the_workflow_runs_and_their_state_artifacts()
    {
        var failing = await StateZipAsync("failing-job.log", "fs004", "FAILED");
        var passing = await StateZipAsync("passing-job.log", "fs004", "PASSED", 1);
        var other = await StateZipAsync("passing-job.log", "fs010", "PASSED", 2);
        AddRun(11, Started, new FakeArtifact(101, "traas-state-fs004", failing), new FakeArtifact(102, "traas-state-old", failing) { Expired = true });
        AddRun(12, Started.AddHours(1), new FakeArtifact(202, "traas-state-fs004", passing),
            new FakeArtifact(203, "traas-state-huge", passing) { DeclaredSize = 17L * 1024 * 1024 });
        AddRun(13, Started.AddHours(2), new FakeArtifact(303, "traas-state-fs010", other), new FakeArtifact(304, "traas-fs010", other));

        var run = await HistoryAsync();

        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.Equal([303, 202, 101], github.BlobDownloads);
        Assert.DoesNotContain(github.Requests, r => r.Path.EndsWith("/artifacts/203/zip", StringComparison.Ordinal) || r.Path.EndsWith("/artifacts/304/zip", StringComparison.Ordinal));
        Assert.Contains("artifact 203 of run 12 is 17825792 bytes, above the limit of 16777216: not downloaded", run.Stderr, StringComparison.Ordinal);
        var page = await File.ReadAllTextAsync(Path.Combine(Out, "health.html"));
        Assert.Equal(Path.Combine(Out, "health.html"), run.Stdout.Trim());
        Assert.Contains("<h2>fs004</h2>", page, StringComparison.Ordinal);
        Assert.Contains("<h2>fs010</h2>", page, StringComparison.Ordinal);
        Assert.Contains("href=\"https://github.example/traas-ci/demo/actions/runs/11\"", page, StringComparison.Ordinal);
        Assert.Contains("<b>50%</b><span class=\"dim\">pass rate, 7 days</span>", page, StringComparison.Ordinal);
        // Failed on the commit, then passed on it: the failing tasks of run 11 are flaky.
        var flaky = page[page.IndexOf("Flaky tasks", StringComparison.Ordinal)..];
        Assert.Contains("undercloud-deploy : Install the undercloud", flaky[..flaky.IndexOf("</table>", StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.DoesNotContain(ContractCheckedGitHubFake.ActionsToken, run.Stdout + run.Stderr, StringComparison.Ordinal);
        var facts = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Out, "runs", "11-1-101", "workflow-run.json")))!;
        Assert.Equal(Sha, (string?)facts["head_sha"]);
    }

    [Fact]
    public async Task A_second_history_downloads_only_the_new_runs_and_a_workflow_picks_its_own()
    {
        var zip = await StateZipAsync("passing-job.log", "fs004", "PASSED");
        AddRun(21, Started, new FakeArtifact(211, "traas-state-fs004", zip));
        AddRun(22, Started, new FakeArtifact(221, "traas-state-fs004", zip), workflow: "other.yml");

        var first = await HistoryAsync("--workflow", "traas-periodic.yml");
        AddRun(23, Started.AddHours(1), new FakeArtifact(231, "traas-state-fs004", zip));
        var second = await HistoryAsync("--workflow", "traas-periodic.yml");

        Assert.True(first.ExitCode + second.ExitCode == 0, first.Stderr + second.Stderr);
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        Assert.Equal([211, 231], github.BlobDownloads);
        Assert.All(github.Requests.Where(r => r.Path.EndsWith("/runs", StringComparison.Ordinal)), r => Assert.Equal("/repos/traas-ci/demo/actions/workflows/traas-periodic.yml/runs", r.Path));
    }

    [Fact]
    public async Task A_file_of_an_artifact_bigger_than_the_limit_is_left_out_however_small_the_zip()
    {
        var bomb = Zip(("run-state.json", State("fs004", "FAILED")), ("junit.xml", "<testsuites>" + new string(' ', 9 * 1024 * 1024) + "</testsuites>"));
        Assert.InRange(bomb.Length, 1, 100_000);
        AddRun(31, Started, new FakeArtifact(311, "traas-state-fs004", bomb));

        var run = await HistoryAsync();

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.Contains("junit.xml of artifact 311 is above 8388608 bytes: left out", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Out, "runs", "31-1-311", "junit.xml")));
        Assert.Contains("<h2>fs004</h2>", await File.ReadAllTextAsync(Path.Combine(Out, "health.html")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task I_can_build_the_page_from_a_folder_of_run_states_and_a_state_that_is_not_one_is_skipped()
    {
        var from = Path.Combine(work, "states");
        Directory.CreateDirectory(Path.Combine(from, "a"));
        Directory.CreateDirectory(Path.Combine(from, "b"));
        Directory.CreateDirectory(Path.Combine(from, "c"));
        await File.WriteAllTextAsync(Path.Combine(from, "a", "run-state.json"), State("fs004", "TIMED_OUT"));
        await File.WriteAllTextAsync(Path.Combine(from, "b", "run-state.json"), "{not json");
        await File.WriteAllTextAsync(Path.Combine(from, "c", "run-state.json"), State("fs004", "<b>WHATEVER</b>"));

        var run = await CliRun.RunAsync(["history", "--from", from, "--out", Out]);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.Empty(github.Requests);
        var page = await File.ReadAllTextAsync(Path.Combine(Out, "health.html"));
        Assert.Contains(">TIMED_OUT</td>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("WHATEVER", page, StringComparison.Ordinal);
        Assert.Contains($"{Path.Combine(from, "b", "run-state.json")}: cannot be read", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{Path.Combine(from, "c", "run-state.json")}: not a run state with a job_type and a known result: skipped", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--runs", "0" }, "--runs 0: give a number from 1 to 1000")]
    [InlineData(new[] { "--last", "500" }, "--last 500: give a number from 1 to 200")]
    [InlineData(new[] { "--max-artifact-mib", "0" }, "--max-artifact-mib 0: give a number from 1 to 1024")]
    [InlineData(new[] { "--from", "/nonexistent/states" }, "--from /nonexistent/states: no such folder")]
    public async Task Bad_input_is_one_clear_line_and_exit_2(string[] args, string message)
    {
        var run = await CliRun.RunAsync(["history", "--out", Out, .. args], environment: github.Environment(Path.Combine(work, "event.json")));

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Trim().Split('\n'));
        Assert.Empty(github.Requests);
    }

    [Fact]
    public async Task When_GitHub_refuses_the_list_history_says_so_in_one_line_and_exits_3()
    {
        github.Force = (_, _) => new ForcedAnswer(404, """{"message": "Not Found"}""", new Dictionary<string, string>());

        var run = await HistoryAsync("--workflow", "nope.yml");

        Assert.Equal(ExitCodes.CloudError, run.ExitCode);
        var line = Assert.Single(run.Stderr.Trim().Split('\n'));
        Assert.StartsWith("traas-ci: error: GitHub did not list the runs of traas-ci/demo (workflow nope.yml): HTTP 404 ", line, StringComparison.Ordinal);
        Assert.EndsWith("; check the token (actions: read) and --workflow", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Out, "health.html")));
    }

    [Fact]
    public async Task Without_a_GitHub_context_or_a_folder_history_says_what_it_needs()
    {
        var run = await CliRun.RunAsync(["history", "--out", Out]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("no GitHub context: history needs GITHUB_TOKEN and GITHUB_REPOSITORY", run.Stderr, StringComparison.Ordinal);
    }

    private void AddRun(long id, DateTimeOffset started, params FakeArtifact[] artifacts) => AddRun(id, started, "traas-periodic.yml", artifacts);

    private void AddRun(long id, DateTimeOffset started, FakeArtifact artifact, string workflow) => AddRun(id, started, workflow, [artifact]);

    private void AddRun(long id, DateTimeOffset started, string workflow, FakeArtifact[] artifacts)
    {
        var run = new FakeWorkflowRun(id, Sha, workflow, started, TimeSpan.FromMinutes(90));
        run.Artifacts.AddRange(artifacts);
        // Newest first, as GitHub lists them.
        github.WorkflowRuns.Insert(0, run);
    }

    private Task<CliRun> HistoryAsync(params string[] extra)
    {
        var environment = github.Environment(Path.Combine(work, "event.json"));
        return CliRun.RunAsync(["history", "--out", Out, .. extra], environment: environment);
    }

    private static string State(string jobType, string result, int hoursLater = 0) =>
        new JsonObject { ["version"] = 1, ["stage"] = "deleted", ["job_type"] = jobType, ["result"] = result, ["wait_started"] = Started.AddHours(hoursLater).ToString("O") }.ToJsonString();

    private async Task<byte[]> StateZipAsync(string log, string jobType, string result, int hoursLater = 0)
    {
        var folder = Path.Combine(work, $"{jobType}-{result}-{Guid.NewGuid():N}");
        var report = await CliRun.RunAsync(["report", CliRun.LogPath(log), "--out", folder, "--job-name", jobType]);
        Assert.True(report.ExitCode is ExitCodes.Passed or ExitCodes.JobFailed, report.Stderr);
        return Zip(("run-state.json", State(jobType, result, hoursLater)), ("junit.xml", await File.ReadAllTextAsync(Path.Combine(folder, "junit.xml"))));
    }

    private static byte[] Zip(params (string Name, string Text)[] files)
    {
        using var memory = new MemoryStream();
        using (var archive = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in files)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name, CompressionLevel.SmallestSize).Open());
                writer.Write(text);
            }
        }
        return memory.ToArray();
    }
}
