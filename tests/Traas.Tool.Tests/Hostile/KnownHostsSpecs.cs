using System.Diagnostics;
using System.Text.Json.Nodes;
using Traas.Tool.Model;

namespace Traas.Tool.Tests.Hostile;

/// <summary>
/// A record of host keys that cannot be kept is a configuration error (exit 2), found before a stack
/// exists (run) or before the connect (wait, collect), never a NODE_FAILURE that would re-provision.
/// </summary>
public sealed class KnownHostsSpecs : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("traas-known-hosts-").FullName;

    public KnownHostsSpecs()
    {
        File.WriteAllText(Blocker, "a file where the record's folder should be");
        var keygen = Process.Start(new ProcessStartInfo("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", Key])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        keygen.WaitForExit();
        Assert.Equal(0, keygen.ExitCode);
    }

    private string Key => Path.Combine(_work, "id_ed25519");

    private string Blocker => Path.Combine(_work, "state");

    private string KnownHosts => Path.Combine(Blocker, "known_hosts");

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Run_with_a_record_it_cannot_write_stops_before_the_cloud_with_exit_2()
    {
        var template = Path.Combine(_work, "ok.yaml");
        await File.WriteAllTextAsync(template, "heat_template_version: 2018-08-31\nresources: {}\n");
        var clouds = Path.Combine(_work, "clouds.yaml");
        // Nothing listens there: reaching the cloud would be exit 3.
        await File.WriteAllTextAsync(clouds, "clouds:\n  c:\n    auth: {auth_url: 'http://127.0.0.1:1/v3', "
            + "username: u, password: p, project_name: p}\n");

        var run = await CliRun.RunAsync(
            ["run", "job", "-t", template, "--os-cloud", "c", "--ssh-key", Key, "--known-hosts", KnownHosts,
                "--out", Path.Combine(_work, "out")],
            environment: new Dictionary<string, string>
            {
                ["HOME"] = _work,
                ["OS_CLIENT_CONFIG_FILE"] = clouds,
                ["TRAAS_RETRIES"] = "0",
            });

        AssertConfigurationError(run);
    }

    [Theory]
    [InlineData("wait")]
    [InlineData("collect")]
    public async Task A_step_with_a_record_it_cannot_write_stops_before_the_connect_with_exit_2(string verb)
    {
        var outDir = Path.Combine(_work, "out");
        Directory.CreateDirectory(outDir);
        var state = Path.Combine(_work, "run-state.json");
        await File.WriteAllTextAsync(state, new JsonObject
        {
            ["stage"] = "waiting",
            ["stack_name"] = "s",
            ["stack_id"] = "0b7f5f0e-1111-2222-3333-444455556666",
            ["host"] = "127.0.0.1",
            ["port"] = 1,
            ["user"] = "centos",
            ["log_path"] = "/l",
            ["marker_path"] = "/m",
            ["key_file"] = Key,
            ["known_hosts"] = KnownHosts,
            ["out_dir"] = outDir,
            ["job_timeout_minutes"] = 1,
            ["connect_timeout_minutes"] = 1,
            ["collect_timeout_minutes"] = 1,
        }.ToJsonString());

        var run = await CliRun.RunAsync([verb, "--state", state],
            environment: new Dictionary<string, string> { ["HOME"] = _work });

        AssertConfigurationError(run);
    }

    private void AssertConfigurationError(CliRun run)
    {
        Assert.True(run.ExitCode == ExitCodes.BadInput, $"exit {run.ExitCode}: {run.Stderr}");
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"traas-ci: error: cannot write the record of SSH host keys {KnownHosts}", line,
            StringComparison.Ordinal);
        Assert.DoesNotContain("NODE_FAILURE", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }
}
