using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Traas.Tool.Tests.Support;

/// <summary>
/// A stand-in for a hostile node: a real sshd on 127.0.0.1:22298 whose SFTP subsystem is, per test,
/// either the real sftp-server over a folder the test fills with filesystem tricks (FIFOs, /dev/zero,
/// huge files, many files), or a hostile SFTP server written for these tests
/// (standin_hostile_sftp.py) that lies about types and sizes, never ends a tree, or puts workflow
/// commands in its status messages. Every session runs standin_node_exec.sh first, as a `command="..."`
/// in authorized_keys would: collect's tar stream meets the real tar, the hostile SFTP server, or a
/// hostile tar stream (standin_hostile_tar.py). Fails loudly when sshd cannot start.
/// </summary>
public sealed class HostileNode : IAsyncLifetime
{
    public const int Port = 22298;

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "traas-hostile-node");

    /// <summary>The node's files: traas.log, traas.rc and the tree collect walks (ROOT/tree).</summary>
    public string Root => Path.Combine(Dir, "root");

    public string Key => Path.Combine(Dir, "id_ed25519");

    private Process? sshd;

    public async Task InitializeAsync()
    {
        RemoveTree(Dir);
        Directory.CreateDirectory(Root);
        foreach (var file in new[] { "standin_hostile_sftp.py", "standin_hostile_tar.py", "standin_node_sftp.sh", "standin_node_exec.sh" })
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Support", file), Path.Combine(Dir, file));
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Key);
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(Dir, "host_key"));
        File.Copy(Key + ".pub", Path.Combine(Dir, "authorized_keys"));
        Directory.CreateDirectory("/run/sshd");
        await File.WriteAllTextAsync(Path.Combine(Dir, "sshd_config"), $"""
            ListenAddress 127.0.0.1
            Port {Port}
            HostKey {Dir}/host_key
            PidFile {Dir}/sshd.pid
            AuthorizedKeysFile {Dir}/authorized_keys
            AllowUsers {Environment.UserName}
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            StrictModes no
            UsePAM no
            Subsystem sftp /bin/sh {Dir}/standin_node_sftp.sh {Dir}
            ForceCommand /bin/sh {Dir}/standin_node_exec.sh {Dir}

            """);
        Mode("real");
        if (!File.Exists("/usr/sbin/sshd"))
            throw new InvalidOperationException("no /usr/sbin/sshd: scripts/sandbox.sh up (or scripts/test.sh) installs openssh-server");
        sshd = Process.Start(new ProcessStartInfo("/usr/sbin/sshd", ["-D", "-e", "-f", Path.Combine(Dir, "sshd_config")])
        {
            RedirectStandardError = true,
        })!;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!Listening())
        {
            if (sshd.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"the hostile-node sshd did not listen on {Port}: {await sshd.StandardError.ReadToEndAsync()}");
            await Task.Delay(100);
        }
    }

    public Task DisposeAsync()
    {
        if (sshd is { HasExited: false })
        {
            sshd.Kill(entireProcessTree: true);
            sshd.WaitForExit();
        }
        return Task.CompletedTask;
    }

    /// <summary>What the SFTP subsystem of the next connection is (see standin_hostile_sftp.py).</summary>
    public void Mode(string mode) => File.WriteAllText(Path.Combine(Dir, "mode"), mode);

    /// <summary>A run state of a job on this node, as `run` would have left it, for `wait` and `collect`.</summary>
    public JsonObject State(string outDir, double jobTimeoutMinutes = 0.5) => new()
    {
        ["version"] = 1,
        ["stage"] = "provisioned",
        ["stack_name"] = "hostile",
        ["stack_id"] = "00000000-0000-4000-8000-00000000aaaa",
        ["job_type"] = "hostile-job",
        ["host"] = "127.0.0.1",
        ["port"] = Port,
        ["user"] = Environment.UserName,
        ["log_path"] = Path.Combine(Root, "traas.log"),
        ["marker_path"] = Path.Combine(Root, "traas.rc"),
        ["key_file"] = Key,
        ["known_hosts"] = Path.Combine(outDir, "known_hosts"),
        ["keep"] = "never",
        ["collect"] = new JsonArray(Path.Combine(Root, "tree", "**")),
        ["out_dir"] = outDir,
        ["job_timeout_minutes"] = jobTimeoutMinutes,
        ["connect_timeout_minutes"] = 0.5,
        ["collect_timeout_minutes"] = 1,
    };

    private bool Listening()
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            client.Connect("127.0.0.1", Port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Removes a tree whatever the node made of it: .NET's delete decodes a name that is not UTF-8 into one that
    /// names nothing, and cannot go past PATH_MAX; rm can.
    /// </summary>
    public static void RemoveTree(string path) => Run("rm", "-rf", "--", path);

    private static void Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} failed: {process.StandardError.ReadToEnd()}");
    }
}

[CollectionDefinition(HostileNodeCollection.Name)]
public sealed class HostileNodeCollection : ICollectionFixture<HostileNode>
{
    public const string Name = "hostile node";
}
