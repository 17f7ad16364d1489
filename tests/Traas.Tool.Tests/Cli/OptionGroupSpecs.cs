using Traas.Tool.Commands;
using Traas.Tool.Model;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Tests.Cli;

/// <summary>
/// The options a group declares once ([OptionGroup] interfaces, implemented by Traas.Tool.Generators) are read
/// on every verb that takes the group, given or left at their defaults.
/// </summary>
public sealed class OptionGroupSpecs
{
    private static readonly string[] JobArgs = ["--ssh-key", "K", "--state", "S", "-o", "O"];

    private static readonly string[] CollectLimitArgs =
    [
        "--collect-max-files", "5", "--collect-max-depth", "6", "--collect-max-mib", "7",
        "--collect-max-file-mib", "8",
    ];

    private static readonly string[] HostingArgs =
    [
        "--logs-swift-container", "C", "--logs-swift-cloud", "CL", "--logs-swift-region", "R",
        "--logs-retention-days", "3", "--logs-temp-urls", "--console-url", "U",
    ];

    private static readonly string[] BaselineArgs = ["--baseline", "B", "--baseline-artifact", "BA", "--no-baseline"];

    private static readonly string[] PublishingArgs =
        ["--report-as", "status", "--known-failures", "KF", "--comment-author", "A[bot]"];

    [Fact]
    public void I_can_give_run_every_option_of_its_groups()
    {
        var run = Assert.IsType<RunOptions>(TraasCli.Parse(
            ["run", .. JobArgs, .. CollectLimitArgs, .. PublishingArgs, .. HostingArgs, .. BaselineArgs, "-e", "E",
                "NAME"]));

        AssertGiven((IJobOptions)run);
        AssertGiven((ICollectLimitOptions)run);
        AssertGiven((IPublishingOptions)run);
        AssertGiven((IHostingOptions)run);
        AssertGiven((IBaselineOptions)run);
        Assert.Equal(["E"], run.Environments);
    }

    [Fact]
    public void I_can_give_the_step_verbs_and_publish_every_option_of_their_groups()
    {
        var wait = Assert.IsType<WaitOptions>(TraasCli.Parse(["wait", .. JobArgs]));
        var collect = Assert.IsType<CollectOptions>(TraasCli.Parse(["collect", .. JobArgs, .. CollectLimitArgs]));
        var publish = Assert.IsType<PublishOptions>(TraasCli.Parse(
            ["publish", .. PublishingArgs, .. HostingArgs, .. BaselineArgs]));
        var validate = Assert.IsType<ValidateOptions>(TraasCli.Parse(["validate", "-t", "T", "-e", "E1", "-e", "E2"]));

        AssertGiven((IJobOptions)wait);
        AssertGiven((IJobOptions)collect);
        AssertGiven((ICollectLimitOptions)collect);
        AssertGiven((IPublishingOptions)publish);
        AssertGiven((IHostingOptions)publish);
        AssertGiven((IBaselineOptions)publish);
        Assert.Equal(["E1", "E2"], validate.Environments);
    }

    [Fact]
    public void An_option_of_a_group_left_out_has_its_default()
    {
        var run = Assert.IsType<RunOptions>(TraasCli.Parse(["run"]));

        Assert.Equal((null, null, ArtifactFiles.DefaultFolder), (run.SshKey, run.State, run.Out));
        Assert.Equal(new CollectLimits(), run.Limits(run.Given));
        Assert.Equal((null, SwiftHosting.DefaultRetentionDays, false),
            (run.SwiftContainer, run.RetentionDays, run.TempUrls));
        Assert.Equal((null, null, false), (run.Baseline, run.BaselineArtifact, run.NoBaseline));
        Assert.Equal(("check", null, null), (run.ReportAs, run.KnownFailures, run.CommentAuthor));
        Assert.Empty(run.Environments);
    }

    private static void AssertGiven(IJobOptions options) =>
        Assert.Equal(("K", "S", "O"), (options.SshKey, options.State, options.Out));

    private static void AssertGiven(ICollectLimitOptions options) =>
        Assert.Equal((5, 6, 7L, 8L),
            (options.CollectMaxFiles, options.CollectMaxDepth, options.CollectMaxMiB, options.CollectMaxFileMiB));

    private static void AssertGiven(IPublishingOptions options) =>
        Assert.Equal(("status", "KF", "A[bot]"), (options.ReportAs, options.KnownFailures, options.CommentAuthor));

    private static void AssertGiven(IHostingOptions options) =>
        Assert.Equal(("C", "CL", "R", 3.0, true, "U"), (options.SwiftContainer, options.SwiftCloud,
            options.SwiftRegion, options.RetentionDays, options.TempUrls, options.ConsoleUrl));

    private static void AssertGiven(IBaselineOptions options) =>
        Assert.Equal(("B", "BA", true), (options.Baseline, options.BaselineArtifact, options.NoBaseline));
}
