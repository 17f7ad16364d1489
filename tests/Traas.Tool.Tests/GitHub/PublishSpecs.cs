using System.Text;
using System.Text.Json.Nodes;
using Traas.Tool.GitHub;
using Traas.Tool.Model;

namespace Traas.Tool.Tests.GitHub;

/// <summary>
/// `traas-ci publish` against GitHub's contract: every request goes through Prism (GitHub's OpenAPI
/// description), behind a fake that remembers comments and check runs.
/// </summary>
public sealed partial class PublishSpecs : IAsyncLifetime
{
    private const int PullRequest = 7;
    private const string HeadSha = "fedcba9876543210fedcba9876543210fedcba98";
    private const string RunUrl = "https://github.example/traas-ci/demo/actions/runs/4242";
    private static readonly Uri Server = new("https://github.example/");
    private static readonly string Marker = CommentBody.Marker("multinode-1ctlr-featureset004");
    private readonly string work = Directory.CreateTempSubdirectory("traas-publish-").FullName;
    private ContractCheckedGitHubFake github = null!;

    private string EventPath => Path.Combine(work, "event.json");

    private string StepSummary => Path.Combine(work, "step-summary.md");

    public async Task InitializeAsync()
    {
        github = await ContractCheckedGitHubFake.StartAsync();
        var pullRequest = new JsonObject { ["number"] = PullRequest, ["head"] = new JsonObject { ["sha"] = HeadSha } };
        await File.WriteAllTextAsync(EventPath, new JsonObject { ["action"] = "synchronize", ["pull_request"] = pullRequest }.ToJsonString());
    }

    public async Task DisposeAsync()
    {
        await github.DisposeAsync();
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task A_failing_job_gets_a_check_run_a_sticky_comment_a_step_summary_and_annotations()
    {
        var artifacts = await ReportAsync("failing-job.log", "failing");

        var run = await PublishAsync(artifacts);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        var (_, create, updates) = Assert.Single(github.CheckRuns);
        Assert.Equal("traas-ci / multinode-1ctlr-featureset004", (string?)create["name"]);
        Assert.Equal(HeadSha, (string?)create["head_sha"]);
        Assert.Equal("failure", (string?)create["conclusion"]);
        Assert.Equal("https://github.example/traas-ci/demo/actions/runs/4242", (string?)create["details_url"]);
        Assert.Equal(4, create["output"]!["annotations"]!.AsArray().Count);
        Assert.Empty(updates);
        var comment = Assert.Single(github.Comments[PullRequest]);
        Assert.StartsWith(CommentBody.Marker("multinode-1ctlr-featureset004"), comment.Body, StringComparison.Ordinal);
        Assert.Contains("undercloud-deploy : Install the undercloud", comment.Body, StringComparison.Ordinal);
        Assert.StartsWith("## ❌ multinode-1ctlr-featureset004: failed", await File.ReadAllTextAsync(StepSummary), StringComparison.Ordinal);
        Assert.Contains("::error title=multinode-1ctlr-featureset004%3A undercloud-deploy %3A Install the undercloud [undercloud]::non-zero return code (traas.log line 37)", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("ghs_testtoken", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.All(github.Requests, r => Assert.Matches("^(?i:token|bearer) ghs_testtokenthatmustneverbeprinted$", r.Headers["Authorization"]));
    }

    [Fact]
    public async Task After_run_no_publish_the_attempts_run_again_for_the_infrastructure_are_in_the_history_once()
    {
        var passing = await ReportAsync("passing-job.log", "passing");
        // What `run --retry-infra 1 --no-publish` leaves: the first attempt's state in attempts/1.
        var first = Path.Combine(passing, "attempts", "1");
        Directory.CreateDirectory(first);
        await File.WriteAllTextAsync(Path.Combine(first, "run-state.json"), """{"result": "FAILED", "attempt": 1, "retried": true}""");
        // Not attempts: folders that are no attempt number, or hold no result.
        Directory.CreateDirectory(Path.Combine(passing, "attempts", "x"));
        Directory.CreateDirectory(Path.Combine(passing, "attempts", "3"));

        var once = await PublishAsync(passing);
        var again = await PublishAsync(passing);

        Assert.True(once.ExitCode + again.ExitCode == 0, once.Stderr + again.Stderr);
        var comment = Assert.Single(github.Comments[PullRequest]).Body;
        Assert.DoesNotContain("[!WARNING]", comment, StringComparison.Ordinal);
        var history = HistoryBlock().Match(comment).Groups[1].Value;
        // The second publish is another run of the workflow for GitHub: its entry is new, the attempt is not repeated.
        Assert.Equal(["PASSED", "PASSED", "FAILED"], JsonNode.Parse(history)!.AsArray().Select(e => (string?)e!["Result"]));
        Assert.Equal(1, CountOf(comment, "FAILED (attempt 1: infrastructure, run again)"));
    }

    private static int CountOf(string text, string part) => text.Split(part).Length - 1;

    [System.Text.RegularExpressions.GeneratedRegex("<!-- traas-ci:history (.*) -->")]
    private static partial System.Text.RegularExpressions.Regex HistoryBlock();

    [Fact]
    public async Task The_comment_is_updated_in_place_and_a_later_pass_keeps_the_earlier_failure_in_view()
    {
        var failing = await ReportAsync("failing-job.log", "failing");
        var passing = await ReportAsync("passing-job.log", "passing");

        var first = await PublishAsync(failing);
        var second = await PublishAsync(passing);
        var third = await PublishAsync(passing);

        Assert.True(first.ExitCode + second.ExitCode + third.ExitCode == 0, first.Stderr + second.Stderr + third.Stderr);
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        var comment = Assert.Single(github.Comments[PullRequest]);
        Assert.Equal(2, github.Requests.Count(r => r.Method == "PATCH" && r.Path.Contains("/issues/comments/", StringComparison.Ordinal)));
        Assert.StartsWith(CommentBody.Marker("multinode-1ctlr-featureset004") + "\n> [!WARNING]\n> This run passed, but 1 earlier run", comment.Body, StringComparison.Ordinal);
        Assert.Contains("## ✅ multinode-1ctlr-featureset004: passed", comment.Body, StringComparison.Ordinal);
        Assert.Contains("Earlier runs on this pull request (2)", comment.Body, StringComparison.Ordinal);
        Assert.Contains("| ❌ FAILED |", comment.Body, StringComparison.Ordinal);
        Assert.Equal(["PASSED", "PASSED", "FAILED"], CommentHistory.Read(comment.Body, Server).Entries.Select(e => e.Result.Label()));
        // docs/comment-picture.sh renders this comment for the README.
        if (System.Environment.GetEnvironmentVariable("TRAAS_COMMENT_OUT") is { Length: > 0 } keep)
            await File.WriteAllTextAsync(keep, comment.Body);
    }

    [Fact]
    public async Task A_comment_with_our_marker_from_someone_else_is_left_alone_and_none_of_its_history_reaches_ours()
    {
        var artifacts = await ReportAsync("failing-job.log", "failing");
        var mallory = new GitHubAccount("mallory", 9001, "User", "CONTRIBUTOR");
        var hostileHistory = """[{"Result":"PASSED","Sha":"0123456","RunUrl":"https://evil.example/x) ![pwned](https://evil.example/p.png) <img src=x onerror=alert(1)> --> <!--","At":"2026-11-24T10:00:00Z"},"""
            + """{"Result":"PASSED","Sha":"[phish](https://evil.example/login)","RunUrl":null,"At":"2026-11-24T10:00:00Z"},"""
            + """{"Result":"PASSED","Sha":"abcdef0123","RunUrl":"https://github.example/traas-ci/demo/actions/runs/1","At":"2026-11-24T10:00:00Z"}]""";
        var spoof = $"{Marker}\n> [!NOTE]\n> All good, [merge it](https://evil.example) <img src=x>\n\n<!-- traas-ci:history {hostileHistory} -->\n";
        var theirs = github.AddComment(PullRequest, spoof, mallory);

        var first = await PublishAsync(artifacts);
        var second = await PublishAsync(artifacts);

        Assert.True(first.ExitCode + second.ExitCode == 0, first.Stderr + second.Stderr);
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        Assert.Equal(2, github.Comments[PullRequest].Count);
        Assert.Equal(theirs, github.Comments[PullRequest][0]);
        Assert.DoesNotContain(github.Requests, r => r.Path.EndsWith($"/issues/comments/{theirs.Id}", StringComparison.Ordinal));
        var ours = github.Comments[PullRequest][1];
        Assert.Equal(GitHubAccount.ActionsBot, ours.Author);
        Assert.Single(github.Requests, r => r.Method == "POST" && r.Path.EndsWith("/issues/7/comments", StringComparison.Ordinal));
        Assert.Single(github.Requests, r => r.Method == "PATCH" && r.Path.EndsWith($"/issues/comments/{ours.Id}", StringComparison.Ordinal));
        foreach (var hostile in new[] { "evil", "pwned", "phish", "<img", "abcdef0", "merge it", "--> <!--" })
            Assert.DoesNotContain(hostile, ours.Body, StringComparison.Ordinal);
        Assert.Equal(["FAILED", "FAILED"], CommentHistory.Read(ours.Body, Server).Entries.Select(e => e.Result.Label()));
        Assert.Contains($"comment {theirs.Id} on pull request #7 starts with traas-ci's marker but was written by mallory, not github-actions[bot]: it is ignored", first.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", first.Stderr + second.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entries_of_our_own_history_that_were_edited_into_something_else_are_dropped_with_a_warning()
    {
        var artifacts = await ReportAsync("failing-job.log", "failing");
        var history = """[{"Result":"PASSED","Sha":"abcdef0123","RunUrl":"https://github.example/traas-ci/demo/actions/runs/1","At":"2026-11-24T10:00:00Z"},"""
            + """{"Result":"PASSED","Sha":"abcdef0","RunUrl":"https://evil.example/run","At":"2026-11-24T10:00:00Z"},"""
            + """{"Result":"<b>OWNED</b>","Sha":"abcdef0","At":"2026-11-24T10:00:00Z"}]""";
        var ours = github.AddComment(PullRequest, $"{Marker}\nearlier\n\n<!-- traas-ci:history {history} -->\n", GitHubAccount.ActionsBot);

        var run = await PublishAsync(artifacts);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        var comment = Assert.Single(github.Comments[PullRequest]);
        Assert.Equal(ours.Id, comment.Id);
        Assert.Equal(["FAILED", "PASSED"], CommentHistory.Read(comment.Body, Server).Entries.Select(e => e.Result.Label()));
        Assert.Contains("[run](https://github.example/traas-ci/demo/actions/runs/1)", comment.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", comment.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("OWNED", comment.Body, StringComparison.Ordinal);
        Assert.Contains($"comment {ours.Id} on pull request #7: history entry 2 dropped: the run URL is not a page of this GitHub server", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"comment {ours.Id} on pull request #7: history entry 3 dropped: no known result class", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_GitHub_App_publishes_as_its_own_bot_with_comment_author_or_TRAAS_COMMENT_AUTHOR()
    {
        var artifacts = await ReportAsync("failing-job.log", "failing");
        var app = new GitHubAccount("traas-app[bot]", 424242, "Bot");
        github.Tokens["ghs_apptoken"] = app;
        var actions = github.AddComment(PullRequest, $"{Marker}\nwritten with GITHUB_TOKEN before the App\n", GitHubAccount.ActionsBot);

        var first = await PublishAsync(artifacts, new Dictionary<string, string> { ["GITHUB_TOKEN"] = "ghs_apptoken" }, "--comment-author", "traas-app[bot]");
        var second = await PublishAsync(artifacts, new Dictionary<string, string> { ["GITHUB_TOKEN"] = "ghs_apptoken", ["TRAAS_COMMENT_AUTHOR"] = "traas-app[bot]" });

        Assert.True(first.ExitCode + second.ExitCode == 0, first.Stderr + second.Stderr);
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        Assert.Equal(2, github.Comments[PullRequest].Count);
        Assert.Equal(actions, github.Comments[PullRequest][0]);
        var ours = github.Comments[PullRequest][1];
        Assert.Equal(app, ours.Author);
        Assert.Equal(2, CommentHistory.Read(ours.Body, Server).Entries.Count);
        Assert.Contains("was written by github-actions[bot], not traas-app[bot]", second.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--comment-author", "not a login", null, "--comment-author 'not a login' is not a GitHub login")]
    [InlineData(null, null, "evil@example.org", "TRAAS_COMMENT_AUTHOR 'evil@example.org' is not a GitHub login")]
    public async Task A_comment_author_that_is_no_login_is_a_clear_error(string? option, string? value, string? setting, string message)
    {
        var artifacts = await ReportAsync("failing-job.log", "failing");

        var run = await PublishAsync(artifacts, setting is null ? null : new() { ["TRAAS_COMMENT_AUTHOR"] = setting },
            option is null ? [] : [option, value!]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Empty(github.Requests);
    }

    [Fact]
    public async Task No_mention_or_reference_from_the_log_reaches_any_text_publish_posts()
    {
        var log = Path.Combine(work, "mentions.log");
        await File.WriteAllTextAsync(log, """
            PLAY [deploy for @openstack/tripleo-core] ***
            TASK [ping @alice about GH-12, #34 and https://github.com/o/r/issues/9] ***
            fatal: [@mallory]: FAILED! => {"msg": "cc @bob, @org/team, openstack/tripleo-ci#56, gh-78, alice@0123abcd and &#64;carol"}
            TASK [a second one for @dave] ***
            fatal: [undercloud]: FAILED! => {"msg": "see #90 (@erin)"}

            """);
        var artifacts = await ReportAsync(log, "mentions");

        var check = await PublishAsync(artifacts);
        var status = await PublishAsync(artifacts, "--report-as", "status");

        Assert.True(check.ExitCode + status.ExitCode == 0, check.Stderr + status.Stderr);
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        var comment = Assert.Single(github.Comments[PullRequest]).Body;
        var visible = comment[..comment.LastIndexOf("<!-- traas-ci:history ", StringComparison.Ordinal)];
        var (_, create, _) = Assert.Single(github.CheckRuns);
        var annotations = create["output"]!["annotations"]!.AsArray();
        var posted = new Dictionary<string, string>
        {
            ["the comment"] = visible,
            ["the check run's title"] = (string)create["output"]!["title"]!,
            ["the check run's summary"] = (string)create["output"]!["summary"]!,
            ["the annotations"] = string.Join("\n", annotations.Select(a => $"{a!["title"]}\n{a["message"]}")),
            ["the commit status"] = (string)Assert.Single(github.Statuses)["description"]!,
            ["the step summary"] = await File.ReadAllTextAsync(StepSummary),
            ["the ::error lines"] = string.Join("\n", (check.Stdout + status.Stdout).Split('\n').Where(l => l.StartsWith("::error", StringComparison.Ordinal))),
        };
        Assert.All(posted, text => Assert.True(!MentionsSpecs.LiveMention().IsMatch(text.Value),
            $"{text.Key} holds {MentionsSpecs.LiveMention().Match(text.Value).Value}: {text.Value}"));
        foreach (var text in new[] { "the comment", "the check run's summary", "the annotations", "the step summary", "the ::error lines" })
            Assert.Contains($"@{Mentions.WordJoiner}alice", posted[text], StringComparison.Ordinal);
        Assert.Contains($"GH-{Mentions.WordJoiner}12", visible, StringComparison.Ordinal);
        Assert.Contains($"https:{Mentions.WordJoiner}//github.com/o/r/issues/9", visible, StringComparison.Ordinal);
        Assert.Contains($"]({RunUrl})", visible, StringComparison.Ordinal);
        Assert.Contains($"@{Mentions.WordJoiner}openstack/tripleo-core", posted["the step summary"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_5000_failing_tasks_every_text_is_cut_to_its_limit_and_50_annotations_go_in_one_request()
    {
        var log = Path.Combine(work, "many.log");
        await File.WriteAllTextAsync(log, Traas.Tests.Shared.TestLogs.WithFailingTasks(5000));
        var artifacts = await ReportAsync(log, "many");

        var run = await PublishAsync(artifacts);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        // One request, whatever the log holds: the rest are counted in the text, not sent 50 at a time.
        var (_, create, updates) = Assert.Single(github.CheckRuns);
        Assert.Empty(updates);
        Assert.Equal(50, create["output"]!["annotations"]!.AsArray().Count);
        Assert.StartsWith("4951 more failing tasks are not annotated: the annotations show the first 50 of 5001.", (string)create["output"]!["text"]!, StringComparison.Ordinal);
        Assert.Contains($"[Workflow run]({RunUrl})", (string)create["output"]!["text"]!, StringComparison.Ordinal);
        Assert.Equal(1, github.Requests.Count(r => r.Path.Contains("/check-runs", StringComparison.Ordinal)));
        Assert.InRange(((string)create["output"]!["summary"]!).Length, 1000, CommentBody.CheckRunSummaryLimit);
        var comment = Assert.Single(github.Comments[PullRequest]).Body;
        Assert.InRange(comment.Length, 60000, CommentBody.CommentLimit);
        Assert.Contains("cut here to fit GitHub's limit", comment, StringComparison.Ordinal);
        Assert.EndsWith(" -->\n", comment, StringComparison.Ordinal);
        Assert.Single(CommentHistory.Read(comment, Server).Entries);
        Assert.InRange(new FileInfo(StepSummary).Length, 1, CommentBody.StepSummaryLimit);
        Assert.Equal(11, run.Stdout.Split('\n').Count(l => l.StartsWith("::error ", StringComparison.Ordinal)));
        Assert.Contains("4991 more failing tasks", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rate_limited_request_waits_for_the_reset_and_goes_through()
    {
        var artifacts = await ReportAsync("failing-job.log", "failing");
        github.Force = FirstPostTo("/check-runs", new ForcedAnswer(403,
            """{"message": "API rate limit exceeded for installation.", "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"}""",
            new Dictionary<string, string>
            {
                ["x-ratelimit-limit"] = "5000",
                ["x-ratelimit-remaining"] = "0",
                ["x-ratelimit-reset"] = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            }));

        var run = await PublishAsync(artifacts);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        Assert.Equal(2, github.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/check-runs", StringComparison.Ordinal)));
        Assert.Single(github.CheckRuns);
        Assert.Contains("GitHub call failed (HTTP 403, rate limited); trying again in", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("could not publish", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secondary_rate_limit_with_retry_after_is_waited_out()
    {
        var artifacts = await ReportAsync("failing-job.log", "failing");
        github.Force = FirstPostTo("/comments", new ForcedAnswer(403,
            """{"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}""",
            new Dictionary<string, string> { ["retry-after"] = "1" }));

        var run = await PublishAsync(artifacts);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        Assert.Equal(2, github.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/comments", StringComparison.Ordinal)));
        Assert.Single(github.Comments[PullRequest]);
        Assert.Contains("trying again in 1.0 s", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_GitHub_keeps_failing_publish_warns_and_exits_0()
    {
        var artifacts = await ReportAsync("failing-job.log", "failing");
        github.Force = (_, _) => new ForcedAnswer(502, """{"message": "Server Error"}""", new Dictionary<string, string>());

        var run = await PublishAsync(artifacts, settings: new() { ["TRAAS_GITHUB_RETRIES"] = "1" });

        Assert.Equal(ExitCodes.Passed, run.ExitCode);
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        Assert.Contains("could not publish the check run: HTTP 502", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("could not publish the pull request comment: HTTP 502", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("::warning::could not publish the check run", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_as_status_sets_a_commit_status_instead_of_a_check_run()
    {
        var artifacts = await ReportAsync("failing-job.log", "failing");

        var run = await PublishAsync(artifacts, "--report-as", "status");

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        Assert.Empty(github.CheckRuns);
        var status = Assert.Single(github.Statuses);
        Assert.Equal("failure", (string?)status["state"]);
        Assert.Equal("traas-ci / multinode-1ctlr-featureset004", (string?)status["context"]);
        Assert.InRange(((string)status["description"]!).Length, 10, 140);
        Assert.Contains(github.Requests, r => r.Path == $"/repos/traas-ci/demo/statuses/{HeadSha}");
    }

    [Fact]
    public async Task Known_failures_found_in_the_log_are_listed_in_the_comment_and_the_step_summary()
    {
        var artifacts = await ReportAsync("failing-job.log", "failing");
        var known = Path.Combine(work, "known.yaml");
        await File.WriteAllTextAsync(known, "- name: Heat stack failed\n  regex: 'Heat Stack create failed'\n  url: https://example.org/heat\n- name: Never seen\n  regex: 'no such text'\n");

        var run = await PublishAsync(artifacts, "--known-failures", known, "--console-url", "https://console.example/c.html");

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        var comment = Assert.Single(github.Comments[PullRequest]).Body;
        Assert.Contains("### Known failures\n\n- [Heat stack failed](https://example.org/heat): 1 line, first at [line 47](https://console.example/c.html#L47)", comment, StringComparison.Ordinal);
        Assert.DoesNotContain("Never seen", comment, StringComparison.Ordinal);
        Assert.Contains("[Heat stack failed](https://example.org/heat)", await File.ReadAllTextAsync(StepSummary), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("status")]
    public async Task Without_hosting_every_link_posted_is_absolute_and_goes_to_the_workflow_run(string reportAs)
    {
        var failing = await ReportAsync("failing-job.log", "failing");
        var passing = await ReportAsync("passing-job.log", "passing");
        var known = await KnownFailuresAsync();

        var runs = new[]
        {
            await PublishAsync(failing, "--report-as", reportAs, "--known-failures", known),
            await PublishAsync(passing, "--report-as", reportAs, "--known-failures", known),
        };

        Assert.All(runs, run => Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr));
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        var links = PostedLinks(runs);
        Assert.True(links.Count >= 5, $"only {links.Count} links posted: {string.Join(", ", links)}");
        Assert.All(links, link => Assert.True(IsAbsolute(link.Url), $"{link.Where} posts the relative link {link.Url}"));
        // No page is hosted: a failing task's line goes to the run, not to a console.html nobody can open.
        Assert.DoesNotContain(links, link => link.Url.Contains("console.html", StringComparison.Ordinal));
        Assert.Contains(links, link => link.Url == RunUrl && link.Where.StartsWith("the comment", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_hosted_console_each_failing_task_links_to_its_own_line_of_it()
    {
        const string console = "https://swift.example/v1/AUTH_x/logs/traas-ci/demo/PR-7/job/4242-1/console.html";
        var failing = await ReportAsync("failing-job.log", "failing");
        var lines = JobArtifacts.Load(failing).Failures.Select(f => f.Line).OfType<int>().ToList();
        Assert.NotEmpty(lines);

        var run = await PublishAsync(failing, "--console-url", console, "--known-failures", await KnownFailuresAsync());

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        var links = PostedLinks([run]);
        Assert.All(links, link => Assert.True(IsAbsolute(link.Url), $"{link.Where} posts the relative link {link.Url}"));
        var comment = links.Where(l => l.Where.StartsWith("the comment", StringComparison.Ordinal)).Select(l => l.Url).ToList();
        var summary = links.Where(l => l.Where.StartsWith("the check run", StringComparison.Ordinal)).Select(l => l.Url).ToList();
        var step = links.Where(l => l.Where == "the step summary").Select(l => l.Url).ToList();
        foreach (var line in lines)
        {
            Assert.Contains($"{console}#L{line}", comment);
            Assert.Contains($"{console}#L{line}", summary);
            Assert.Contains($"{console}#L{line}", step);
        }
        Assert.Contains(console, comment);
    }

    [Fact]
    public async Task Publish_links_to_the_page_the_run_hosted_as_its_run_state_says()
    {
        const string console = "https://swift.example/v1/AUTH_x/logs/run/console.html";
        var failing = await ReportAsync("failing-job.log", "failing");
        var state = new JsonObject { ["version"] = 1, ["stage"] = "deleted", ["job_type"] = "multinode-1ctlr-featureset004", ["result"] = "FAILED", ["console_url"] = console };
        await File.WriteAllTextAsync(Path.Combine(failing, ArtifactFiles.RunState), state.ToJsonString());

        var run = await PublishAsync(failing);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        var comment = Assert.Single(github.Comments[PullRequest]).Body;
        Assert.Contains($"]({console}#L", comment, StringComparison.Ordinal);
        Assert.Contains($"]({console}#L", (string)Assert.Single(github.CheckRuns).Create["output"]!["summary"]!, StringComparison.Ordinal);
    }

    private async Task<string> KnownFailuresAsync()
    {
        var known = Path.Combine(work, "known-links.yaml");
        await File.WriteAllTextAsync(known, "- name: Heat stack failed\n  regex: 'Heat Stack create failed'\n  url: https://example.org/heat\n");
        return known;
    }

    private static bool IsAbsolute(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Host.Length > 0;

    /// <summary>
    /// Every link in everything publish posted: each string of each request body sent to GitHub
    /// (markdown links, HTML links, and the *_url fields), the step summary, and the workflow commands.
    /// </summary>
    private List<(string Where, string Url)> PostedLinks(IEnumerable<CliRun> runs)
    {
        var links = new List<(string Where, string Url)>();
        void Texts(string where, JsonNode? node, string field)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, value) in o)
                        Texts(where, value, key);
                    break;
                case JsonArray a:
                    foreach (var item in a)
                        Texts(where, item, field);
                    break;
                case JsonValue v when v.TryGetValue<string>(out var text):
                    if (field.EndsWith("_url", StringComparison.Ordinal))
                        links.Add(($"{where} ({field})", text));
                    links.AddRange(LinksIn(text).Select(url => ($"{where} ({field})", url)));
                    break;
            }
        }
        foreach (var request in github.Requests.Where(r => r.Method is "POST" or "PATCH"))
        {
            var where = request.Path.Contains("/comments", StringComparison.Ordinal) ? "the comment"
                : request.Path.Contains("/check-runs", StringComparison.Ordinal) ? "the check run"
                : request.Path.Contains("/statuses/", StringComparison.Ordinal) ? "the commit status"
                : request.Path;
            Texts(where, request.Body, "");
        }
        if (File.Exists(StepSummary))
            links.AddRange(LinksIn(File.ReadAllText(StepSummary)).Select(url => ("the step summary", url)));
        foreach (var run in runs)
        {
            links.AddRange(run.Stdout.Split('\n').Where(l => l.StartsWith("::", StringComparison.Ordinal))
                .SelectMany(LinksIn).Select(url => ("a workflow command", url)));
        }
        return links;
    }

    /// <summary>Markdown link targets and HTML href/src values: whatever GitHub renders as a link.</summary>
    private static IEnumerable<string> LinksIn(string text) =>
        MarkdownOrHtmlLink().Matches(text).Select(m => m.Groups["md"].Success ? m.Groups["md"].Value : m.Groups["html"].Value);

    [System.Text.RegularExpressions.GeneratedRegex("""\]\((?<md>[^)\s]+)\)|(?:href|src)\s*=\s*["'](?<html>[^"']*)["']""")]
    private static partial System.Text.RegularExpressions.Regex MarkdownOrHtmlLink();

    [Fact]
    public async Task The_contract_check_catches_a_request_GitHub_would_refuse_naming_the_field()
    {
        using var client = new HttpClient { BaseAddress = github.Url };
        using var request = new HttpRequestMessage(HttpMethod.Post, "repos/traas-ci/demo/check-runs")
        {
            Content = new StringContent("""{"name": "traas-ci / x"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "token x");

        using var answer = await client.SendAsync(request);

        Assert.Equal(422, (int)answer.StatusCode);
        var violation = Assert.Single(github.Violations);
        Assert.Contains("head_sha", violation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_GitHub_context_publish_says_what_it_needs()
    {
        var artifacts = await ReportAsync("failing-job.log", "failing");

        var run = await CliRun.RunAsync(["publish", "--artifacts", artifacts]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("no GitHub context: publish needs GITHUB_TOKEN and GITHUB_REPOSITORY", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Forces <paramref name="answer"/> on the first POST to a path ending in <paramref name="suffix"/>; GitHub's own answers after it.</summary>
    private static Func<RecordedRequest, int, ForcedAnswer?> FirstPostTo(string suffix, ForcedAnswer answer)
    {
        var forced = 0;
        return (request, _) => request.Method == "POST" && request.Path.EndsWith(suffix, StringComparison.Ordinal) && forced++ == 0 ? answer : null;
    }

    private async Task<string> ReportAsync(string log, string name)
    {
        var folder = Path.Combine(work, name);
        var path = Path.IsPathRooted(log) ? log : CliRun.LogPath(log);
        var run = await CliRun.RunAsync(["report", path, "--out", folder, "--job-name", "multinode-1ctlr-featureset004"]);
        Assert.True(run.ExitCode is ExitCodes.Passed or ExitCodes.JobFailed, run.Stderr);
        File.Copy(path, Path.Combine(folder, "traas.log"), overwrite: true);
        return folder;
    }

    private Task<CliRun> PublishAsync(string artifacts, params string[] extra) => PublishAsync(artifacts, null, extra);

    private Task<CliRun> PublishAsync(string artifacts, Dictionary<string, string>? settings, params string[] args)
    {
        var environment = github.Environment(EventPath, StepSummary);
        foreach (var (key, value) in settings ?? [])
            environment[key] = value;
        return CliRun.RunAsync(["publish", "--artifacts", artifacts, .. args], environment: environment);
    }
}
