using System.Text.Json.Nodes;
using Traas.Tool.GitHub;
using Traas.Tool.Model;

namespace Traas.Tool.Tests.GitHub;

/// <summary>
/// `traas-ci publish --issues` in a scheduled run, against GitHub's contract: every request goes through
/// Prism (GitHub's OpenAPI description), behind a fake that keeps issues, their labels and comments.
/// </summary>
public sealed class PeriodicIssueSpecs : IAsyncLifetime
{
    private const string JobType = "multinode-1ctlr-featureset004";
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private static readonly Uri Server = new("https://github.example/");
    private readonly string work = Directory.CreateTempSubdirectory("traas-issues-").FullName;
    private ContractCheckedGitHubFake github = null!;

    private string EventPath => Path.Combine(work, "event.json");

    public async Task InitializeAsync()
    {
        github = await ContractCheckedGitHubFake.StartAsync();
        await File.WriteAllTextAsync(EventPath, new JsonObject { ["schedule"] = "0 3 * * *" }.ToJsonString());
    }

    public async Task DisposeAsync()
    {
        await github.DisposeAsync();
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task A_red_periodic_job_has_one_issue_from_its_first_failure_until_the_pass_that_closes_it()
    {
        var failing = await ReportAsync("failing-job.log", "failing");
        var passing = await ReportAsync("passing-job.log", "passing");
        var known = await KnownFailuresAsync();

        var opened = await PublishAsync(failing, "1001", "--known-failures", known);
        var afterOpen = Assert.Single(github.Issues.Values);
        var second = await PublishAsync(failing, "1002", "--known-failures", known);
        var third = await PublishAsync(failing, "1003", "--known-failures", known);
        var afterUpdates = Assert.Single(github.Issues.Values);
        var closed = await PublishAsync(passing, "1004", "--known-failures", known);

        Assert.All(new[] { opened, second, third, closed }, run => Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr));
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        Assert.Equal($"traas-ci: {JobType} is failing", afterOpen.Title);
        Assert.Equal(["traas-ci", "FAILED"], afterOpen.Labels);
        Assert.Contains(IssueBody.Begin(JobType), afterOpen.Body, StringComparison.Ordinal);
        Assert.Contains($"## ❌ {JobType}: FAILED since ", afterOpen.Body, StringComparison.Ordinal);
        Assert.Contains("[workflow run](https://github.example/traas-ci/demo/actions/runs/1001)", afterOpen.Body, StringComparison.Ordinal);
        Assert.Contains("| first failing task | Gathering Facts \\[subnode-2\\] (Install the undercloud) ([line 17]", afterOpen.Body, StringComparison.Ordinal);
        Assert.Contains("### Known failures\n\n- [Heat stack failed](https://example.org/heat): 1 line", afterOpen.Body, StringComparison.Ordinal);
        Assert.Contains("### Runs since the job went red (1)", afterOpen.Body, StringComparison.Ordinal);
        Assert.Equal(afterOpen.Number, afterUpdates.Number);
        Assert.Contains("### Runs since the job went red (3)", afterUpdates.Body, StringComparison.Ordinal);
        Assert.Equal(["FAILED", "FAILED", "FAILED"], History(afterUpdates.Body).Select(e => e.Result.Label()));
        Assert.Equal(["runs/1003", "runs/1002", "runs/1001"], History(afterUpdates.Body).Select(e => e.RunUrl![^9..]));
        Assert.Single(github.Requests, r => r.Method == "POST" && r.Path == "/repos/traas-ci/demo/issues");
        var issue = Assert.Single(github.Issues.Values);
        Assert.Equal(("closed", "completed"), (issue.State, issue.StateReason));
        Assert.Contains($"## ✅ {JobType}: passed again on ", issue.Body, StringComparison.Ordinal);
        Assert.Equal(["PASSED", "FAILED", "FAILED", "FAILED"], History(issue.Body).Select(e => e.Result.Label()));
        var comment = Assert.Single(github.Comments[issue.Number]);
        Assert.StartsWith($"✅ {JobType} passed in [this run](https://github.example/traas-ci/demo/actions/runs/1004) on commit `0123456`, after 3 runs that did not: closing.", comment.Body, StringComparison.Ordinal);
        Assert.Contains($"closed issue #{issue.Number}", closed.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rerun_of_a_workflow_run_neither_duplicates_the_issue_nor_its_row_nor_the_closing_comment()
    {
        var failing = await ReportAsync("failing-job.log", "failing");
        var passing = await ReportAsync("passing-job.log", "passing");

        var runs = new[]
        {
            await PublishAsync(failing, "2001"),
            await RerunAsync(failing, "2001", "2"),
            await PublishAsync(failing, "2002"),
            await RerunAsync(failing, "2002", "2"),
        };
        var red = Assert.Single(github.Issues.Values);
        var closing = new[] { await PublishAsync(passing, "2003"), await RerunAsync(passing, "2003", "2") };

        Assert.All(runs.Concat(closing), run => Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr));
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        Assert.Equal(["runs/2002", "runs/2001"], History(red.Body).Select(e => e.RunUrl![^9..]));
        Assert.Equal(2, red.Body.Split("| ❌ FAILED |").Length - 1);
        var issue = Assert.Single(github.Issues.Values);
        Assert.Equal("closed", issue.State);
        Assert.Single(github.Comments[issue.Number]);
        Assert.Contains("has no open issue: nothing to close", closing[1].Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_a_person_writes_outside_the_block_survives_every_update_and_the_close()
    {
        var failing = await ReportAsync("failing-job.log", "failing");
        var timedOut = await ReportAsync("failing-job.log", "timed-out");
        var state = new JsonObject { ["version"] = 1, ["stage"] = "deleted", ["job_type"] = JobType, ["result"] = "TIMED_OUT" };
        await File.WriteAllTextAsync(Path.Combine(timedOut, ArtifactFiles.RunState), state.ToJsonString());
        var passing = await ReportAsync("passing-job.log", "passing");
        const string above = "**Triage**: the mirror is slow again, see the ruck notes.\n\n";
        const string below = "\n\nRoot cause so far: the package mirror. Do not close by hand.\n";

        await PublishAsync(failing, "3001");
        var number = Assert.Single(github.Issues.Values).Number;
        github.EditIssue(number, i => i with { Body = above + i.Body + below, Labels = [.. i.Labels, "needs-triage"], Milestone = 3 });
        var updates = new[] { await PublishAsync(timedOut, "3002"), await PublishAsync(failing, "3003") };
        var updated = github.Issues[number];
        var close = await PublishAsync(passing, "3004");

        Assert.All(updates.Append(close), run => Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr));
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        Assert.StartsWith(above + IssueBody.Begin(JobType), updated.Body, StringComparison.Ordinal);
        Assert.EndsWith(IssueBody.End(JobType) + below, updated.Body, StringComparison.Ordinal);
        Assert.Equal(["FAILED", "TIMED_OUT", "FAILED"], History(updated.Body).Select(e => e.Result.Label()));
        Assert.Equal(["FAILED", "needs-triage", "traas-ci"], updated.Labels.Order(StringComparer.Ordinal));
        Assert.Equal(3, updated.Milestone);
        var patches = github.Requests.Where(r => r.Method == "PATCH" && r.Path.StartsWith("/repos/traas-ci/demo/issues/", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, patches.Count);
        Assert.All(patches, p => Assert.False(p.Body!.AsObject().ContainsKey("title") || p.Body.AsObject().ContainsKey("assignees"), p.Body.ToJsonString()[..200]));
        var issue = github.Issues[number];
        Assert.StartsWith(above + IssueBody.Begin(JobType), issue.Body, StringComparison.Ordinal);
        Assert.EndsWith(IssueBody.End(JobType) + below, issue.Body, StringComparison.Ordinal);
        Assert.Equal("closed", issue.State);
        Assert.Equal(3, issue.Milestone);
    }

    [Fact]
    public async Task The_new_lines_of_traas_ci_diff_are_in_the_issue_inert_and_cut_and_the_log_cannot_end_the_block()
    {
        var failing = await ReportAsync("failing-job.log", "failing");
        var hostile = $"- cc @alice, #12, GH-34, https://evil.example/x\n- {IssueBody.End(JobType)} <!-- traas-ci:history [] -->\n"
            + "- <script>alert(1)</script>\n```\n" + IssueBody.End(JobType) + " <script>\n```\n";
        await File.WriteAllTextAsync(Path.Combine(failing, ArtifactFiles.NewLinesSummary), hostile + new string('x', 90) + "\n" + string.Concat(Enumerable.Repeat(new string('y', 99) + "\n", 3000)));

        var first = await PublishAsync(failing, "4001");
        var body = Assert.Single(github.Issues.Values).Body;
        var second = await PublishAsync(failing, "4002");

        Assert.True(first.ExitCode + second.ExitCode == 0, first.Stderr + second.Stderr);
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        var again = Assert.Single(github.Issues.Values).Body;
        Assert.Contains("### New lines in this run", body, StringComparison.Ordinal);
        Assert.Contains($"@{Mentions.WordJoiner}alice", body, StringComparison.Ordinal);
        Assert.DoesNotMatch(MentionsSpecs.LiveMention(), body);
        Assert.Single(body.Split("<script>").Skip(1));
        Assert.Contains("```\n<\u2060!-- traas-ci:end", body, StringComparison.Ordinal);
        Assert.Contains("cut here to fit GitHub's limit; the rest is in new-lines.md", body, StringComparison.Ordinal);
        Assert.InRange(body.Length, CommentBody.NewLinesLimit, CommentBody.NewLinesLimit + 6000);
        Assert.Single(body.Split(IssueBody.End(JobType)).Skip(1));
        Assert.Single(again.Split(IssueBody.End(JobType)).Skip(1));
        Assert.Equal(2, History(again).Count);
        // One more row in the table and the history; nothing of the first block is left behind.
        Assert.InRange(again.Length, body.Length + 100, body.Length + 400);
    }

    [Fact]
    public async Task Mentions_from_the_log_notify_nobody_and_the_body_stays_within_GitHubs_limit_beside_a_long_human_note()
    {
        var log = Path.Combine(work, "mentions.log");
        await File.WriteAllTextAsync(log, """
            PLAY [deploy for @openstack/tripleo-core] ***
            TASK [ping @alice about GH-12, #34 and https://github.com/o/r/issues/9] ***
            fatal: [@mallory]: FAILED! => {"msg": "cc @bob, @org/team, openstack/tripleo-ci#56 <!-- x --> | pipe"}

            """);
        var artifacts = await ReportAsync(log, "mentions");
        await File.WriteAllTextAsync(Path.Combine(artifacts, ArtifactFiles.NewLinesSummary), string.Concat(Enumerable.Repeat("new line @bob\n", 5000)));

        await PublishAsync(artifacts, "5001");
        var number = Assert.Single(github.Issues.Values).Number;
        github.EditIssue(number, i => i with { Body = i.Body + "\n\n" + new string('n', 60000) });
        var run = await PublishAsync(artifacts, "5002");

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        var issue = github.Issues[number];
        var block = issue.Body[..issue.Body.IndexOf(new string('n', 100), StringComparison.Ordinal)];
        Assert.DoesNotMatch(MentionsSpecs.LiveMention(), block + issue.Title);
        Assert.Contains($"ping @{Mentions.WordJoiner}alice about GH-{Mentions.WordJoiner}12", block, StringComparison.Ordinal);
        Assert.InRange(issue.Body.Length, 60000, CommentBody.CommentLimit);
        Assert.EndsWith(new string('n', 60000), issue.Body, StringComparison.Ordinal);
        Assert.Equal(2, History(issue.Body).Count);
    }

    [Fact]
    public async Task An_issue_with_our_marker_that_someone_else_opened_is_left_alone()
    {
        var failing = await ReportAsync("failing-job.log", "failing");
        var mallory = new GitHubAccount("mallory", 9001, "User", "CONTRIBUTOR");
        var spoof = github.AddIssue("all good", $"{IssueBody.Begin(JobType)}\nmerge it\n{IssueBody.End(JobType)}", mallory, "traas-ci", "FAILED");

        var run = await PublishAsync(failing, "6001");

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        Assert.Equal(spoof, github.Issues[spoof.Number]);
        var ours = Assert.Single(github.Issues.Values, i => i.Number != spoof.Number);
        Assert.Equal(GitHubAccount.ActionsBot, ours.Author);
        Assert.Contains($"issue #{spoof.Number} holds traas-ci's marker for {JobType} but was opened by mallory", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pass_with_no_open_issue_opens_none_and_without_issues_no_issue_is_touched()
    {
        var passing = await ReportAsync("passing-job.log", "passing");
        var failing = await ReportAsync("failing-job.log", "failing");

        var pass = await PublishAsync(passing, "7001");
        var plain = await CliRun.RunAsync(["publish", "--artifacts", failing], environment: Environment("7002", "1"));

        Assert.True(pass.ExitCode + plain.ExitCode == 0, pass.Stderr + plain.Stderr);
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        Assert.Empty(github.Issues);
        Assert.DoesNotContain(github.Requests, r => r.Path.EndsWith("/issues", StringComparison.Ordinal) && r.Method == "POST");
        Assert.Single(github.Requests, r => r.Path.EndsWith("/issues", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_GitHub_refuses_the_issue_publish_warns_and_exits_0()
    {
        var failing = await ReportAsync("failing-job.log", "failing");
        github.Force = (request, _) => request.Path.EndsWith("/issues", StringComparison.Ordinal) && request.Method == "POST"
            ? new ForcedAnswer(403, """{"message": "Resource not accessible by integration"}""", new Dictionary<string, string>())
            : null;

        var run = await PublishAsync(failing, "8001");

        Assert.Equal(ExitCodes.Passed, run.ExitCode);
        Assert.Contains("could not publish the periodic issue: HTTP 403 Resource not accessible by integration", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("issues: write", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(ContractCheckedGitHubFake.ActionsToken, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    private static IReadOnlyList<RunEntry> History(string body) =>
        CommentHistory.Read(IssueBody.HistoryBlock(body, JobType), Server).Entries;

    private async Task<string> KnownFailuresAsync()
    {
        var known = Path.Combine(work, "known.yaml");
        await File.WriteAllTextAsync(known, "- name: Heat stack failed\n  regex: 'Heat Stack create failed'\n  url: https://example.org/heat\n");
        return known;
    }

    private async Task<string> ReportAsync(string log, string name)
    {
        var folder = Path.Combine(work, name);
        var path = Path.IsPathRooted(log) ? log : CliRun.LogPath(log);
        var run = await CliRun.RunAsync(["report", path, "--out", folder, "--job-name", JobType]);
        Assert.True(run.ExitCode is ExitCodes.Passed or ExitCodes.JobFailed, run.Stderr);
        File.Copy(path, Path.Combine(folder, "traas.log"), overwrite: true);
        return folder;
    }

    private Dictionary<string, string> Environment(string runId, string attempt)
    {
        var environment = github.Environment(EventPath);
        environment["GITHUB_SHA"] = Sha;
        environment["GITHUB_RUN_ID"] = runId;
        environment["GITHUB_RUN_ATTEMPT"] = attempt;
        environment["GITHUB_REF_NAME"] = "main";
        return environment;
    }

    private Task<CliRun> PublishAsync(string artifacts, string runId, params string[] extra) => RerunAsync(artifacts, runId, "1", extra);

    private Task<CliRun> RerunAsync(string artifacts, string runId, string attempt, params string[] extra) =>
        CliRun.RunAsync(["publish", "--artifacts", artifacts, "--issues", .. extra], environment: Environment(runId, attempt));
}
