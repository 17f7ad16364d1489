using Traas.Tool.Model;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Tests.Hostile;

/// <summary>
/// collect when traas.log itself no longer comes: the copy the wait read stays as it was, every other log is still
/// collected, and the collect is incomplete (a POST_FAILURE) with a line that says why.
/// </summary>
public sealed partial class HostileNodeSpecs
{
    [Theory]
    [InlineData("real", "gone", "it is gone from the node")]
    [InlineData("sftp-only", "gone", "it is gone from the node")]
    [InlineData("real", "folder", "is a folder, not a regular file; it is not read")]
    [InlineData("real", "fifo", "is a FIFO, not a regular file; it is not read")]
    public async Task A_traas_log_the_node_no_longer_gives_keeps_the_waits_copy_and_the_rest_is_collected(
        string mode, string trick, string reason)
    {
        var logs = await TreeAsync(mode);
        var remoteLog = Path.Combine(node.Root, "traas.log");
        File.Delete(remoteLog);
        if (trick == "folder")
            Directory.CreateDirectory(remoteLog);
        else if (trick == "fifo")
            Run("mkfifo", remoteLog);
        var waited = Path.Combine(work, "traas.log");
        await File.WriteAllTextAsync(waited, "PLAY [read while waiting] ***\n");

        var run = await TraasAsync(["collect", "--state", State()], seconds: 60);

        AssertBounded(run, ExitCodes.PostFailure, 60);
        Assert.Contains($"{remoteLog} could not be fetched again: {reason}; the copy read while waiting is kept",
            run.Stderr, StringComparison.Ordinal);
        Assert.Contains("collecting left out " + remoteLog, run.Stderr, StringComparison.Ordinal);
        Assert.Equal("PLAY [read while waiting] ***\n", await File.ReadAllTextAsync(waited));
        Assert.Equal(Content, await File.ReadAllTextAsync(Path.Combine(logs, "a.log")));
    }

    [Fact]
    public async Task A_collect_again_after_one_was_killed_uploads_no_cut_off_copy()
    {
        var logs = await TreeAsync("real");
        await File.WriteAllTextAsync(Path.Combine(work, "traas.log"), "done\n");
        var first = await TraasAsync(["collect", "--state", State()], seconds: 60);
        AssertBounded(first, ExitCodes.Passed, 60);
        // What kill -9 in the middle of a file leaves: its temporary copy, of a process that is gone.
        var cut = Path.Combine(logs, CollectedFile.TemporaryPrefix + "2147483647-7");
        await File.WriteAllTextAsync(cut, "half of a.l");
        var besideLog = Path.Combine(work, CollectedFile.TemporaryPrefix + "2147483647-8");
        await File.WriteAllTextAsync(besideLog, "half of traas.log");

        var run = await TraasAsync(["collect", "--state", State()], seconds: 60);

        AssertBounded(run, ExitCodes.Passed, 60);
        Assert.Contains("removed 2 cut-off copies a killed collect left behind", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(cut));
        Assert.False(File.Exists(besideLog));
        Assert.Equal(["a.log"], Directory.GetFiles(logs).Select(Path.GetFileName));
    }

    [Fact]
    public async Task An_sftp_packet_that_says_it_is_2_gib_and_never_ends_is_not_held_in_memory_by_collect()
    {
        var logs = await TreeAsync("huge-packet");

        var run = await TraasAsync(["collect", "--state", State()], seconds: 60);

        AssertBounded(run, ExitCodes.PostFailure, 60);
        Assert.Contains("collecting the logs failed after 0 files: the SFTP server sent a packet of more than 8 MiB",
            run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(logs, "a.log")));
    }

    [Fact]
    public async Task An_sftp_packet_that_says_it_is_2_gib_and_never_ends_is_a_node_failure_of_the_wait()
    {
        await TreeAsync("huge-packet");

        var run = await TraasAsync(["wait", "--state", State()], seconds: 60);

        AssertBounded(run, ExitCodes.NodeFailure, 60);
        Assert.Contains("NODE_FAILURE: the undercloud ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(" did not let traas.log be read: the SFTP server sent a packet of more than 8 MiB", run.Stderr,
            StringComparison.Ordinal);
    }
}
