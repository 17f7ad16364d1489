using System.Text;
using System.Text.Json.Nodes;
using Traas.Tool.GitHub;
using Traas.Tool.Model;

namespace Traas.Tool.Tests.GitHub;

/// <summary>
/// `traas-ci publish` against GitHub's contract: every request goes through Prism (GitHub's OpenAPI
/// description), behind a fake that remembers comments and check runs.
/// </summary>
public sealed class PublishSpecs : IAsyncLifetime
{
    private const int PullRequest = 7;
    private const string HeadSha = "fedcba9876543210fedcba9876543210fedcba98";
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
        Assert.Equal(["PASSED", "PASSED", "FAILED"], CommentBody.History(comment.Body).Select(e => e.Result.Label()));
        // docs/comment-picture.sh renders this comment for the README.
        if (System.Environment.GetEnvironmentVariable("TRAAS_COMMENT_OUT") is { Length: > 0 } keep)
            await File.WriteAllTextAsync(keep, comment.Body);
    }

    [Fact]
    public async Task With_5000_failing_tasks_every_text_is_cut_to_its_limit_and_every_annotation_is_sent_50_at_a_time()
    {
        var log = Path.Combine(work, "many.log");
        await File.WriteAllTextAsync(log, Traas.Tests.Shared.TestLogs.WithFailingTasks(5000));
        var artifacts = await ReportAsync(log, "many");

        var run = await PublishAsync(artifacts);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        var (_, create, updates) = Assert.Single(github.CheckRuns);
        var batches = new[] { create }.Concat(updates).Select(r => r["output"]!["annotations"]!.AsArray().Count).ToList();
        Assert.All(batches, count => Assert.InRange(count, 1, 50));
        Assert.Equal(5001, batches.Sum());
        Assert.Equal(101, batches.Count);
        Assert.All(new[] { create }.Concat(updates), r => Assert.InRange(((string)r["output"]!["summary"]!).Length, 1000, CommentBody.CheckRunSummaryLimit));
        var comment = Assert.Single(github.Comments[PullRequest]).Body;
        Assert.InRange(comment.Length, 60000, CommentBody.CommentLimit);
        Assert.Contains("cut here to fit GitHub's limit", comment, StringComparison.Ordinal);
        Assert.EndsWith(" -->\n", comment, StringComparison.Ordinal);
        Assert.Single(CommentBody.History(comment));
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

        var run = await PublishAsync(artifacts, "--known-failures", known);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        var comment = Assert.Single(github.Comments[PullRequest]).Body;
        Assert.Contains("### Known failures\n\n- [Heat stack failed](https://example.org/heat): 1 line, first at [line 47](console.html#L47)", comment, StringComparison.Ordinal);
        Assert.DoesNotContain("Never seen", comment, StringComparison.Ordinal);
        Assert.Contains("[Heat stack failed](https://example.org/heat)", await File.ReadAllTextAsync(StepSummary), StringComparison.Ordinal);
    }

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
