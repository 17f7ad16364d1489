using Traas.Tool.Model;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Tests;

/// <summary>
/// Which cloud and region a run's logs are hosted on: the provider that ran the job (after a
/// failover, not the first one), unless --logs-swift-cloud or --logs-swift-region names another.
/// </summary>
public sealed class HostingPlaceSpecs
{
    private static readonly Provider[] Providers = [new("east", "RegionOne"), new("west", "RegionTwo")];

    private static readonly SwiftHosting Unnamed = new("logs", null, null, TimeSpan.FromDays(30));

    private static RunState RanOn(string? cloud, string? region) =>
        new() { Stage = RunStage.Deleted, StackName = "s-attempt2", StackId = "id", Cloud = cloud, Region = region };

    [Fact]
    public void After_a_failover_the_logs_go_to_the_cloud_and_region_that_ran_the_job()
    {
        var hosting = Unnamed.For(RanOn("west", "RegionTwo"), Providers);

        Assert.Equal(("west", "RegionTwo"), (hosting.Cloud, hosting.Region));
    }

    [Fact]
    public void A_cloud_or_region_named_for_hosting_wins_over_the_one_that_ran_the_job()
    {
        var cloud = (Unnamed with { Cloud = "archive" }).For(RanOn("west", "RegionTwo"), Providers);
        var region = (Unnamed with { Region = "RegionOne" }).For(RanOn("west", "RegionTwo"), Providers);

        Assert.Equal(("archive", "RegionTwo"), (cloud.Cloud, cloud.Region));
        Assert.Equal(("west", "RegionOne"), (region.Cloud, region.Region));
    }

    [Fact]
    public void A_run_that_made_no_stack_hosts_its_logs_on_the_first_provider()
    {
        var hosting = Unnamed.For(new RunState { Stage = RunStage.NothingCreated, StackName = "s" }, Providers);

        Assert.Equal(("east", "RegionOne"), (hosting.Cloud, hosting.Region));
    }

    [Fact]
    public void A_run_on_the_default_cloud_hosts_on_the_default_cloud()
    {
        var hosting = Unnamed.For(RanOn(null, null), [new Provider(null, null)]);

        Assert.Null(hosting.Cloud);
        Assert.Null(hosting.Region);
    }
}
