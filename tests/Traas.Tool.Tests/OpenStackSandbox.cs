using System.Diagnostics;
using Traas.Tool.Config;

namespace Traas.Tool.Tests;

/// <summary>
/// Real Keystone and Heat on loopback (scripts/openstack-sandbox.sh), shared by the tests of the
/// "openstack" collection. Tokens live 60 s, so long waits exercise re-authentication. Fails loudly
/// when the sandbox cannot start: these tests are never skipped.
/// </summary>
public sealed class OpenStackSandbox : IAsyncLifetime
{
    public const string Collection = "openstack";

    public string StateDir { get; } = Path.Combine(Path.GetTempPath(), "traas-openstack-tests");

    public string CloudsYaml => Path.Combine(StateDir, "clouds.yaml");

    public Dictionary<string, string> Environment => new(StringComparer.Ordinal)
    {
        ["HOME"] = StateDir,
        ["OS_CLIENT_CONFIG_FILE"] = CloudsYaml,
        ["OS_CLOUD"] = "traas-sandbox",
    };

    public CloudConfig Cloud(string name = "traas-sandbox") => new CloudConfigLoader(Environment, StateDir).Resolve(name);

    public async Task InitializeAsync() => await RunAsync("up", TimeSpan.FromMinutes(10));

    public async Task DisposeAsync() => await RunAsync("down", TimeSpan.FromMinutes(1));

    private async Task RunAsync(string verb, TimeSpan timeout)
    {
        var script = Path.Combine(RepoRoot(), "scripts", "openstack-sandbox.sh");
        var start = new ProcessStartInfo("bash", [script, verb]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["TRAAS_SANDBOX_DIR"] = StateDir;
        start.Environment["TRAAS_PG_PORT"] = "25432";
        start.Environment["TRAAS_KEYSTONE_PORT"] = "25000";
        start.Environment["TRAAS_HEAT_PORT"] = "28004";
        start.Environment["TRAAS_TOKEN_EXPIRATION"] = "60";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"openstack-sandbox.sh {verb} failed ({process.ExitCode}): {await stderr}{await stdout}");
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Traas.Ci.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Traas.Ci.sln not found");
    }
}

[CollectionDefinition(OpenStackSandbox.Collection)]
public sealed class OpenStackCollection : ICollectionFixture<OpenStackSandbox>;
