using System.Diagnostics;
using System.Text.Json.Nodes;
using Serilog;
using Traas.Tool.Config;
using Traas.Tool.Model;
using Traas.Tool.OpenStack;
using Traas.Tool.Resilience;

namespace Traas.Tool.Tests;

/// <summary>
/// Several providers against the sandbox's two real Heat regions, as the member user traas-ops (Heat
/// applies max_stacks_per_tenant, 2 in RegionTwo, only to non-admin users): failover, the capacity
/// wait and its end, status and delete across regions. Each test starts from an empty project.
/// </summary>
[Collection(OpenStackSandbox.Collection)]
public sealed class ProviderSpecs(OpenStackSandbox sandbox) : IAsyncLifetime
{
    private static readonly ILogger Log = new LoggerConfiguration().CreateLogger();

    private readonly string work = Directory.CreateTempSubdirectory("traas-providers-").FullName;

    private static string Hello => Path.Combine(AppContext.BaseDirectory, "Stacks", "hello.yaml");

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    private string Out => Path.Combine(work, "artifacts");

    /// <summary>RegionTwo first (Heat's limit of 2), then RegionOne.</summary>
    private static readonly string[] BothRegions =
        ["--os-cloud", "traas-ops", "--os-region-name", "RegionTwo", "--os-region-name", "RegionOne"];

    private Dictionary<string, string> Environment => new(sandbox.Environment)
    {
        ["TRAAS_POLL_SECONDS"] = "1",
        ["TRAAS_CAPACITY_POLL_SECONDS"] = "1",
    };

    private Task<CliRun> RunAsync(params string[] args) => CliRun.RunAsync(args, environment: Environment);

    public Task InitializeAsync() => EmptyAsync();

    public async Task DisposeAsync()
    {
        await EmptyAsync();
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task A_run_refused_by_a_full_region_runs_in_the_next_and_says_where_it_ran_and_what_it_tried()
    {
        await FillAsync("RegionTwo", 2);
        var name = NewName("fover");

        // A job timeout of 5 hours: the hold counts from the job's end, not from the latest it could end.
        var run = await CliRun.RunAsync([.. RunArgs(name), .. BothRegions, "--keep", "always", "--hold-hours", "48",
            "--job-timeout", "300"], environment: Environment);
        var ended = DateTimeOffset.UtcNow;
        var holds = await RunAsync(["holds", "--json", .. BothRegions]);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        var state = State();
        Assert.Equal("traas-ops", (string?)state["cloud"]);
        Assert.Equal("RegionOne", (string?)state["region"]);
        var tried = Assert.Single(state["tried"]!.AsArray());
        Assert.StartsWith("traas-ops/RegionTwo: no room: ", (string?)tried, StringComparison.Ordinal);
        Assert.Contains("RequestLimitExceeded", (string?)tried, StringComparison.Ordinal);
        var summary = await File.ReadAllTextAsync(Path.Combine(Out, "summary.md"));
        Assert.Contains($"Ran on cloud traas-ops, region RegionOne (stack {name})", summary, StringComparison.Ordinal);
        Assert.Contains("Tried before: traas-ops/RegionTwo: no room: ", summary, StringComparison.Ordinal);
        Assert.Contains("The environment is kept until ", summary, StringComparison.Ordinal);
        Assert.Contains($"reach the undercloud as {(string?)state["user"]}@127.0.0.1 port", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN OPENSSH", summary, StringComparison.Ordinal);
        var hold = Assert.Single(JsonNode.Parse(holds.Stdout)!.AsArray(), h => (string?)h!["name"] == name)!;
        Assert.Equal("RegionOne", (string?)hold["region"]);
        Assert.Equal("127.0.0.1", (string?)hold["undercloud"]);
        Assert.False((bool)hold["expired"]!);
        var expires = DateTimeOffset.Parse((string)hold["expires"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires, ended.AddHours(48).AddMinutes(-2), ended.AddHours(48));
        Assert.Equal("UPDATE_COMPLETE", (string?)hold["status"]);
        // The job type the stack's outputs named (no --toci-jobtype), written when it was kept.
        Assert.Equal("multinode-1ctlr-featureset004", (string?)hold["job_type"]);
        Assert.Equal(expires, DateTimeOffset.Parse((string)state["hold_until"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains($"The environment is kept until {expires.UtcDateTime:yyyy-MM-dd HH:mm} UTC", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_NODE_FAILURE_the_next_attempt_runs_on_the_next_provider_and_hosts_its_logs_there()
    {
        // The first attempt's stack fails (its swap, by the stack's name) in RegionTwo; the second
        // comes up in RegionOne, the only region with Swift in its catalog.
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Stacks", "failing-first-swap.yaml"),
            Path.Combine(work, "failing-first-swap.yaml"));
        var registry = Path.Combine(work, "failing-registry.yaml");
        await File.WriteAllTextAsync(registry, "resource_registry:\n  OS::TraaS::Swap: failing-first-swap.yaml\n");
        await using var github = await ContractCheckedGitHubFake.StartAsync();
        var eventPath = Path.Combine(work, "event.json");
        await File.WriteAllTextAsync(eventPath,
            """{"pull_request": {"number": 15, "head": {"sha": "1515151515151515151515151515151515151515"}}}""");
        var environment = Environment;
        foreach (var (key, value) in github.Environment(eventPath))
            environment[key] = value;
        var name = NewName("nodefo");

        var run = await CliRun.RunAsync([.. RunArgs(name), "-e", registry, .. BothRegions, "--attempts", "2",
            "--logs-swift-container", "traas-failover-logs"], environment: environment);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        var state = State();
        Assert.Equal($"{name}-attempt2", (string?)state["stack_name"]);
        Assert.Equal("RegionOne", (string?)state["region"]);
        var tried = (string?)Assert.Single(state["tried"]!.AsArray());
        Assert.StartsWith($"traas-ops/RegionTwo: NODE_FAILURE: stack {name} is CREATE_FAILED", tried, StringComparison.Ordinal);
        var summary = await File.ReadAllTextAsync(Path.Combine(Out, "summary.md"));
        Assert.Contains($"Ran on cloud traas-ops, region RegionOne (stack {name}-attempt2)", summary, StringComparison.Ordinal);
        // Markdown escapes the underscores of NODE_FAILURE and CREATE_FAILED.
        Assert.Matches($@"Tried before: traas-ops/RegionTwo: NODE\\?_FAILURE: stack {name} is CREATE\\?_FAILED", summary);
        var comment = Assert.Single(github.Comments[15]).Body;
        Assert.Contains("Ran on cloud traas-ops, region RegionOne", comment, StringComparison.Ordinal);
        Assert.Matches(@"Tried before: traas-ops/RegionTwo: NODE\\?_FAILURE", comment);
        // Hosted on RegionOne's Swift: RegionTwo, the first provider, has none.
        Assert.DoesNotContain("could not host", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("/traas-failover-logs/traas-ci/demo/PR-15/", (string?)state["console_url"], StringComparison.Ordinal);
        Assert.Empty(await StacksAsync("RegionTwo"));
        Assert.Empty(await StacksAsync("RegionOne"));
    }

    [Fact]
    public async Task While_every_region_is_full_provision_waits_with_progress_lines_then_runs_when_a_stack_is_deleted()
    {
        await FillAsync("RegionTwo", 2);
        var blocker = (await FillAsync("RegionOne", 1))[0];
        var providers = ProvidersFile("RegionOne", 1);
        var name = NewName("wait");
        var clock = Stopwatch.StartNew();

        var provision = RunAsync("provision", name, "-t", Hello, "--providers", providers, "--capacity-timeout", "2");
        // A few rounds of counting while both are full, then room in RegionOne.
        await Task.Delay(TimeSpan.FromSeconds(6));
        await RunAsync("delete", blocker, "--wait", "--os-cloud", "traas-ops", "--os-region-name", "RegionOne");
        var run = await provision;

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"took {clock.Elapsed}");
        Assert.Contains("capacity: no provider has room; waiting", run.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"traas-ops/RegionTwo: refused: [^;]*RequestLimitExceeded[^;]*, 2 traas-ci stacks, oldest ", run.Stderr);
        Assert.Matches(@"traas-ops/RegionOne: full: 1 of max-stacks 1, oldest " + blocker, run.Stderr);
        Assert.Contains($"stack {name} runs in traas-ops/RegionOne", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_that_finds_no_room_within_the_capacity_timeout_ends_NO_CAPACITY_naming_every_provider()
    {
        await FillAsync("RegionTwo", 2);
        await FillAsync("RegionOne", 1);
        var providers = ProvidersFile("RegionOne", 1);

        var run = await CliRun.RunAsync([.. RunArgs(NewName("full")), "--providers", providers, "--capacity-timeout", "0.1"],
            environment: Environment);

        Assert.True(run.ExitCode == ExitCodes.NoCapacity, run.Stderr);
        Assert.Equal(8, ExitCodes.NoCapacity);
        var state = State();
        Assert.Equal("NO_CAPACITY", (string?)state["result"]);
        Assert.Equal("nothing-created", (string?)state["stage"]);
        Assert.Contains("result: NO_CAPACITY (exit 8): no provider had room within --capacity-timeout 6 s: "
            + "traas-ops/RegionTwo: ", run.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"result: NO_CAPACITY[^\n]*RegionTwo: refused: [^\n]*RegionOne: full: 1 of max-stacks 1", run.Stderr);
        Assert.Contains("no capacity", await File.ReadAllTextAsync(Path.Combine(Out, "summary.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stack_that_fails_with_novas_quota_text_is_a_capacity_refusal_and_is_deleted()
    {
        // quota.yaml fails in Heat itself, its resource's reason carrying Nova's TooManyInstances text.
        var name = NewName("quota");

        var run = await RunAsync("provision", name, "-t", Path.Combine(AppContext.BaseDirectory, "Stacks", "quota.yaml"),
            "--os-cloud", "traas-ops", "--os-region-name", "RegionOne", "--capacity-timeout", "0");

        Assert.True(run.ExitCode == ExitCodes.NoCapacity, run.Stderr);
        Assert.Contains("provider traas-ops/RegionOne has no room: NODE_FAILURE: stack " + name, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Quota exceeded for cores: Requested 8, but already used 20 of 20 cores", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"stack {name} is deleted", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(await StacksAsync("RegionOne"));
    }

    [Fact]
    public async Task I_can_see_and_delete_a_stack_of_either_region_without_saying_which()
    {
        var one = (await FillAsync("RegionOne", 1))[0];
        var two = (await FillAsync("RegionTwo", 1))[0];

        var statusOne = await RunAsync(["status", one, .. BothRegions]);
        var statusTwo = await RunAsync(["status", two, .. BothRegions]);
        var deleteTwo = await RunAsync(["delete", two, "--wait", .. BothRegions]);
        var gone = await RunAsync(["status", two, .. BothRegions]);

        Assert.True(statusOne.ExitCode == ExitCodes.Passed, statusOne.Stderr);
        Assert.Equal("RegionOne", (string?)JsonNode.Parse(statusOne.Stdout)!["region"]);
        Assert.Equal("RegionTwo", (string?)JsonNode.Parse(statusTwo.Stdout)!["region"]);
        Assert.Equal(ExitCodes.Passed, deleteTwo.ExitCode);
        Assert.Equal(ExitCodes.NoSuchStack, gone.ExitCode);
        Assert.Contains($"there is no stack '{two}' in any of traas-ops/RegionTwo, traas-ops/RegionOne", gone.Stderr,
            StringComparison.Ordinal);
        Assert.Single(await StacksAsync("RegionOne"));
    }

    [Fact]
    public async Task Reap_dry_run_lists_exactly_the_expired_hold_and_the_untagged_old_stack_then_reaps_them()
    {
        var expired = await ProvisionAsync("RegionOne", "traas-hold-until=2020-01-01T00:00:00Z", "traas-pr=o/r#1");
        var held = await ProvisionAsync("RegionTwo", "traas-hold-until=2099-01-01T00:00:00Z", "traas-branch=main");
        var leak = await ProvisionAsync("RegionTwo");

        var dryRun = await RunAsync(["reap", "--older-than", "0", "--dry-run", .. BothRegions]);
        var reap = await RunAsync(["reap", "--older-than", "0", .. BothRegions]);
        await WaitForAsync(async () => (await StacksAsync("RegionOne")).Count == 0 && (await StacksAsync("RegionTwo")).Count == 1);

        Assert.True(dryRun.ExitCode == ExitCodes.Passed, dryRun.Stderr);
        var listed = dryRun.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[0]);
        Assert.Equal(new[] { expired, leak }.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Equal(ExitCodes.Passed, reap.ExitCode);
        Assert.Equal([held], (await StacksAsync("RegionTwo")).Select(s => s.Name));
    }

    [Fact]
    public async Task Holds_are_listed_with_their_scope_and_released_by_name_or_when_expired_in_both_regions()
    {
        var expired = await ProvisionAsync("RegionOne", "traas-hold-until=2020-01-01T00:00:00Z", "traas-pr=o/r#7",
            "traas-job=fs001", "traas-run=https://github.com/o/r/actions/runs/9");
        var held = await ProvisionAsync("RegionTwo", "traas-hold-until=2099-01-01T00:00:00Z", "traas-branch=main");
        var leak = await ProvisionAsync("RegionTwo");

        var holds = await RunAsync(["holds", .. BothRegions]);
        var json = JsonNode.Parse((await RunAsync(["holds", "--json", .. BothRegions])).Stdout)!.AsArray();
        var releaseExpired = await RunAsync(["release", "--all-expired", .. BothRegions]);
        var releaseHeld = await RunAsync(["release", held, .. BothRegions]);
        var releaseAgain = await RunAsync(["release", "no-such-hold", .. BothRegions]);
        var neither = await RunAsync(["release", .. BothRegions]);
        await WaitForAsync(async () => (await StacksAsync("RegionOne")).Count == 0 && (await StacksAsync("RegionTwo")).Count == 1);

        Assert.True(holds.ExitCode == ExitCodes.Passed, holds.Stderr);
        Assert.Matches($@"{expired}\s+traas-ops/RegionOne\s+CREATE_COMPLETE\s+[0-9.]+h\s+2020-01-01T00:00:00Z \(expired\)\s+o/r#7\s+fs001\s+https://github.com/o/r/actions/runs/9", holds.Stdout);
        Assert.Matches($@"{held}\s+traas-ops/RegionTwo\s+CREATE_COMPLETE\s+[0-9.]+h\s+2099-01-01T00:00:00Z\s+main", holds.Stdout);
        Assert.DoesNotContain(leak, holds.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, json.Count);
        Assert.Equal(ExitCodes.Passed, releaseExpired.ExitCode);
        Assert.Contains($"releasing {expired} in traas-ops/RegionOne", releaseExpired.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(held, releaseExpired.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Passed, releaseHeld.ExitCode);
        Assert.Equal(ExitCodes.NoSuchStack, releaseAgain.ExitCode);
        Assert.Equal(ExitCodes.BadInput, neither.ExitCode);
        Assert.Contains("release takes a held stack's NAME or --all-expired", neither.Stderr, StringComparison.Ordinal);
        Assert.Equal([leak], (await StacksAsync("RegionTwo")).Select(s => s.Name));
    }

    [Theory]
    [InlineData("providers: []", "give a list `providers:` with at least one entry")]
    [InlineData("providers:\n  - region: RegionOne", "a provider needs its cloud")]
    [InlineData("providers:\n  - cloud: c\n    max-stacks: none", "max-stacks 'none' is not a whole number of 1 or more")]
    [InlineData("providers:\n  - cloud: c\n    colour: red", "'colour' is not a provider field")]
    public async Task I_get_one_clear_line_for_a_bad_providers_file(string yaml, string message)
    {
        var file = Path.Combine(work, "providers.yaml");
        await File.WriteAllTextAsync(file, yaml);

        var run = await RunAsync("status", "x", "--providers", file);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains($"--providers {file}:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Trim().Split('\n'));
    }

    private string[] RunArgs(string name)
    {
        var job = Path.Combine(work, "job.yaml");
        File.WriteAllText(job, "parameter_defaults:\n  standin_outcome: pass\n  standin_seconds: 2\n");
        var options = sandbox.RunOptions.ToList();
        options[options.IndexOf("--known-hosts") + 1] = Path.Combine(work, "known_hosts");
        var cloud = options.IndexOf("--os-cloud");
        options.RemoveRange(cloud, 2);
        return ["run", name, "-t", Path.Combine(OpenStackSandbox.Repo, "templates", "traas.yaml"), .. options, "-e", job,
            "--out", Out];
    }

    /// <summary>RegionTwo (Heat's own limit only), then RegionOne with max-stacks.</summary>
    private string ProvidersFile(string limited, int max)
    {
        var file = Path.Combine(work, "providers.yaml");
        File.WriteAllText(file, "providers:\n  - cloud: traas-ops\n    region: RegionTwo\n"
            + $"  - cloud: traas-ops\n    region: {limited}\n    max-stacks: {max}\n");
        return file;
    }

    private JsonNode State() => JsonNode.Parse(File.ReadAllText(Path.Combine(Out, "run-state.json")))!;

    private async Task<string> ProvisionAsync(string region, params string[] tags)
    {
        var name = NewName("hold");
        var run = await RunAsync(["provision", name, "-t", Hello, "--os-cloud", "traas-ops", "--os-region-name", region,
            .. tags.SelectMany(t => new[] { "--tag", t })]);
        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        return name;
    }

    private async Task<List<string>> FillAsync(string region, int count)
    {
        List<string> names = [];
        for (var i = 0; i < count; i++)
            names.Add(await ProvisionAsync(region));
        return names;
    }

    private CloudSession Session(string region) =>
        new(new CloudConfigLoader(sandbox.Environment, sandbox.StateDir).Resolve("traas-ops", region), new RetryOptions(), Log);

    private async Task<IReadOnlyList<Stack>> StacksAsync(string region)
    {
        using var session = Session(region);
        return await new HeatClient(session).ListAsync(null, CancellationToken.None);
    }

    /// <summary>Deletes every stack of project traas-ops in both regions, and waits until they are gone.</summary>
    private async Task EmptyAsync()
    {
        foreach (var region in new[] { "RegionOne", "RegionTwo" })
        {
            using var session = Session(region);
            var heat = new HeatClient(session);
            foreach (var stack in await heat.ListAsync(null, CancellationToken.None))
            {
                if (stack.Status != "DELETE_IN_PROGRESS")
                    await heat.DeleteAsync(stack, CancellationToken.None);
            }
        }
        await WaitForAsync(async () => (await StacksAsync("RegionOne")).Count == 0 && (await StacksAsync("RegionTwo")).Count == 0);
    }

    private static async Task WaitForAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the sandbox did not get there within 120 s");
            await Task.Delay(500);
        }
    }
}
