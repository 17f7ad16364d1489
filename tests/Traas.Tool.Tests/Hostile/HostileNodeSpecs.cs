using System.Diagnostics;
using System.Text.Json.Nodes;
using Traas.Tool.Model;

namespace Traas.Tool.Tests.Hostile;

/// <summary>
/// `wait` and `collect` against a node that does its worst (the hostile-node stand-in: a real sshd
/// with filesystem tricks, or a lying SFTP server). Each runs traas-ci as its own process and holds
/// it to its documented exit code, bounded time, bounded memory (peak RSS from wait4), one clear
/// line and no stack trace; under GitHub Actions, nothing the node wrote becomes a workflow command.
/// </summary>
[Collection(HostileNodeCollection.Name)]
public sealed partial class HostileNodeSpecs(HostileNode node) : IDisposable
{
    /// <summary>Far above what wait or collect need (about 80 MiB), far below the node's tricks (GiB).</summary>
    private const long MaxRssKiB = 400 * 1024;

    private readonly string work = Directory.CreateTempSubdirectory("traas-hostile-").FullName;

    public void Dispose()
    {
        Directory.Delete(work, recursive: true);
        // The node's names may not be UTF-8: a name .NET lists may not be one it can delete.
        HostileNode.RemoveTree(node.Root);
        Directory.CreateDirectory(node.Root);
    }

    [Fact]
    public async Task A_fifo_as_the_exit_marker_is_a_failure_at_once_not_a_hang()
    {
        node.Mode("real");
        Log("ok: [undercloud]\n");
        Run("mkfifo", Path.Combine(node.Root, "traas.rc"));

        var run = await TraasAsync(["wait", "--state", State()], seconds: 60);

        AssertBounded(run, ExitCodes.JobFailed, 60);
        Assert.Contains("the exit marker", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("is a FIFO, not a regular file", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dev_zero_as_the_exit_marker_is_refused_by_its_type()
    {
        node.Mode("real");
        Log("ok: [undercloud]\n");
        File.CreateSymbolicLink(Path.Combine(node.Root, "traas.rc"), "/dev/zero");

        var run = await TraasAsync(["wait", "--state", State()], seconds: 60);

        AssertBounded(run, ExitCodes.JobFailed, 60);
        Assert.Contains("is a device, not a regular file", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_marker_that_says_it_is_small_and_never_ends_is_read_a_few_bytes_only()
    {
        node.Mode("zero-marker");
        Log("ok: [undercloud]\n");
        await File.WriteAllTextAsync(Path.Combine(node.Root, "traas.rc"), "0\n");

        var run = await TraasAsync(["wait", "--state", State()], seconds: 60);

        AssertBounded(run, ExitCodes.JobFailed, 60);
        Assert.Contains("holds more than 32 bytes, not an exit status", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_garbage_marker_is_a_failure_with_its_reason()
    {
        node.Mode("real");
        Log("ok: [undercloud]\n");
        await File.WriteAllTextAsync(Path.Combine(node.Root, "traas.rc"), "::error::PWNED\n");

        var run = await TraasAsync(["wait", "--state", State()], seconds: 60, actions: true);

        AssertBounded(run, ExitCodes.JobFailed, 60);
        Assert.Contains("not an exit status; the job's wrapper is broken", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("FAILED", (string?)JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(work, "run-state.json")))!["result"]);
        AssertNoCommandFromTheNode(run);
    }

    [Fact]
    public async Task A_log_with_bare_CRs_and_mid_line_commands_shows_but_runs_nothing()
    {
        node.Mode("real");
        Log("PLAY [p] ***\nprogress 10%\r::error title=PWNED::from the log\r\n"
            + "mid-line ##[warning]PWNED\n\u200B::add-mask::the\n::stop-commands::PWNED\n::error::PWNED after the stop\n");
        await File.WriteAllTextAsync(Path.Combine(node.Root, "traas.rc"), "0\n");

        var run = await TraasAsync(["wait", "--state", State()], seconds: 60, actions: true);

        AssertBounded(run, ExitCodes.Passed, 60);
        Assert.Contains("PWNED", run.Stdout, StringComparison.Ordinal);
        AssertNoCommandFromTheNode(run);
        Assert.Equal(["group", "endgroup"], RunnerCommandChecker.Commands(run.Stdout).Select(c => c.Name));
    }

    [Fact]
    public async Task A_tree_without_end_stops_at_the_depth_limit()
    {
        node.Mode("endless-tree");
        Log("done\n");
        await File.WriteAllTextAsync(Path.Combine(node.Root, "traas.rc"), "0\n");
        Directory.CreateDirectory(Path.Combine(node.Root, "tree"));

        var run = await TraasAsync(["collect", "--state", State()], seconds: 120);

        AssertBounded(run, ExitCodes.PostFailure, 120);
        Assert.Contains($"collecting stopped at the folder depth limit of {CollectLimits.DefaultMaxDepth}", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_of_100000_files_stops_at_the_file_count_limit()
    {
        node.Mode("wide-tree");
        Log("done\n");
        Directory.CreateDirectory(Path.Combine(node.Root, "tree"));

        var run = await TraasAsync(["collect", "--state", State(), "--collect-max-files", "300"], seconds: 120);

        AssertBounded(run, ExitCodes.PostFailure, 120);
        Assert.Contains("collecting stopped at the file count limit of 300", run.Stderr, StringComparison.Ordinal);
        Assert.True(Directory.GetFiles(Path.Combine(work, "logs"), "*", SearchOption.AllDirectories).Length <= 300);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_left_out_and_the_rest_is_collected()
    {
        node.Mode("real");
        Log("done\n");
        var tree = Directory.CreateDirectory(Path.Combine(node.Root, "tree")).FullName;
        await using (var big = File.Create(Path.Combine(tree, "big.log")))
            big.SetLength(40L * 1024 * 1024);
        await File.WriteAllTextAsync(Path.Combine(tree, "small.log"), "small\n");

        var run = await TraasAsync(["collect", "--state", State(), "--collect-max-file-mib", "8"], seconds: 120);

        AssertBounded(run, ExitCodes.PostFailure, 120);
        Assert.Contains("big.log is over the file size limit of 8 MiB: left out", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(work, "logs", "big.log")));
        Assert.Equal("small\n", await File.ReadAllTextAsync(Path.Combine(work, "logs", "small.log")));
    }

    [Fact]
    public async Task A_server_that_lies_about_sizes_is_cut_at_the_limit()
    {
        node.Mode("lying-size");
        Log("done\n");
        var tree = Directory.CreateDirectory(Path.Combine(node.Root, "tree")).FullName;
        await File.WriteAllTextAsync(Path.Combine(tree, "liar.log"), "short\n");

        var run = await TraasAsync(["collect", "--state", State(), "--collect-max-mib", "16", "--collect-max-file-mib", "4"],
            seconds: 120);

        AssertBounded(run, ExitCodes.PostFailure, 120);
        Assert.True(Directory.EnumerateFiles(work, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) < 20L * 1024 * 1024);
    }

    [Fact]
    public async Task Workflow_commands_in_the_SFTP_servers_status_messages_run_nothing()
    {
        node.Mode("status-command");
        Log("done\n");
        var tree = Directory.CreateDirectory(Path.Combine(node.Root, "tree")).FullName;
        await File.WriteAllTextAsync(Path.Combine(tree, "a.log"), "a\n");

        var run = await TraasAsync(["collect", "--state", State()], seconds: 120, actions: true);

        AssertBounded(run, ExitCodes.PostFailure, 120);
        Assert.Contains("PWNED", run.Stderr, StringComparison.Ordinal);
        AssertNoCommandFromTheNode(run);
    }

    private void Log(string text) => File.WriteAllText(Path.Combine(node.Root, "traas.log"), text);

    private string State()
    {
        var path = Path.Combine(work, "run-state.json");
        File.WriteAllText(path, node.State(work, jobTimeoutMinutes: 0.5).ToJsonString());
        return path;
    }

    private static void AssertBounded(ProcessRun run, int exitCode, double seconds)
    {
        Assert.True(run.ExitCode == exitCode, $"exit {run.ExitCode?.ToString() ?? "(killed at the time limit)"}, not {exitCode}: {run.Stderr}");
        Assert.True(run.Seconds < seconds, $"{run.Seconds:0.0} s");
        Assert.True(run.MaxRssKiB < MaxRssKiB, $"peak RSS {run.MaxRssKiB / 1024} MiB");
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        if (exitCode != ExitCodes.Passed)
            Assert.Contains("traas-ci: error: ", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The node's canary never reaches a command the runner would run, on either stream.</summary>
    private static void AssertNoCommandFromTheNode(ProcessRun run)
    {
        var commands = RunnerCommandChecker.Commands(run.Stdout).Concat(RunnerCommandChecker.Commands(run.Stderr)).ToList();
        Assert.DoesNotContain(commands, c => c.Line.Contains("PWNED", StringComparison.Ordinal)
            || c.Name is "add-mask" or "stop-commands" or "set-env" or "set-output");
    }

    private async Task<ProcessRun> TraasAsync(string[] args, double seconds, bool actions = false)
    {
        var stdout = Path.Combine(work, "stdout.txt");
        var stderr = Path.Combine(work, "stderr.txt");
        var tool = Path.Combine(AppContext.BaseDirectory, "traas-ci.dll");
        var start = new ProcessStartInfo("/usr/bin/python3",
            [Path.Combine(AppContext.BaseDirectory, "Support", "measure_run.py"), stdout, stderr, (seconds + 30).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "dotnet", tool, .. args])
        {
            RedirectStandardOutput = true,
        };
        start.Environment["TRAAS_LOG_POLL_SECONDS"] = "0.2";
        start.Environment.Remove("GITHUB_ACTIONS");
        if (actions)
            start.Environment["GITHUB_ACTIONS"] = "true";
        using var process = Process.Start(start)!;
        var report = JsonNode.Parse(await process.StandardOutput.ReadToEndAsync())!;
        await process.WaitForExitAsync();
        return new ProcessRun((int?)report["exit"], (double)report["seconds"]!, (long)report["max_rss_kib"]!,
            await File.ReadAllTextAsync(stdout), await File.ReadAllTextAsync(stderr));
    }

    private static void Run(string file, params string[] args)
    {
        using var process = Process.Start(file, args);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    private sealed record ProcessRun(int? ExitCode, double Seconds, long MaxRssKiB, string Stdout, string Stderr);
}
