using Traas.Tool.Model;

namespace Traas.Tool.Tests;

/// <summary>Provisioning through a proxy that drops connections or answers 503 in front of the real Heat.</summary>
[Collection(OpenStackSandbox.Collection)]
public sealed class FaultSpecs(OpenStackSandbox sandbox)
{
    [Fact]
    public async Task Provision_succeeds_when_the_faults_stay_within_the_retry_budget()
    {
        await using var proxy = new FaultyProxy(28004, FaultyProxy.Fault.Drop, FaultyProxy.Fault.ServiceUnavailable,
            FaultyProxy.Fault.TooManyRequests, FaultyProxy.Fault.Drop, FaultyProxy.Fault.ServiceUnavailable);
        var name = $"fault-{Guid.NewGuid():N}"[..20];

        var run = await CliRun.RunAsync(["provision", name, "-t", Stack("hello.yaml")], environment: Through(proxy, retries: 6));
        await CliRun.RunAsync(["delete", name, "--wait"], environment: Through(proxy, retries: 6));

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.Equal("hello", (string?)System.Text.Json.Nodes.JsonNode.Parse(run.Stdout)!["said"]);
        Assert.Contains("cloud call failed (HTTP 503); trying again", run.Stderr, StringComparison.Ordinal);
        // Retry-After: 1 is honoured, not the 50 ms back-off.
        Assert.Contains("cloud call failed (HTTP 429); trying again in 1.0 s", run.Stderr, StringComparison.Ordinal);
        Assert.True(proxy.Connections > 5, $"only {proxy.Connections} connections reached the proxy");
    }

    [Fact]
    public async Task Beyond_the_retry_budget_I_get_a_clear_error_and_the_cloud_exit_code()
    {
        await using var proxy = FaultyProxy.Failing(28004);

        var run = await CliRun.RunAsync(["provision", $"never-{Guid.NewGuid():N}"[..20], "-t", Stack("hello.yaml")], environment: Through(proxy, retries: 2));

        Assert.Equal(ExitCodes.CloudError, run.ExitCode);
        Assert.Contains("Heat refused to create stack", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("503", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, proxy.Connections);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dropped_connections_beyond_the_budget_say_the_service_cannot_be_reached()
    {
        // A drop can surface as an unwrapped SocketException (ENOTCONN) only now and then: repeat.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await using var proxy = new FaultyProxy(28004, [.. Enumerable.Repeat(FaultyProxy.Fault.Drop, 100)]);

            var run = await CliRun.RunAsync(["status", "anything"], environment: Through(proxy, retries: 2));

            Assert.True(run.ExitCode == ExitCodes.CloudError, $"run {attempt}: exit {run.ExitCode}\n{run.Stderr}");
            Assert.Contains("cannot reach the orchestration service of cloud 'traas-sandbox'", run.Stderr, StringComparison.Ordinal);
            Assert.Contains("gave up after 2 retries", run.Stderr, StringComparison.Ordinal);
        }
    }

    private static string Stack(string file) => Path.Combine(AppContext.BaseDirectory, "Stacks", file);

    /// <summary>A clouds.yaml like the sandbox's, with Heat reached through the proxy.</summary>
    private Dictionary<string, string> Through(FaultyProxy proxy, int retries)
    {
        var clouds = Path.Combine(sandbox.StateDir, $"proxy-{proxy.Port}.yaml");
        var text = File.ReadAllText(sandbox.CloudsYaml).Replace("    region_name: RegionOne\n    interface: public\n",
            $"    region_name: RegionOne\n    interface: public\n    orchestration_endpoint_override: http://127.0.0.1:{proxy.Port}/v1/%(project_id)s\n", StringComparison.Ordinal);
        File.WriteAllText(clouds, text);
        return new Dictionary<string, string>(sandbox.Environment)
        {
            ["OS_CLIENT_CONFIG_FILE"] = clouds,
            ["TRAAS_RETRIES"] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TRAAS_RETRY_DELAY"] = "0.05",
            ["TRAAS_POLL_SECONDS"] = "1",
        };
    }
}
