using System.Text.Json.Nodes;
using Traas.Tool.GitHub;
using Traas.Tool.Model;

namespace Traas.Tool.Tests.GitHub;

/// <summary>
/// A `hold` reaches the next run of the pull request: `traas-ci take-hold` (action.yml runs it before
/// `run`) finds traas-ci's hold record, takes it for this workflow run and attempt, and gives the run
/// `--keep on-failure --hold-hours N`. Against GitHub's contract (Prism), as the other GitHub specs.
/// </summary>
public sealed class HoldHandoffSpecs : IAsyncLifetime
{
    private const string Head = "fedcba9876543210fedcba9876543210fedcba98";
    private readonly string work = Directory.CreateTempSubdirectory("traas-hold-").FullName;
    private ContractCheckedGitHubFake github = null!;

    private string PullRequestEvent => Path.Combine(work, "pull-request.json");

    private string Output => Path.Combine(work, "github-output");

    public async Task InitializeAsync()
    {
        github = await ContractCheckedGitHubFake.StartAsync();
        // The comments' author: a MEMBER who may push.
        github.Permissions["alice"] = ("write", "write");
        var pullRequest = new JsonObject { ["number"] = 7, ["head"] = new JsonObject { ["sha"] = Head } };
        await File.WriteAllTextAsync(PullRequestEvent,
            new JsonObject { ["action"] = "labeled", ["pull_request"] = pullRequest }.ToJsonString());
    }

    public async Task DisposeAsync()
    {
        await github.DisposeAsync();
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task The_next_run_after_a_hold_keeps_its_stack_on_failure_for_the_hours_asked()
    {
        await HoldAsync("hold 48");

        var run = await TakeHoldAsync("never");

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        AssertContract();
        Assert.Equal("--keep on-failure --hold-hours 48", run.Stdout.Trim());
        Assert.Equal("keep=on-failure\nhold-hours=48\n", await File.ReadAllTextAsync(Output));
        var record = Assert.Single(github.Comments[7]);
        var hold = HoldRecord.Read(record.Body, out _)!;
        Assert.Equal(("4242", "1"), (hold.TakenByRun, hold.TakenByAttempt));
        Assert.Contains("Taken by run [4242](https://github.example/traas-ci/demo/actions/runs/4242) (attempt `1`).",
            record.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_job_of_the_runs_matrix_takes_it_and_a_later_run_or_attempt_does_not()
    {
        await HoldAsync("hold 48");

        var first = await TakeHoldAsync("never");
        var second = await TakeHoldAsync("never");
        var rechecked = await TakeHoldAsync("never", attempt: "2");
        var later = await TakeHoldAsync("on-failure", runId: "5000");

        Assert.True(first.ExitCode + second.ExitCode + rechecked.ExitCode + later.ExitCode == 0, first.Stderr);
        AssertContract();
        Assert.Equal("--keep on-failure --hold-hours 48", first.Stdout.Trim());
        Assert.Equal("--keep on-failure --hold-hours 48", second.Stdout.Trim());
        Assert.Equal("--keep never", rechecked.Stdout.Trim());
        Assert.Equal("--keep on-failure", later.Stdout.Trim());
        Assert.Single(github.Requests, r => r.Method == "PATCH");
        Assert.Contains("was taken by run 4242 (attempt 1): none for this run", rechecked.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hold", "never", "--keep on-failure")]
    [InlineData("hold 2", "on-failure", "--keep on-failure --hold-hours 2")]
    [InlineData("hold 2", "always", "--keep always --hold-hours 2")]
    public async Task A_hold_never_weakens_the_workflows_keep(string command, string keep, string options)
    {
        await HoldAsync(command);

        var run = await TakeHoldAsync(keep);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.Equal(options, run.Stdout.Trim());
    }

    [Fact]
    public async Task The_latest_hold_counts_so_a_new_hold_after_a_taken_one_holds_the_next_run()
    {
        await HoldAsync("hold 48");
        await TakeHoldAsync("never");
        await HoldAsync("hold 6");

        var next = await TakeHoldAsync("never", attempt: "2");

        Assert.True(next.ExitCode == ExitCodes.Passed, next.Stderr);
        Assert.Equal("--keep on-failure --hold-hours 6", next.Stdout.Trim());
    }

    [Fact]
    public async Task A_hold_record_posted_by_someone_else_holds_nothing()
    {
        var forged = new HoldRecord(168, "alice", 1, DateTimeOffset.UnixEpoch);
        github.AddComment(7, PrReplies.Held(forged), new GitHubAccount("mallory", 9001, "User", "CONTRIBUTOR"));

        var run = await TakeHoldAsync("never");

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.Equal("--keep never", run.Stdout.Trim());
        Assert.DoesNotContain(github.Requests, r => r.Method == "PATCH");
    }

    [Theory]
    [InlineData("""{"hours":9999,"asked_by":"alice","comment":1,"at":"2026-01-01T00:00:00Z"}""", "its hours are out of range")]
    [InlineData("""{"hours":4,"asked_by":"<b>x</b>","comment":1,"at":"2026-01-01T00:00:00Z"}""", "it names no GitHub login")]
    [InlineData("""{"hours":"many"}""", "the hold block is not a hold record")]
    public async Task An_edited_hold_record_holds_nothing_and_says_why(string json, string problem)
    {
        var edited = github.AddComment(7, $"{HoldRecord.Marker}{json} -->\nedited", GitHubAccount.ActionsBot);

        var run = await TakeHoldAsync("never");

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.Equal("--keep never", run.Stdout.Trim());
        Assert.Contains($"comment {edited.Id} on pull request #7: {problem}: no hold taken", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GitHub_failing_leaves_the_run_as_the_workflow_asked_with_a_warning()
    {
        await HoldAsync("hold 48");
        github.Force = (_, _) => new ForcedAnswer(502, """{"message":"bad gateway"}""", new Dictionary<string, string>());

        var run = await TakeHoldAsync("never", extra: new() { ["TRAAS_GITHUB_RETRIES"] = "0" });

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.StartsWith("::warning::could not look for a hold on pull request #7: HTTP 502; the run keeps --keep never",
            run.Stdout, StringComparison.Ordinal);
        Assert.Equal("keep=never\nhold-hours=\n", await File.ReadAllTextAsync(Output));
    }

    [Fact]
    public async Task Outside_a_pull_request_there_is_no_hold_to_take()
    {
        var push = Path.Combine(work, "push.json");
        await File.WriteAllTextAsync(push, """{"ref":"refs/heads/main"}""");

        var run = await CliRun.RunAsync(["take-hold", "--keep", "on-failure"], environment: github.Environment(push));
        var bad = await CliRun.RunAsync(["take-hold", "--keep", "sometimes"], environment: github.Environment(push));

        Assert.Equal("--keep on-failure", run.Stdout.Trim());
        Assert.Empty(github.Requests);
        Assert.Equal(ExitCodes.BadInput, bad.ExitCode);
        Assert.Contains("--keep sometimes: give never, on-failure or always", bad.Stderr, StringComparison.Ordinal);
    }

    private async Task HoldAsync(string command)
    {
        var path = await new CommentEventBuilder { Body = command }.WriteAsync(work);
        var run = await CliRun.RunAsync(["command"], environment: github.Environment(path));
        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
    }

    private async Task<CliRun> TakeHoldAsync(string keep, string runId = "4242", string attempt = "1",
        Dictionary<string, string>? extra = null)
    {
        File.Delete(Output);
        var environment = github.Environment(PullRequestEvent);
        environment["GITHUB_RUN_ID"] = runId;
        environment["GITHUB_RUN_ATTEMPT"] = attempt;
        environment["GITHUB_OUTPUT"] = Output;
        foreach (var (name, value) in extra ?? [])
            environment[name] = value;
        var run = await CliRun.RunAsync(["take-hold", "--keep", keep], environment: environment);
        Assert.DoesNotContain(ContractCheckedGitHubFake.ActionsToken, run.Stdout + run.Stderr, StringComparison.Ordinal);
        return run;
    }

    private void AssertContract() => Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
}
