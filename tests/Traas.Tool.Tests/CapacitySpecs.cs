using System.Text.Json.Nodes;
using Serilog;
using Traas.Tool.Commands;
using Traas.Tool.Config;
using Traas.Tool.GitHub;
using Traas.Tool.Model;
using Traas.Tool.OpenStack;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Tests;

/// <summary>
/// What counts as a capacity refusal, how providers come from the command line, how a wait for room
/// reports and ends on a fake clock, and what a hold's tags say: the parts of providers, capacity and
/// holds that need no cloud (ProviderSpecs has the rest).
/// </summary>
public sealed class CapacitySpecs
{
    [Theory]
    // Heat's max_stacks_per_tenant, as the sandbox's RegionTwo answers it.
    [InlineData("RequestLimitExceeded: Request limit exceeded: You have reached the maximum stacks per tenant, 2. "
        + "Please delete some stacks.")]
    // Nova's TooManyInstances, QuotaError and NoValidHost, wrapped by Heat in a resource's reason.
    [InlineData("resources.undercloud: Quota exceeded for cores: Requested 8, but already used 16 of 20 cores")]
    [InlineData("ResourceInError: resources.server: Went to status ERROR due to \"Message: No valid host was found. "
        + "There are not enough hosts available., Code: 500\"")]
    [InlineData("Forbidden: resources.port: Quota exceeded: code=ResourceLimitExceeded")]
    [InlineData("Maximum number of floating IPs exceeded")]
    // Neutron's OverQuota and IpAddressGenerationFailure.
    [InlineData("Conflict: resources.net: Quota exceeded for resources: ['network'].")]
    [InlineData("No more IP addresses available on network 5b2a.")]
    public void A_cloud_saying_it_has_no_room_is_a_capacity_refusal(string reason) =>
        Assert.NotNull(CapacityRefusal.Find(reason));

    [Theory]
    [InlineData("resources.toci_job: Test Resource failed toci_job")]
    [InlineData("Property error: resources.server.properties.flavor: Error validating value 'm1.huge'")]
    [InlineData(null)]
    public void A_broken_node_or_template_is_no_capacity_refusal(string? reason) =>
        Assert.Null(CapacityRefusal.Find(reason));

    [Theory]
    [InlineData(new[] { "status", "x" }, "(default cloud)/(default region)")]
    [InlineData(new[] { "status", "x", "--os-cloud", "a", "--os-cloud", "b" }, "a/(default region) b/(default region)")]
    [InlineData(new[] { "status", "x", "--os-cloud", "a", "--os-region-name", "R1", "--os-region-name", "R2" }, "a/R1 a/R2")]
    [InlineData(new[] { "status", "x", "--os-cloud", "a", "--os-region-name", "R1", "--os-cloud", "b",
        "--os-region-name", "R2" }, "a/R1 b/R2")]
    [InlineData(new[] { "status", "x", "--os-cloud", "a", "--os-cloud", "b", "--os-region-name", "R" }, "a/R b/R")]
    public void I_can_name_several_providers_on_the_command_line(string[] args, string providers)
    {
        var options = Assert.IsAssignableFrom<CloudOptions>(TraasCli.Parse(args));

        Assert.Equal(providers, string.Join(' ', options.Providers()));
    }

    [Fact]
    public void I_get_a_clear_error_when_clouds_and_regions_do_not_pair_up()
    {
        var options = Assert.IsAssignableFrom<CloudOptions>(TraasCli.Parse(["status", "x", "--os-cloud", "a",
            "--os-cloud", "b", "--os-cloud", "c", "--os-region-name", "R1", "--os-region-name", "R2"]));

        var error = Assert.Throws<TraasException>(() => options.Providers());

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith("3 --os-cloud and 2 --os-region-name: give one region per cloud", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_every_provider_is_full_I_see_a_progress_line_at_least_once_a_minute_until_the_timeout()
    {
        var clock = new SteppingClock();
        var lines = new ClockedLogSink(clock);
        using var log = new LoggerConfiguration().WriteTo.Sink(lines).CreateLogger();
        var context = new PipelineContext(TextWriter.Null, () => Stream.Null, new Dictionary<string, string>(),
            new ToolSettings(), new WorkflowRunner(TextWriter.Null, isActions: false, stepSummaryPath: null))
        {
            Time = clock,
        };
        Provider[] providers = [new("a", "RegionOne") { MaxStacks = 1 }, new("b", "RegionTwo") { MaxStacks = 2 }];
        // Every count finds each provider at its max-stacks, for as long as the run waits.
        using var pool = new ProviderPool(context, providers, log, (provider, _) =>
            Task.FromResult<IReadOnlyList<Stack>>([.. Enumerable.Range(0, provider.MaxStacks!.Value)
                .Select(i => new Stack($"id-{i}", $"{provider.Region}-{i}", "CREATE_COMPLETE", null,
                    new Dictionary<string, JsonNode?>()))]));
        var began = clock.GetUtcNow();

        var provider = await clock.RunAsync(pool.AcquireAsync(null, 0, [], TimeSpan.FromMinutes(30),
            CancellationToken.None), atMost: TimeSpan.FromHours(1));
        var gaveUp = clock.GetUtcNow();

        // Null is what a run ends NO_CAPACITY on, and provision exits NoCapacity with GaveUp.
        Assert.Null(provider);
        Assert.Equal(TimeSpan.FromMinutes(30), gaveUp - began);
        Assert.Equal("no provider had room within --capacity-timeout 30 min: a/RegionOne: full: 1 of max-stacks 1; "
            + "b/RegionTwo: full: 2 of max-stacks 2", pool.GaveUp);
        var progress = lines.Lines.Where(l => l.Line.StartsWith("capacity: no provider has room; waiting",
            StringComparison.Ordinal)).Select(l => l.At).ToList();
        // From the start of the wait to its end: 30 minutes with no line would be one gap of 30.
        DateTimeOffset[] times = [began, .. progress, gaveUp];
        var gaps = times.Zip(times.Skip(1), (from, to) => to - from).ToList();
        Assert.True(gaps.Max() <= TimeSpan.FromMinutes(1), $"gaps between progress lines: {string.Join(", ", gaps)}");
    }

    [Fact]
    public void A_holds_tags_say_its_expiry_and_scope_and_read_back_the_same()
    {
        var hold = new Hold(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero))
        {
            PullRequest = "o/r#12",
            JobType = "featureset001",
            Run = "https://github.com/o/r/actions/runs/" + new string('9', 80),
        };

        var tags = hold.Tags();
        var read = Hold.From(tags);

        Assert.Equal("traas-hold-until=2026-12-03T12:00:00Z", tags[0]);
        Assert.Contains("traas-pr=o/r#12", tags);
        Assert.All(tags, t => Assert.True(t.Length <= 80, t));
        Assert.Equal(hold.Until, read!.Until);
        Assert.Equal("o/r#12", read.PullRequest);
        Assert.Equal("featureset001", read.JobType);
        Assert.True(read.IsExpired(hold.Until));
        Assert.False(read.IsExpired(hold.Until.AddSeconds(-1)));
        Assert.Null(Hold.From(["traas-ci", "traas-run-0123"]));
    }

    [Fact]
    public void A_kept_stacks_hold_tags_are_told_apart_from_traas_cis_own_and_the_users()
    {
        string[] tags = ["traas-ci", "traas-run-0123", "team=infra", "traas-hold-until=2026-12-03T12:00:00Z",
            "traas-pr=o/r#12", "traas-branch=main", "traas-job=fs001", "traas-run=https://github.com/o/r/actions/runs/9"];

        var kept = tags.Where(t => !Hold.IsHoldTag(t));

        Assert.Equal(["traas-ci", "traas-run-0123", "team=infra"], kept);
    }
}
