using Traas.Tool.Model;

namespace Traas.Tool.Tests.Cli;

/// <summary>
/// Everything that can be wrong in the input of run and provision is found before the cloud is asked: a bad
/// value is one line naming it and exit 2, and the unreachable cloud behind it is never tried.
/// </summary>
public sealed class UpFrontCheckSpecs : IDisposable
{
    private readonly UnreachableCloud _cloud = new();

    public void Dispose() => _cloud.Dispose();

    public static TheoryData<string[], string> BadRunInput => new()
    {
        { ["--ssh-port", "0"], "--ssh-port 0: give a port from 1 to 65535" },
        { ["--ssh-port", "70000"], "--ssh-port 70000: give a port from 1 to 65535" },
        { ["--host-key", "bogus"], "--host-key bogus: give the host key's SHA256 fingerprint" },
        // A fingerprint one character short, and one that is MD5's: neither could ever match a key.
        { ["--host-key", "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2"], "--host-key SHA256:uNiV" },
        { ["--host-key", "MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48"], "--host-key MD5:16:27" },
        { ["--timeout", "-5"], "--timeout -5: give a whole number of minutes from 1 to 10080 (a week)" },
        { ["--timeout", "0"], "--timeout 0: give a whole number of minutes from 1 to 10080" },
        { ["--timeout", "99999"], "--timeout 99999: give a whole number of minutes from 1 to 10080" },
        { ["--capacity-timeout", "10081"], "--capacity-timeout 10081: give a number of minutes from 0, at most 10080" },
        { ["--job-timeout", "0"], "--job-timeout 0: give a number of minutes above 0, at most 10080" },
        { ["--connect-timeout", "99999"], "--connect-timeout 99999: give a number of minutes above 0" },
        { ["--collect-timeout", "-1"], "--collect-timeout -1: give a number of minutes above 0" },
        { ["my_stack!"], "stack name 'my_stack!': Heat takes a name that starts with a letter" },
        { ["1stack"], "stack name '1stack': Heat takes a name that starts with a letter" },
    };

    [Theory]
    [MemberData(nameof(BadRunInput))]
    public async Task Run_refuses_a_bad_value_before_it_asks_the_cloud(string[] args, string message)
    {
        var run = await CliRun.RunAsync([.. _cloud.RunArgs, .. args], environment: UnreachableCloud.Environment);

        AssertRefusedUpFront(run, message);
    }

    public static TheoryData<string[], string> BadProvisionInput => new()
    {
        { ["my_stack!"], "stack name 'my_stack!': Heat takes a name" },
        { ["s", "--timeout", "0"], "--timeout 0: give a whole number of minutes from 1 to 10080" },
        { ["s", "--timeout", "10081"], "--timeout 10081: give a whole number of minutes from 1 to 10080" },
    };

    [Theory]
    [MemberData(nameof(BadProvisionInput))]
    public async Task Provision_refuses_a_bad_name_or_timeout_before_it_asks_the_cloud(string[] args, string message)
    {
        var run = await CliRun.RunAsync(["provision", "-t", Template, .. _cloud.CloudArgs, .. args],
            environment: UnreachableCloud.Environment);

        AssertRefusedUpFront(run, message);
    }

    [Fact]
    public async Task Wait_refuses_a_job_timeout_above_a_week_before_it_reads_the_state()
    {
        var run = await CliRun.RunAsync(["wait", "--state", Path.Combine(_cloud.Out, "none.json"), "--job-timeout",
            "10081"]);

        AssertRefusedUpFront(run, "--job-timeout 10081: give a number of minutes above 0, at most 10080 (a week)");
    }

    /// <summary>The checks refuse no good value: these go on to the cloud, and find it unreachable.</summary>
    [Fact]
    public async Task Good_values_at_the_limits_and_a_real_fingerprint_reach_the_cloud()
    {
        var run = await CliRun.RunAsync([.. _cloud.RunArgs, "--ssh-port", "65535", "--host-key",
            _cloud.KeyFingerprint, "--timeout", "10080", "--capacity-timeout", "0", "--job-timeout", "10080",
            "--connect-timeout", "0.5", "my.stack_1-a"], environment: UnreachableCloud.Environment);

        Assert.Equal(ExitCodes.CloudError, run.ExitCode);
        Assert.Contains(UnreachableCloud.CannotReach, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("creating stack my.stack_1-a", run.Stderr, StringComparison.Ordinal);
    }

    private static string Template => Path.Combine(TemplateProcessingSpecs.RepoRoot(), "templates", "traas.yaml");

    private static void AssertRefusedUpFront(CliRun run, string message)
    {
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.DoesNotContain(UnreachableCloud.CannotReach, run.Stderr, StringComparison.Ordinal);
    }
}
