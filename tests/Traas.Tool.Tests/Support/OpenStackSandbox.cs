using System.Diagnostics;
using Traas.Tool.Config;

namespace Traas.Tool.Tests.Support;

/// <summary>
/// The local sandbox (scripts/sandbox.sh): real Keystone and Heat, a real sshd on 127.0.0.1:22222
/// and the stand-in job watcher, shared by the tests of the "openstack" collection. Tokens live 60 s,
/// so long waits exercise re-authentication. Fails loudly when the sandbox cannot start: these tests
/// are never skipped.
/// </summary>
public sealed class OpenStackSandbox : IAsyncLifetime
{
    public const string Collection = "openstack";

    /// <summary>
    /// The sandbox's folder (and its lock, beside it). TRAAS_TEST_SANDBOX_DIR and TRAAS_TEST_PORT_OFFSET
    /// give a run its own sandbox on other ports, when the shared one is busy; unset, every run shares one.
    /// Some specs (faults, host keys) name the default ports: run those without an offset.
    /// </summary>
    public string StateDir { get; } = OwnDir() ?? Path.Combine(Path.GetTempPath(), "traas-openstack-tests");

    private static string? OwnDir() =>
        System.Environment.GetEnvironmentVariable("TRAAS_TEST_SANDBOX_DIR") is { Length: > 0 } own ? own : null;

    private static int PortOffset =>
        int.TryParse(System.Environment.GetEnvironmentVariable("TRAAS_TEST_PORT_OFFSET"), out var offset) ? offset : 0;

    private static string Port(int port) =>
        (port + PortOffset).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The port Swift's proxy listens on (28080, moved by TRAAS_TEST_PORT_OFFSET like the others).</summary>
    public static int SwiftPort => 28080 + PortOffset;

    public string CloudsYaml => Path.Combine(StateDir, "clouds.yaml");

    public Dictionary<string, string> Environment => new(StringComparer.Ordinal)
    {
        ["HOME"] = StateDir,
        ["OS_CLIENT_CONFIG_FILE"] = CloudsYaml,
        ["OS_CLOUD"] = "traas-sandbox",
    };

    internal CloudConfig Cloud(string name = "traas-sandbox") => new CloudConfigLoader(Environment, StateDir).Resolve(name);

    /// <summary>The options `traas-ci run` needs against the sandbox (scripts/sandbox.sh env).</summary>
    public IReadOnlyList<string> RunOptions { get; private set; } = [];

    public static string Repo => RepoRoot();

    /// <summary>Held while this test run uses the sandbox: its ports and state folder are the machine's, not the checkout's.</summary>
    private FileStream? _lock;

    public async Task InitializeAsync()
    {
        _lock = await LockAsync();
        // A loaded machine (load 40 on 2 cores was seen) takes more than 10 minutes to bring it all up.
        await ScriptAsync("up", TimeSpan.FromMinutes(20));
        RunOptions = (await ScriptAsync("env", TimeSpan.FromMinutes(1))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public async Task DisposeAsync()
    {
        try
        {
            await ScriptAsync("down", TimeSpan.FromMinutes(1));
        }
        finally
        {
            _lock?.Dispose();
        }
    }

    /// <summary>
    /// Another checkout's test run using the sandbox would stop it under this one (both use the same
    /// ports and folder): wait for it to end, as a second run of the same tests must.
    /// </summary>
    private async Task<FileStream> LockAsync()
    {
        var path = StateDir + ".lock";
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(60);
        var said = false;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive lock of the file (flock) for as long as it is open.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                if (!said)
                    Console.Error.WriteLine($"the sandbox is in use by another test run ({path}); waiting for it");
                said = true;
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
    }

    /// <summary>Runs scripts/sandbox.sh VERB (up, down, env, sshd-stop, sshd-start, sshd-rekey); returns its stdout.</summary>
    public async Task<string> ScriptAsync(string verb, TimeSpan timeout)
    {
        var script = Path.Combine(RepoRoot(), "scripts", "sandbox.sh");
        // Its daemons keep the folder they start in: the repository's, never a spec's temporary one.
        var start = new ProcessStartInfo("bash", [script, verb])
        {
            WorkingDirectory = RepoRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["TRAAS_SANDBOX_DIR"] = StateDir;
        start.Environment["TRAAS_PG_PORT"] = Port(25432);
        start.Environment["TRAAS_KEYSTONE_PORT"] = Port(25000);
        start.Environment["TRAAS_HEAT_PORT"] = Port(28004);
        start.Environment["TRAAS_HEAT2_PORT"] = Port(28005);
        start.Environment["TRAAS_SWIFT_PORT"] = SwiftPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["TRAAS_SSH_PORT"] = Port(22222);
        start.Environment["TRAAS_STANDIN_SECONDS"] = "6";
        start.Environment["TRAAS_TOKEN_EXPIRATION"] = "60";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"sandbox.sh {verb} failed ({process.ExitCode}): {await stderr}{await stdout}");
        return await stdout;
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
