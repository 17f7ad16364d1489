using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Traas.Tool.Model;

namespace Traas.Tool.Tests;

/// <summary>
/// `traas-ci run` end to end on the local sandbox: a real Heat stack (stand-in nodes), a real sshd,
/// and the stand-in job, started by the sandbox's watcher, not by traas-ci.
/// </summary>
[Collection(OpenStackSandbox.Collection)]
public sealed class JobRunSpecs(OpenStackSandbox sandbox) : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("traas-run-").FullName;

    private string Out => Path.Combine(work, "artifacts");

    private Dictionary<string, string> Environment => new(sandbox.Environment) { ["TRAAS_POLL_SECONDS"] = "1" };

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public async Task A_passing_job_runs_end_to_end_streams_its_whole_log_and_its_stack_is_deleted()
    {
        var name = NewName("pass");

        var run = await RunAsync(name, "pass", seconds: 6);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        var state = State();
        Assert.Equal("deleted", (string?)state["stage"]);
        Assert.Equal("PASSED", (string?)state["result"]);
        // What the console showed is the job's log, line for line, and the local copy is byte for byte.
        var remote = await File.ReadAllBytesAsync((string)state["log_path"]!);
        Assert.Equal(Encoding.UTF8.GetString(remote), run.Stdout);
        Assert.Equal(remote, await File.ReadAllBytesAsync(Path.Combine(Out, "traas.log")));
        Assert.EndsWith("exit 0\n", run.Stdout, StringComparison.Ordinal);
        var junit = XDocument.Load(Path.Combine(Out, "junit.xml")).Root!;
        Assert.Equal("multinode-1ctlr-featureset004", (string?)junit.Attribute("name"));
        Assert.Equal("0", (string?)junit.Attribute("failures"));
        Assert.Equal(26, (int)junit.Attribute("tests")!);
        Assert.StartsWith("## ✅ multinode-1ctlr-featureset004: passed", await File.ReadAllTextAsync(Path.Combine(Out, "summary.md")), StringComparison.Ordinal);
        Assert.Contains("validate-simple : Report", await File.ReadAllTextAsync(Path.Combine(Out, "console.html")), StringComparison.Ordinal);
        Assert.Equal("Stack overcloud CREATE_COMPLETE\n", await File.ReadAllTextAsync(Path.Combine(Out, "logs", "undercloud", "var", "log", "overcloud_deploy.log")));
        Assert.True(File.Exists(Path.Combine(Out, "logs", "subnode-1", "var", "log", "messages")));
        Assert.Contains("host key: first use, recorded for this stack", run.Stderr, StringComparison.Ordinal);
        Assert.False(await StackExistsAsync(name));
    }

    [Fact]
    public async Task A_failing_job_exits_1_with_its_failing_task_in_the_artifacts_and_its_stack_is_deleted()
    {
        var name = NewName("fail");

        var run = await RunAsync(name, "fail", seconds: 4);

        Assert.True(run.ExitCode == ExitCodes.JobFailed, run.Stderr);
        Assert.EndsWith("exit 1\n", run.Stdout, StringComparison.Ordinal);
        var junit = XDocument.Load(Path.Combine(Out, "junit.xml")).Root!;
        // The failing task, and the job itself (exit 1).
        Assert.Equal("2", (string?)junit.Attribute("failures"));
        var failing = junit.Descendants("testcase").Where(c => c.Element("failure") is not null).Select(c => (string?)c.Attribute("name"));
        Assert.Equal(["overcloud-deploy : Check the overcloud deployment [undercloud]", "toci job"], failing);
        var summary = await File.ReadAllTextAsync(Path.Combine(Out, "summary.md"));
        Assert.StartsWith("## ❌ multinode-1ctlr-featureset004: failed", summary, StringComparison.Ordinal);
        Assert.Contains("Check the overcloud deployment", summary, StringComparison.Ordinal);
        Assert.Equal("FAILED", (string?)State()["result"]);
        Assert.False(await StackExistsAsync(name));
    }

    [Fact]
    public async Task In_a_pull_request_run_publishes_its_result_and_a_failure_to_publish_leaves_the_exit_code_alone()
    {
        var name = NewName("pub");
        await using var github = await ContractCheckedGitHubFake.StartAsync();
        // Comments fail on GitHub's side; the check run goes through.
        github.Force = (request, _) => request.Path.Contains("/comments", StringComparison.Ordinal)
            ? new ForcedAnswer(502, """{"message": "Server Error"}""", new Dictionary<string, string>())
            : null;
        var environment = PullRequestEnvironment(github, 12, "1111111111111111111111111111111111111111");

        var run = await CliRun.RunAsync([.. RunArgs(name, "fail", 4)], environment: environment);

        Assert.True(run.ExitCode == ExitCodes.JobFailed, run.Stderr);
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        var (_, create, _) = Assert.Single(github.CheckRuns);
        Assert.Equal("failure", (string?)create["conclusion"]);
        Assert.Equal("1111111111111111111111111111111111111111", (string?)create["head_sha"]);
        Assert.Contains("could not publish the pull request comment: HTTP 502", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("::group::PLAY [Deploy the overcloud]", run.Stdout, StringComparison.Ordinal);
        Assert.False(await StackExistsAsync(name));
    }

    [Fact]
    public async Task An_infrastructure_failure_is_run_again_on_a_new_stack_and_the_comment_shows_both_attempts()
    {
        var name = NewName("infra");
        await using var github = await ContractCheckedGitHubFake.StartAsync();
        var environment = PullRequestEnvironment(github, 14, "4444444444444444444444444444444444444444");

        // infra-first: the first stack's job cannot reach the package mirror; NAME-attempt2's passes.
        var run = await CliRun.RunAsync([.. RunArgs(name, "infra-first", 3), "--retry-infra", "1", "--no-baseline"],
            environment: environment);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        Assert.Contains($"infrastructure failure: Package mirror unavailable: running the job again on a new stack {name}-attempt2 (retry 1 of --retry-infra 1)", run.Stderr, StringComparison.Ordinal);
        // One comment, updated: the passing attempt on top, the first one in its history, not counted as the change's failure.
        var comment = Assert.Single(github.Comments[14]).Body;
        Assert.StartsWith("<!-- traas-ci:", comment, StringComparison.Ordinal);
        Assert.Contains("passed", comment, StringComparison.Ordinal);
        Assert.Matches(@"\| `4444444` \| ❌ FAILED \(attempt 1: infrastructure, run again\) \|", comment);
        Assert.DoesNotContain("earlier run of", comment, StringComparison.Ordinal);
        Assert.Contains($"infrastructure failure: Package mirror unavailable (stack {name}, run again)", comment, StringComparison.Ordinal);
        var history = System.Text.RegularExpressions.Regex.Match(comment, "<!-- traas-ci:history (.*) -->").Groups[1].Value;
        var entries = JsonNode.Parse(history)!.AsArray();
        Assert.Equal(["PASSED", "FAILED"], entries.Select(e => (string?)e!["Result"]));
        Assert.Equal([2, 1], entries.Select(e => (int?)e!["Attempt"]));
        // Two check runs on the commit, the first one's failure then the run's pass; no ::error for the first attempt.
        Assert.Equal(["failure", "success"], github.CheckRuns.Select(c => (string?)c.Create["conclusion"]));
        Assert.DoesNotContain("::error", run.Stdout, StringComparison.Ordinal);
        // Nothing lost: the first attempt's artifacts in attempts/1, the run's own at the top.
        var first = Path.Combine(Out, "attempts", "1");
        Assert.Contains("Failed to download metadata for repo 'delorean'", await File.ReadAllTextAsync(Path.Combine(first, "traas.log")), StringComparison.Ordinal);
        Assert.Contains("infrastructure failure: Package mirror unavailable", await File.ReadAllTextAsync(Path.Combine(first, "summary.md")), StringComparison.Ordinal);
        Assert.True((bool?)JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(first, "run-state.json")))!["retried"]);
        Assert.Equal("PASSED", (string?)State()["result"]);
        Assert.Equal(2, (int?)State()["attempt"]);
        Assert.DoesNotContain("Failed to download metadata", await File.ReadAllTextAsync(Path.Combine(Out, "traas.log")), StringComparison.Ordinal);
        Assert.False(await StackExistsAsync(name));
        Assert.False(await StackExistsAsync($"{name}-attempt2"));
    }

    [Fact]
    public async Task When_sshd_stops_and_starts_mid_tail_the_log_comes_out_whole_with_no_line_twice()
    {
        var name = NewName("sshd");

        var running = RunAsync(name, "pass", seconds: 20);
        await UntilAsync(() => LocalLogLength() > 0, "the tail to start");
        var markerBefore = File.Exists(RemoteMarker());
        await sandbox.ScriptAsync("sshd-stop", TimeSpan.FromSeconds(30));
        var grownWhileDown = RemoteLogLength();
        await Task.Delay(TimeSpan.FromSeconds(4));
        grownWhileDown = RemoteLogLength() - grownWhileDown;
        await sandbox.ScriptAsync("sshd-start", TimeSpan.FromSeconds(30));
        var run = await running;

        Assert.False(markerBefore);
        Assert.True(grownWhileDown > 0, "the log did not grow while sshd was down");
        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.Contains("lost the SSH connection", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(run.Stderr, "traas-ci: connected to "));
        var remote = await File.ReadAllBytesAsync((string)State()["log_path"]!);
        Assert.Equal(Encoding.UTF8.GetString(remote), run.Stdout);
        Assert.Equal(remote, await File.ReadAllBytesAsync(Path.Combine(Out, "traas.log")));
        var lines = run.Stdout.Split('\n').Where(l => l.StartsWith("TASK [", StringComparison.Ordinal)).ToList();
        Assert.Equal(lines.Count, lines.Distinct().Count());
    }

    [Fact]
    public async Task A_job_that_never_writes_its_marker_is_timed_out_at_the_deadline()
    {
        var name = NewName("hang");
        var watch = Stopwatch.StartNew();

        var run = await RunAsync(name, "hang", seconds: 3, "--job-timeout", "0.25");

        Assert.True(run.ExitCode == ExitCodes.TimedOut, run.Stderr);
        Assert.Contains("TIMED_OUT: the job wrote no exit marker", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("TASK [overcloud-deploy : Check the overcloud deployment]", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("TIMED_OUT", (string?)State()["result"]);
        Assert.True(File.Exists(Path.Combine(Out, "junit.xml")));
        Assert.False(await StackExistsAsync(name));
        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(3), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_passing_job_whose_logs_cannot_be_collected_in_time_is_a_post_failure_reported_from_the_streamed_log()
    {
        var name = NewName("post");

        var run = await RunAsync(name, "pass", seconds: 3, "--collect-timeout", "0.001");

        Assert.True(run.ExitCode == ExitCodes.PostFailure, run.Stderr);
        Assert.Contains("POST_FAILURE: collecting the logs failed", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("POST_FAILURE", (string?)State()["result"]);
        // The report is made from what the wait streamed, which is the whole log.
        Assert.Equal(await File.ReadAllBytesAsync((string)State()["log_path"]!), await File.ReadAllBytesAsync(Path.Combine(Out, "traas.log")));
        Assert.Equal("0", (string?)XDocument.Load(Path.Combine(Out, "junit.xml")).Root!.Attribute("failures"));
        Assert.False(await StackExistsAsync(name));
    }

    [Fact]
    public async Task SIGTERM_during_the_wait_collects_reports_deletes_the_stack_and_exits_130()
    {
        var name = NewName("term");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "traas-ci.dll"), .. RunArgs(name, "pass", 30), "--keep", "never"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in Environment)
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        await UntilAsync(() => LocalLogLength() > 0, "the tail to start");
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(limit.Token);

        Assert.True(process.ExitCode == ExitCodes.Cancelled, await stderr);
        Assert.Contains("cancelled: collecting what the job has written so far", await stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("exit 0", await stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Out, "junit.xml")));
        Assert.Equal("CANCELLED", (string?)State()["result"]);
        Assert.False(await StackExistsAsync(name));
    }

    [Fact]
    public async Task A_changed_undercloud_host_key_is_refused_with_both_fingerprints()
    {
        var name = NewName("rekey");

        var running = RunAsync(name, "pass", seconds: 20);
        await UntilAsync(() => LocalLogLength() > 0, "the tail to start");
        await sandbox.ScriptAsync("sshd-rekey", TimeSpan.FromSeconds(30));
        var run = await running;

        Assert.True(run.ExitCode == ExitCodes.CloudError, run.Stderr);
        Assert.Matches(@"error: the SSH host key of \[127\.0\.0\.1\]:22222 for stack \S+ changed from SHA256:\S+ \(recorded in [^)]+known_hosts\) to SHA256:\S+; refusing to connect", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.False(await StackExistsAsync(name));
    }

    [Fact]
    public async Task Stacks_that_fail_to_come_up_are_deleted_and_tried_again_up_to_the_attempts()
    {
        var name = NewName("node");
        var failing = Path.Combine(work, "failing-swap.yaml");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Stacks", "failing-swap.yaml"), failing);
        var registry = Path.Combine(work, "failing-registry.yaml");
        await File.WriteAllTextAsync(registry, "resource_registry:\n  OS::TraaS::Swap: failing-swap.yaml\n");

        var run = await RunAsync(name, "pass", seconds: 3, "-e", registry, "--attempts", "2");

        Assert.True(run.ExitCode == ExitCodes.NodeFailure, run.Stderr);
        Assert.Equal(2, CountOf(run.Stderr, "traas-ci: error: NODE_FAILURE: stack "));
        Assert.Contains($"attempt 2 of 2: provisioning a new stack {name}-attempt2", run.Stderr, StringComparison.Ordinal);
        Assert.False(await StackExistsAsync(name));
        Assert.False(await StackExistsAsync($"{name}-attempt2"));
    }

    [Fact]
    public async Task An_interrupted_run_is_carried_on_by_wait_collect_report_and_delete_from_its_state_file()
    {
        var name = NewName("resume");

        var first = await RunAsync(name, "pass", seconds: 20, "--job-timeout", "0.1", "--keep", "always");
        var statePath = Path.Combine(Out, "run-state.json");
        var wait = await CliRun.RunAsync(["wait", "--state", statePath, "--job-timeout", "5"], environment: Environment);
        var collect = await CliRun.RunAsync(["collect", "--state", statePath], environment: Environment);
        var report = await CliRun.RunAsync(["report", "--state", statePath], environment: Environment);
        var delete = await CliRun.RunAsync(["delete", "--state", statePath, "--wait"], environment: Environment);

        Assert.True(first.ExitCode == ExitCodes.TimedOut, first.Stderr);
        Assert.Contains($"keeping stack {State()["stack_id"]}", first.Stderr, StringComparison.Ordinal);
        Assert.True(wait.ExitCode == ExitCodes.Passed, wait.Stderr);
        Assert.Contains("resuming the wait", wait.Stderr, StringComparison.Ordinal);
        // The first run's lines and the resumed wait's lines make the log, with nothing twice.
        var remote = await File.ReadAllTextAsync((string)State()["log_path"]!);
        Assert.Equal(remote, first.Stdout + wait.Stdout);
        Assert.Equal(ExitCodes.Passed, collect.ExitCode);
        Assert.True(report.ExitCode == ExitCodes.Passed, report.Stderr);
        Assert.Equal("multinode-1ctlr-featureset004", (string?)XDocument.Load(Path.Combine(Out, "junit.xml")).Root!.Attribute("name"));
        Assert.Equal(ExitCodes.Passed, delete.ExitCode);
        Assert.False(await StackExistsAsync(name));
    }

    /// <summary>A pull_request event of PR <paramref name="number"/> at <paramref name="sha"/>, published to <paramref name="github"/>.</summary>
    private Dictionary<string, string> PullRequestEnvironment(ContractCheckedGitHubFake github, int number, string sha)
    {
        var eventPath = Path.Combine(work, "event.json");
        File.WriteAllText(eventPath, $"{{\"pull_request\": {{\"number\": {number}, \"head\": {{\"sha\": \"{sha}\"}}}}}}");
        var environment = new Dictionary<string, string>(Environment);
        foreach (var (key, value) in github.Environment(eventPath))
            environment[key] = value;
        environment["TRAAS_GITHUB_RETRIES"] = "1";
        return environment;
    }

    private Task<CliRun> RunAsync(string name, string outcome, int seconds, params string[] extra) =>
        CliRun.RunAsync([.. RunArgs(name, outcome, seconds), .. extra], environment: Environment);

    private string[] RunArgs(string name, string outcome, int seconds)
    {
        var job = Path.Combine(work, $"job-{outcome}.yaml");
        File.WriteAllText(job, $"parameter_defaults:\n  standin_outcome: {outcome}\n  standin_seconds: {seconds}\n");
        // Each test records host keys in its own file.
        var options = sandbox.RunOptions.ToList();
        options[options.IndexOf("--known-hosts") + 1] = Path.Combine(work, "known_hosts");
        return ["run", name, "-t", Path.Combine(OpenStackSandbox.Repo, "templates", "traas.yaml"), .. options, "-e", job, "--out", Out];
    }

    private JsonNode State() => JsonNode.Parse(File.ReadAllText(Path.Combine(Out, "run-state.json")))!;

    /// <summary>
    /// How much of the log the wait has copied so far: its byte-exact working copy (the artifacts'
    /// traas.log, masked, is written when the wait ends).
    /// </summary>
    private long LocalLogLength()
    {
        try
        {
            return File.Exists(Path.Combine(Out, "run-state.json")) && (string?)State()["raw_log"] is { } raw && File.Exists(raw)
                ? new FileInfo(raw).Length
                : 0;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            // The state file is rewritten whole (a rename); a read in between sees the old one or none.
            return 0;
        }
    }

    private string RemoteMarker() => (string)State()["marker_path"]!;

    private long RemoteLogLength() => new FileInfo((string)State()["log_path"]!).Length;

    private async Task<bool> StackExistsAsync(string name) =>
        (await CliRun.RunAsync(["status", name], environment: Environment)).ExitCode != ExitCodes.NoSuchStack;

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"waited 3 minutes for {what}");
            await Task.Delay(200);
        }
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
            count++;
        return count;
    }

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..16];
}
