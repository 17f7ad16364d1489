using System.Text.Json.Nodes;
using Traas.Tool.Commands;
using Traas.Tool.GitHub;
using Traas.Tool.Model;

namespace Traas.Tool.Tests.GitHub;

/// <summary>
/// `traas-ci command` on issue_comment events, against GitHub's contract: every request goes through Prism
/// (GitHub's OpenAPI description), behind a fake that keeps comments, reactions, check runs and re-runs.
/// </summary>
public sealed class PrCommandSpecs : IAsyncLifetime
{
    private const string Head = "fedcba9876543210fedcba9876543210fedcba98";
    private readonly string work = Directory.CreateTempSubdirectory("traas-command-").FullName;
    private ContractCheckedGitHubFake github = null!;

    public async Task InitializeAsync()
    {
        github = await ContractCheckedGitHubFake.StartAsync();
        github.PullHeads[7] = Head;
        // The builder's author: a MEMBER who may push.
        github.Permissions["alice"] = ("write", "write");
    }

    public async Task DisposeAsync()
    {
        await github.DisposeAsync();
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task A_maintainers_recheck_runs_again_the_workflow_runs_behind_traas_cis_check_runs_on_the_head()
    {
        AddCheckRun(Head, "traas-ci / multinode-1ctlr-featureset004", "4242");
        AddCheckRun(Head, "traas-ci / ovb-3ctlr_1comp-featureset001", "4243");
        AddCheckRun(Head, "traas-ci / scenario001", "4242");
        AddCheckRun("0123456789abcdef0123456789abcdef01234567", "traas-ci / multinode-1ctlr-featureset004", "4000");
        github.ForeignCheckRuns.Add(new(Head, "traas-ci / multinode-1ctlr-featureset004", "666", "someone-elses-app"));
        github.ForeignCheckRuns.Add(new(Head, "lint", "777", "github-actions"));

        var run = await CommandAsync(new CommentEventBuilder { Body = "Recheck\nthe mirror was down" });

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        AssertContract();
        Assert.Equal([4242L, 4243L], github.Reruns);
        Assert.Equal([(555L, "+1")], github.Reactions);
        Assert.False(github.Comments.TryGetValue(7, out var replies) && replies.Count > 0);
        Assert.Contains("recheck: workflow run 4242 runs again", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_author_who_may_not_push_gets_a_reply_saying_why_and_nothing_runs()
    {
        AddCheckRun(Head, "traas-ci / multinode-1ctlr-featureset004", "4242");
        github.Permissions["mallory"] = ("read", "triage");
        var hostile = "recheck @everyone <img src=x onerror=alert(1)> [merge](https://evil.example) #1 ${{ secrets.X }}";

        var run = await CommandAsync(new CommentEventBuilder { Body = hostile }.By("mallory", "CONTRIBUTOR"));

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        AssertContract();
        Assert.Empty(github.Reruns);
        Assert.Equal([(555L, "-1")], github.Reactions);
        var reply = Assert.Single(github.Comments[7]);
        Assert.Equal(GitHubAccount.ActionsBot, reply.Author);
        Assert.StartsWith("**traas-ci**: mallory, PR commands (`recheck`, `hold`) are taken only from people who may push",
            reply.Body, StringComparison.Ordinal);
        Assert.Contains("Your association is `CONTRIBUTOR` and your permission is `triage`, so nothing was done",
            reply.Body, StringComparison.Ordinal);
        foreach (var echoed in new[] { "@", "<img", "evil", "#1", "secrets", "merge" })
            Assert.DoesNotContain(echoed, reply.Body, StringComparison.Ordinal);
        Assert.Contains("mallory (CONTRIBUTOR, permission triage) may not command traas-ci: refused", run.Stderr,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NONE", "none")]
    [InlineData("FIRST_TIME_CONTRIBUTOR", "none")]
    public async Task An_author_who_is_no_collaborator_at_all_is_refused_too(string association, string shown)
    {
        var run = await CommandAsync(new CommentEventBuilder { Body = "hold 48" }.By("drive-by", association));

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        AssertContract();
        Assert.Single(github.Requests, r => r.Path.EndsWith("/collaborators/drive-by/permission", StringComparison.Ordinal));
        var reply = Assert.Single(github.Comments[7]);
        Assert.Contains($"Your association is `{association}` and your permission is `{shown}`", reply.Body,
            StringComparison.Ordinal);
        Assert.DoesNotContain(HoldRecord.Marker, reply.Body, StringComparison.Ordinal);
        Assert.Equal([(555L, "-1")], github.Reactions);
    }

    [Theory]
    [InlineData("write", "write")]
    [InlineData("write", "maintain")]
    [InlineData("admin", "admin")]
    public async Task An_author_without_an_association_but_with_write_permission_may_command(string permission,
        string role)
    {
        AddCheckRun(Head, "traas-ci / multinode-1ctlr-featureset004", "4242");
        github.Permissions["bob"] = (permission, role);

        var run = await CommandAsync(new CommentEventBuilder().By("bob", "CONTRIBUTOR"));

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        AssertContract();
        Assert.Equal([4242L], github.Reruns);
        Assert.Equal([(555L, "+1")], github.Reactions);
    }

    [Theory]
    [InlineData("MEMBER", "read", "read")]
    [InlineData("COLLABORATOR", "read", "triage")]
    public async Task A_member_or_collaborator_who_may_not_push_is_refused(string association, string permission,
        string role)
    {
        AddCheckRun(Head, "traas-ci / multinode-1ctlr-featureset004", "4242");
        github.Permissions["reader"] = (permission, role);

        var run = await CommandAsync(new CommentEventBuilder { Body = "hold 48" }.By("reader", association));

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        AssertContract();
        Assert.Single(github.Requests, r => r.Path.EndsWith("/collaborators/reader/permission", StringComparison.Ordinal));
        var reply = Assert.Single(github.Comments[7]);
        Assert.Contains($"Your association is `{association}` and your permission is `{role}`, so nothing was done",
            reply.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(HoldRecord.Marker, reply.Body, StringComparison.Ordinal);
        Assert.Empty(github.Reruns);
        Assert.Equal([(555L, "-1")], github.Reactions);
    }

    [Fact]
    public async Task The_owner_is_trusted_by_association_without_asking_for_the_permission()
    {
        AddCheckRun(Head, "traas-ci / multinode-1ctlr-featureset004", "4242");

        var run = await CommandAsync(new CommentEventBuilder().By("carol", "OWNER"));

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.DoesNotContain(github.Requests, r => r.Path.Contains("/collaborators/", StringComparison.Ordinal));
        Assert.Equal([4242L], github.Reruns);
    }

    [Fact]
    public async Task A_hold_is_recorded_in_a_reply_that_says_what_the_next_run_does()
    {
        var run = await CommandAsync(new CommentEventBuilder { Body = "HOLD 48", CommentId = 900 });

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        AssertContract();
        var reply = Assert.Single(github.Comments[7]);
        Assert.Equal(GitHubAccount.ActionsBot, reply.Author);
        var hold = HoldRecord.Read(reply.Body, out var problem);
        Assert.Null(problem);
        Assert.Equal(new HoldRecord(48, "alice", 900, hold!.At), hold);
        Assert.Contains("The next run of this pull request keeps its stack if the job fails, for 48 hours "
            + "(`--keep on-failure --hold-hours 48`)", reply.Body, StringComparison.Ordinal);
        Assert.Equal([(900L, "+1")], github.Reactions);
        Assert.Empty(github.Reruns);
    }

    [Fact]
    public async Task A_plain_hold_leaves_the_hours_to_the_run()
    {
        var run = await CommandAsync(new CommentEventBuilder { Body = "hold" });

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        var reply = Assert.Single(github.Comments[7]);
        Assert.Contains("for the run's default hours (`--keep on-failure`)", reply.Body, StringComparison.Ordinal);
        Assert.Null(HoldRecord.Read(reply.Body, out _)!.Hours);
    }

    [Fact]
    public async Task A_hold_with_hours_out_of_range_is_answered_with_how_to_write_it_and_nothing_is_held()
    {
        var run = await CommandAsync(new CommentEventBuilder { Body = "hold 4800 <b>@bob</b>" });

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        AssertContract();
        var reply = Assert.Single(github.Comments[7]);
        Assert.StartsWith("**traas-ci**: alice, that command was not understood, so nothing was done: `hold` keeps",
            reply.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("4800", reply.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("@", reply.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(HoldRecord.Marker, reply.Body, StringComparison.Ordinal);
        Assert.Equal([(555L, "confused")], github.Reactions);
    }

    [Fact]
    public async Task A_recheck_with_no_traas_ci_check_run_on_the_head_says_there_is_nothing_to_run()
    {
        AddCheckRun("0123456789abcdef0123456789abcdef01234567", "traas-ci / multinode-1ctlr-featureset004", "4000");

        var run = await CommandAsync(new CommentEventBuilder());

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        AssertContract();
        Assert.Empty(github.Reruns);
        var reply = Assert.Single(github.Comments[7]);
        Assert.Contains($"found no traas-ci check run on the head commit `{Head}`", reply.Body, StringComparison.Ordinal);
        Assert.Equal([(555L, "confused")], github.Reactions);
    }

    [Fact]
    public async Task A_recheck_on_a_closed_pull_request_runs_nothing_and_says_so()
    {
        AddCheckRun(Head, "traas-ci / multinode-1ctlr-featureset004", "4242");
        github.ClosedPulls.Add(7);

        var run = await CommandAsync(new CommentEventBuilder());

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        AssertContract();
        Assert.Empty(github.Reruns);
        Assert.Contains("this pull request is closed, so `recheck` runs nothing", Assert.Single(github.Comments[7]).Body,
            StringComparison.Ordinal);
        Assert.Equal([(555L, "confused")], github.Reactions);
    }

    [Fact]
    public async Task A_run_GitHub_will_not_run_again_is_named_in_a_reply_and_the_step_fails()
    {
        AddCheckRun(Head, "traas-ci / multinode-1ctlr-featureset004", "4242");
        AddCheckRun(Head, "traas-ci / scenario001", "4243");
        github.RunningRuns.Add(4243);

        var run = await CommandAsync(new CommentEventBuilder());

        Assert.Equal(ExitCodes.CloudError, run.ExitCode);
        AssertContract();
        Assert.Equal([4242L], github.Reruns);
        var reply = Assert.Single(github.Comments[7]);
        Assert.Contains("- workflow run `4243`: HTTP 403 (the workflow is still running", reply.Body, StringComparison.Ordinal);
        Assert.Equal([(555L, "+1")], github.Reactions);
    }

    [Theory]
    [InlineData("LGTM, thanks", "created", true)]
    [InlineData("> recheck\nno, not yet", "created", true)]
    [InlineData("```\nrecheck\n```", "created", true)]
    [InlineData("recheck", "edited", true)]
    [InlineData("recheck", "deleted", true)]
    [InlineData("recheck", "created", false)]
    public async Task A_comment_that_is_no_new_command_on_a_pull_request_does_nothing_at_all(string body, string action,
        bool onPullRequest)
    {
        AddCheckRun(Head, "traas-ci / multinode-1ctlr-featureset004", "4242");

        var run = await CommandAsync(new CommentEventBuilder { Body = body, Action = action, OnPullRequest = onPullRequest });

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.Empty(github.Requests);
    }

    [Fact]
    public async Task A_reaction_GitHub_refuses_is_a_warning_and_the_command_still_counts()
    {
        AddCheckRun(Head, "traas-ci / multinode-1ctlr-featureset004", "4242");
        github.Force = (request, _) => request.Path.EndsWith("/reactions", StringComparison.Ordinal)
            ? new ForcedAnswer(500, """{"message":"boom"}""", new Dictionary<string, string>())
            : null;

        var run = await CommandAsync(new CommentEventBuilder(), new() { ["TRAAS_GITHUB_RETRIES"] = "0" });

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.Equal([4242L], github.Reruns);
        Assert.Contains("::warning::could not react to comment 555: HTTP 500", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_permission_GitHub_will_not_tell_ends_the_command_with_exit_3_and_runs_nothing()
    {
        AddCheckRun(Head, "traas-ci / multinode-1ctlr-featureset004", "4242");
        github.Force = (request, _) => request.Path.Contains("/permission", StringComparison.Ordinal)
            ? new ForcedAnswer(403, """{"message":"Resource not accessible by integration"}""", new Dictionary<string, string>())
            : null;

        var run = await CommandAsync(new CommentEventBuilder().By("bob", "CONTRIBUTOR"), new() { ["TRAAS_GITHUB_RETRIES"] = "0" });

        Assert.Equal(ExitCodes.CloudError, run.ExitCode);
        Assert.Empty(github.Reruns);
        Assert.Contains("could not read the permission of the comment's author: HTTP 403", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json", "not JSON")]
    [InlineData("[]", "not an issue_comment event (no issue)")]
    [InlineData("""{"action":"opened","pull_request":{"number":7}}""", "not an issue_comment event (no issue)")]
    [InlineData("""{"action":"created","issue":{"number":"7"},"comment":{"id":1,"user":{"login":"a"}}}""", "not an issue_comment event (number is not a positive whole number)")]
    [InlineData("""{"action":"created","issue":{"number":7},"comment":{"id":-1,"user":{"login":"a"}}}""", "not an issue_comment event (id is not a positive whole number)")]
    [InlineData("""{"action":"created","issue":{"number":7},"comment":{"id":1,"user":{"login":"a"}}}""", "not an issue_comment event (no author_association)")]
    public async Task A_malformed_event_is_one_clear_line_and_exit_2(string payload, string message)
    {
        var path = Path.Combine(work, "event.json");
        await File.WriteAllTextAsync(path, payload);

        var run = await CliRun.RunAsync(["command", "--event", path], environment: github.Environment(path));

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains($"--event {path}: {message}", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain(ContractCheckedGitHubFake.ActionsToken, run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.Empty(github.Requests);
    }

    [Fact]
    public async Task An_event_file_that_is_missing_or_no_GitHub_context_is_exit_2()
    {
        var missing = await CliRun.RunAsync(["command", "--event", Path.Combine(work, "nope.json")]);
        var path = await new CommentEventBuilder().WriteAsync(work);
        var noToken = await CliRun.RunAsync(["command", "--event", path]);
        var noEvent = await CliRun.RunAsync(["command"]);

        Assert.Equal([2, 2, 2], new[] { missing.ExitCode, noToken.ExitCode, noEvent.ExitCode });
        Assert.Contains("nope.json: cannot be read", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("no GitHub context: command needs GITHUB_TOKEN and GITHUB_REPOSITORY", noToken.Stderr,
            StringComparison.Ordinal);
        Assert.Contains("no event: give --event FILE", noEvent.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_verbs_read_their_options_in_any_order_and_are_listed_in_the_help()
    {
        var command = Assert.IsType<CommentCommandOptions>(
            TraasCli.Parse(["command", "--comment-author=traas-app[bot]", "--event", "e.json"]));
        var hold = Assert.IsType<TakeHoldOptions>(TraasCli.Parse(["take-hold", "--keep", "always"]));
        var help = await CliRun.RunAsync(["--help"]);
        var commandHelp = await CliRun.RunAsync(["command", "--help"]);

        Assert.Equal(("e.json", "traas-app[bot]"), (command.Event, command.CommentAuthor));
        Assert.Equal("always", hold.Keep);
        Assert.Equal("never", Assert.IsType<TakeHoldOptions>(TraasCli.Parse(["take-hold"])).Keep);
        Assert.Contains("command", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("take-hold", help.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, commandHelp.ExitCode);
        Assert.Contains("--event", commandHelp.Stdout, StringComparison.Ordinal);
    }

    private void AddCheckRun(string sha, string name, string runId) =>
        github.CheckRuns.Add((9000 + github.CheckRuns.Count, new JsonObject
        {
            ["name"] = name,
            ["head_sha"] = sha,
            ["external_id"] = runId,
        }, []));

    private async Task<CliRun> CommandAsync(CommentEventBuilder comment, Dictionary<string, string>? extra = null)
    {
        var path = await comment.WriteAsync(work);
        var environment = github.Environment(path);
        foreach (var (name, value) in extra ?? [])
            environment[name] = value;
        var run = await CliRun.RunAsync(["command"], environment: environment);
        Assert.DoesNotContain(ContractCheckedGitHubFake.ActionsToken, run.Stdout + run.Stderr, StringComparison.Ordinal);
        return run;
    }

    private void AssertContract() => Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
}
