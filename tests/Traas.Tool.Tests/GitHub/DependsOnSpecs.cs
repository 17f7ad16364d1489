using System.Net;
using System.Text.Json.Nodes;
using Traas.Tool.Gerrit;
using Traas.Tool.GitHub;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Tests.GitHub;

/// <summary>`Depends-On:` lines of a pull request become the job's zuul_changes and ci_changes.</summary>
public sealed class DependsOnSpecs
{
    private static readonly Uri Gerrit = new("https://review.opendev.org/");
    private static readonly Uri GitHubServer = new("https://github.example/");

    [Theory]
    [InlineData("Depends-On: https://review.opendev.org/c/openstack/tripleo-ci/+/812345", "openstack/tripleo-ci", 812345)]
    [InlineData("depends-on: https://review.opendev.org/c/openstack/tripleo-heat-templates/+/7/3", "openstack/tripleo-heat-templates", 7)]
    [InlineData("Depends-On: https://review.opendev.org/#/c/812345/", null, 812345)]
    [InlineData("Depends-On: https://review.opendev.org/812345", null, 812345)]
    public void A_gerrit_url_in_any_of_zuuls_forms_names_its_change(string line, string? project, int number)
    {
        var change = Assert.Single(DependsOn.Parse($"Fix the thing\n\n{line}\n", Gerrit, GitHubServer));

        var gerrit = Assert.IsType<DependsOnChange.Gerrit>(change);
        Assert.Equal((project, number), (gerrit.Project, gerrit.Number));
    }

    [Fact]
    public void A_pull_request_url_names_its_repository_and_number_and_anything_else_is_unknown()
    {
        var changes = DependsOn.Parse("Depends-On: https://github.example/org/lib/pull/12\r\n"
            + "Depends-On: https://example.org/x/y\nDepends-On: not-a-url\nnot a Depends-On: https://github.example/a/b/pull/1\n",
            Gerrit, GitHubServer);

        Assert.Equal(new DependsOnChange.GitHubPull("https://github.example/org/lib/pull/12", "org", "lib", 12), changes[0]);
        Assert.Equal(2, changes.Skip(1).Count(c => c is DependsOnChange.Unknown));
        Assert.Equal(3, changes.Count);
    }

    [Fact]
    public void A_body_of_thousands_of_lines_gives_at_most_the_limit()
    {
        var text = string.Concat(Enumerable.Range(1, 5000).Select(i => $"Depends-On: https://review.opendev.org/{i}\n"));

        Assert.Equal(DependsOn.MaxChanges, DependsOn.Parse(text, Gerrit, GitHubServer).Count);
    }

    [Theory]
    [InlineData(7, 1, "refs/changes/07/7/1")]
    [InlineData(812345, 12, "refs/changes/45/812345/12")]
    public void A_gerrit_change_is_named_as_zuul_names_it(int number, int patchset, string expected) =>
        Assert.Equal(expected, new GerritChange("p", "master", number, patchset).Ref);

    [Fact]
    public void Depends_on_changes_go_before_the_changes_given_by_hand_and_one_in_both_stays_at_its_hand_given_place()
    {
        var dependsOn = new JobChanges(["org/lib:main:" + new string('a', 40), "org/app:main:refs/pull/3/head"],
            ["openstack/tripleo-ci:812345"]);
        var byHand = new JobChanges(["org/app:main:refs/pull/3/head", "org/app:main:refs/pull/9/head"],
            ["openstack/tripleo-quickstart:900"]);

        var joined = JobChanges.Before(dependsOn, byHand);

        // zuul_deps keeps a project's last entry: the change under test (pull 9), not a dependency of it.
        Assert.Equal(["org/lib:main:" + new string('a', 40), "org/app:main:refs/pull/3/head", "org/app:main:refs/pull/9/head"],
            joined.ZuulChanges);
        Assert.Equal(["openstack/tripleo-ci:812345", "openstack/tripleo-quickstart:900"], joined.CiChanges);
    }

    [Fact]
    public async Task The_gerrit_stand_in_answer_is_read_past_its_xssi_prefix()
    {
        using var http = new HttpClient(new StandinGerrit());
        var change = await new GerritClient(http, Gerrit).ChangeAsync(812000, CancellationToken.None);

        Assert.Equal(new GerritChange("openstack/tripleo-heat-templates", "master", 812000, 4, "NEW", "A change\n"), change);
    }

    [Fact]
    public async Task Through_the_GitHub_contract_the_pull_requests_and_commits_lines_become_the_jobs_changes()
    {
        await using var github = await ContractCheckedGitHubFake.StartAsync();
        var sha = "0123456789abcdef0123456789abcdef01234567";
        github.Commits[sha] = "Use the new role\n\nDepends-On: https://review.opendev.org/c/openstack/tripleo-ci/+/812345\n";
        var libHead = "89abcdef0123456789abcdef0123456789abcdef";
        github.Pulls["org/lib#12"] = new("stable/wallaby", libHead);
        github.Pulls["org/odd#4"] = new("main", "abc:refs/heads/x^y");
        github.Pulls["org/headless#5"] = new("main", null);
        github.Pulls["org/done#6"] = new("main", new string('c', 40), "closed", Merged: true);
        github.Pulls["org/dropped#8"] = new("main", new string('d', 40), "closed");
        var (changes, warnings) = await ResolveAsync(github, sha,
            "Depends-On: https://github.example/org/lib/pull/12\nDepends-On: https://github.example/org/gone/pull/3\n"
            + "Depends-On: https://github.example/org/odd/pull/4\nDepends-On: https://github.example/org/headless/pull/5\n"
            + "Depends-On: https://github.example/org/done/pull/6\nDepends-On: https://github.example/org/dropped/pull/8\n"
            + $"Depends-On: https://review.opendev.org/{StandinGerrit.Merged}\n"
            + $"Depends-On: https://review.opendev.org/{StandinGerrit.Abandoned}\n"
            + "Depends-On: https://review.opendev.org/812000\nDepends-On: https://elsewhere.example/1\n");

        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        // The pull request at its head commit, which a later push does not move, as a patchset ref.
        Assert.Equal([$"org/lib:stable/wallaby:{libHead}", "openstack/tripleo-heat-templates:master:refs/changes/00/812000/4"],
            changes.ZuulChanges);
        Assert.Equal(["openstack/tripleo-ci:812345"], changes.CiChanges);
        Assert.Contains("https://github.example/org/gone/pull/3: there is no such pull request", warnings, StringComparison.Ordinal);
        Assert.Contains("https://elsewhere.example/1", warnings, StringComparison.Ordinal);
        foreach (var odd in new[] { "org/odd/pull/4", "org/headless/pull/5" })
            Assert.Contains($"https://github.example/{odd}: GitHub's answer names no usable base branch and head commit",
                warnings, StringComparison.Ordinal);
        // As Zuul: a merged dependency is in its branch already, a closed or abandoned one is not to be tested.
        Assert.Contains("https://github.example/org/done/pull/6 is merged: its base branch has it, so it is not added",
            warnings, StringComparison.Ordinal);
        Assert.Contains("https://github.example/org/dropped/pull/8 is closed without being merged; it is left out",
            warnings, StringComparison.Ordinal);
        Assert.Contains($"change {StandinGerrit.Merged} (https://review.opendev.org/{StandinGerrit.Merged}) is merged",
            warnings, StringComparison.Ordinal);
        Assert.Contains($"change {StandinGerrit.Abandoned} (https://review.opendev.org/{StandinGerrit.Abandoned}) is abandoned",
            warnings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dependencys_own_depends_on_lines_are_followed_each_change_once_its_needs_first()
    {
        await using var github = await ContractCheckedGitHubFake.StartAsync();
        var sha = "0123456789abcdef0123456789abcdef01234567";
        var (lib, core) = (new string('a', 40), new string('b', 40));
        // The pull request (traas-ci/demo#7) needs lib#12, which needs core#2 and, in a cycle, #7 again;
        // core#2 needs Gerrit change 812500, which needs 812111.
        github.Pulls["org/lib#12"] = new("main", lib, Body: "Depends-On: https://github.example/org/core/pull/2\n");
        github.Commits[lib] = "Use core\n\nDepends-On: https://github.example/traas-ci/demo/pull/7\n";
        github.Pulls["org/core#2"] = new("main", core, Body: "Depends-On: https://review.opendev.org/812500\n");
        github.Commits[core] = "Core";
        github.Commits[sha] = "Use lib";

        var (changes, warnings) = await ResolveAsync(github, sha,
            "Depends-On: https://github.example/org/lib/pull/12\nDepends-On: https://review.opendev.org/812500\n");

        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        Assert.Equal(["openstack/tripleo-heat-templates:master:refs/changes/11/812111/4",
            "openstack/tripleo-heat-templates:master:refs/changes/00/812500/4", $"org/core:main:{core}", $"org/lib:main:{lib}"],
            changes.ZuulChanges);
        Assert.DoesNotContain("warning", warnings, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Fix it", "Depends-On: x", "Fix it\n\nDepends-On: x")]
    [InlineData("Depends-On: x", "", "Depends-On: x")]
    [InlineData("Depends-On: x", null, "Depends-On: x")]
    [InlineData("", "body", "body")]
    [InlineData(null, null, "")]
    public void A_pull_requests_message_is_its_title_a_blank_line_and_its_body_as_in_zuuls_github_driver(string? title,
        string? body, string expected) =>
        Assert.Equal(expected, DependsOn.PullMessage(title, body));

    [Fact]
    public async Task A_title_that_is_a_depends_on_line_counts_in_the_pull_request_and_in_its_dependencies()
    {
        await using var github = await ContractCheckedGitHubFake.StartAsync();
        var sha = "0123456789abcdef0123456789abcdef01234567";
        var (lib, core) = (new string('a', 40), new string('b', 40));
        github.Pulls["org/lib#12"] = new("main", lib, Body: "Needs core", Title: "Depends-On: https://github.example/org/core/pull/2");
        github.Pulls["org/core#2"] = new("main", core);
        github.Commits[lib] = "Use core";
        github.Commits[core] = "Core";
        github.Commits[sha] = "Use lib";

        var (changes, warnings) = await ResolveAsync(github, sha, "", title: "Depends-On: https://github.example/org/lib/pull/12");

        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        Assert.Equal([$"org/core:main:{core}", $"org/lib:main:{lib}"], changes.ZuulChanges);
        Assert.DoesNotContain("warning", warnings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ci_repositorys_change_is_looked_up_followed_and_left_out_when_abandoned_as_any_other()
    {
        await using var github = await ContractCheckedGitHubFake.StartAsync();
        var sha = "0123456789abcdef0123456789abcdef01234567";
        github.Commits[sha] = "Use the new role";

        var (changes, warnings) = await ResolveAsync(github, sha,
            "Depends-On: https://review.opendev.org/c/openstack/tripleo-ci/+/812346\n"
            + $"Depends-On: https://review.opendev.org/c/openstack/tripleo-ci/+/{StandinGerrit.CiAbandoned}\n"
            + $"Depends-On: https://review.opendev.org/c/openstack/tripleo-quickstart/+/{StandinGerrit.Failing}\n");

        Assert.Equal(["openstack/tripleo-heat-templates:master:refs/changes/11/812111/4"], changes.ZuulChanges);
        Assert.Equal(["openstack/tripleo-ci:812346", $"openstack/tripleo-quickstart:{StandinGerrit.Failing}"],
            changes.CiChanges);
        Assert.Contains($"change {StandinGerrit.CiAbandoned} (https://review.opendev.org/c/openstack/tripleo-ci/+/"
            + $"{StandinGerrit.CiAbandoned}) is abandoned; it is left out", warnings, StringComparison.Ordinal);
        Assert.Contains($"could not look up change {StandinGerrit.Failing} (https://review.opendev.org/c/openstack/"
            + $"tripleo-quickstart/+/{StandinGerrit.Failing}): ", warnings, StringComparison.Ordinal);
        Assert.Contains("it is applied as its URL names it, unchecked", warnings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chain_of_dependencies_longer_than_the_limit_stops_at_it_with_a_warning()
    {
        await using var github = await ContractCheckedGitHubFake.StartAsync();
        var sha = "0123456789abcdef0123456789abcdef01234567";
        for (var i = 1; i <= DependsOn.MaxChanges + 5; i++)
        {
            var head = $"{i:x40}";
            github.Pulls[$"org/c#{i}"] = new("main", head, Body: $"Depends-On: https://github.example/org/c/pull/{i + 1}\n");
            github.Commits[head] = "A link of the chain";
        }

        // After the chain, two more: past the limit, they are neither looked up nor warned of one by one.
        var (changes, warnings) = await ResolveAsync(github, sha, "Depends-On: https://github.example/org/c/pull/1\n"
            + "Depends-On: https://github.example/org/x/pull/1\nDepends-On: https://github.example/org/x/pull/2\n");

        Assert.Equal(DependsOn.MaxChanges, changes.ZuulChanges.Count);
        Assert.Equal($"org/c:main:{DependsOn.MaxChanges:x40}", changes.ZuulChanges[0]);
        Assert.Contains($"more than {DependsOn.MaxChanges} changes in all; https://github.example/org/c/pull/{DependsOn.MaxChanges + 1}",
            warnings, StringComparison.Ordinal);
        Assert.Single(warnings.Split('\n'), line => line.Contains("left out", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lookups_past_their_time_in_all_leave_the_rest_out_with_a_warning()
    {
        await using var github = await ContractCheckedGitHubFake.StartAsync();
        var sha = "0123456789abcdef0123456789abcdef01234567";
        for (var i = 1; i <= 20; i++)
        {
            var head = $"{i:x40}";
            github.Pulls[$"org/c#{i}"] = new("main", head, Body: $"Depends-On: https://github.example/org/c/pull/{i + 1}\n");
            github.Commits[head] = "A link of the chain";
        }
        // A minute passes at each look at the clock: the deadline (5 minutes) is read first, then one look a change.
        var clock = new SteppingClock(TimeSpan.FromMinutes(1));

        var (changes, warnings) = await ResolveAsync(github, sha, "Depends-On: https://github.example/org/c/pull/1\n", clock);

        Assert.Equal([.. Enumerable.Range(1, 5).Reverse().Select(i => $"org/c:main:{i:x40}")], changes.ZuulChanges);
        Assert.Contains("the lookups took more than 5 minutes; https://github.example/org/c/pull/6 and the rest are left out",
            warnings, StringComparison.Ordinal);
        Assert.Single(warnings.Split('\n'), line => line.Contains("left out", StringComparison.Ordinal));
    }

    /// <summary>A clock that moves on by <paramref name="step"/> each time it is read.</summary>
    private sealed class SteppingClock(TimeSpan step) : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow()
        {
            var now = _now;
            _now += step;
            return now;
        }
    }

    /// <summary>
    /// Resolves the Depends-On lines of pull request traas-ci/demo#7 (head <paramref name="sha"/>, <paramref name="body"/>,
    /// <paramref name="title"/>).
    /// </summary>
    private static async Task<(JobChanges Changes, string Log)> ResolveAsync(ContractCheckedGitHubFake github, string sha,
        string body, TimeProvider? clock = null, string title = "Use the new role")
    {
        var eventPath = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(eventPath, new JsonObject
            {
                ["pull_request"] = new JsonObject
                {
                    ["number"] = 7,
                    ["head"] = new JsonObject { ["sha"] = sha },
                    ["title"] = title,
                    ["body"] = body,
                },
            }.ToJsonString());
            var context = Traas.Tool.GitHub.GitHubContext.FromEnvironment(github.Environment(eventPath))!;
            var log = new StringWriter();
            using var logger = Traas.Tool.Logging.ToolLog.Create(log, verbose: false);
            using var http = new HttpClient(new StandinGerrit());
            try
            {
                var changes = await new DependsOnResolver(logger, new GerritClient(http, Gerrit).ChangeAsync, clock)
                    .ResolveAsync(context, Gerrit, CancellationToken.None);
                return (changes, log.ToString());
            }
            catch (Octokit.ApiException e)
            {
                throw new Xunit.Sdk.XunitException($"{e.StatusCode} {e.HttpResponse?.Body}; {string.Join("\n", github.Violations)}; "
                    + string.Join(", ", github.Requests.Select(r => $"{r.Method} {r.Path}")));
            }
        }
        finally
        {
            File.Delete(eventPath);
        }
    }

    /// <summary>
    /// A stand-in for OpenDev's Gerrit (it cannot be reached here): every change is patchset 4 of
    /// tripleo-heat-templates, open but for <see cref="Merged"/> and <see cref="Abandoned"/>; 812500's
    /// message depends on 812111. 812345, 812346 and <see cref="CiAbandoned"/> are tripleo-ci's, and 812346
    /// depends on 812111 too; <see cref="Failing"/> answers 500.
    /// </summary>
    private sealed class StandinGerrit : HttpMessageHandler
    {
        public const int Merged = 900001;
        public const int Abandoned = 900002;
        public const int CiAbandoned = 900003;
        public const int Failing = 900500;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var number = request.RequestUri!.AbsolutePath.Split('/')[^1];
            if (number == $"{Failing}")
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError));
            var status = number switch { "900001" => "MERGED", "900002" or "900003" => "ABANDONED", _ => "NEW" };
            var message = number is "812500" or "812346"
                ? "Needs more\\n\\nDepends-On: https://review.opendev.org/812111\\n"
                : "A change\\n";
            var project = number is "812345" or "812346" or "900003"
                ? "openstack/tripleo-ci"
                : "openstack/tripleo-heat-templates";
            var body = $")]}}'\n{{\"project\": \"{project}\", \"branch\": \"master\", "
                + $"\"_number\": {number}, \"status\": \"{status}\", \"current_revision\": \"abc\", "
                + $"\"revisions\": {{\"abc\": {{\"_number\": 4, \"commit\": {{\"message\": \"{message}\"}}}}}}}}";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) });
        }
    }
}
