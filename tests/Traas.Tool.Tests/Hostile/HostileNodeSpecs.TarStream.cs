using Traas.Tool.Model;

namespace Traas.Tool.Tests.Hostile;

/// <summary>
/// collect's tar stream against a node that answers it with a hostile one (standin_hostile_tar.py), while
/// its SFTP server is the real one: nothing of the stream lands outside logs/, no link is followed, and
/// every bound holds; what the stream did not give whole comes over SFTP.
/// </summary>
public sealed partial class HostileNodeSpecs
{
    private const string Content = "the real a.log\n";

    [Theory]
    [InlineData("tar-dotdot")]
    [InlineData("tar-absolute")]
    public async Task A_stream_entry_named_outside_the_folder_is_refused_and_the_file_comes_over_SFTP(string mode)
    {
        File.Delete("/tmp/traas-hostile-pwned");
        var logs = await TreeAsync(mode);

        var run = await TraasAsync(["collect", "--state", State()], seconds: 60);

        AssertBounded(run, ExitCodes.Passed, 60);
        Assert.Contains("which was not asked for", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(Content, await File.ReadAllTextAsync(Path.Combine(logs, "a.log")));
        Assert.False(File.Exists("/tmp/traas-hostile-pwned"));
        Assert.Equal(["a.log"], Directory.GetFiles(logs, "*", SearchOption.AllDirectories).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_symbolic_link_in_the_stream_is_left_out_not_followed()
    {
        var logs = await TreeAsync("tar-symlink");

        var run = await TraasAsync(["collect", "--state", State()], seconds: 60);

        AssertBounded(run, ExitCodes.Passed, 60);
        Assert.Contains("a.log is a SymbolicLink now, not a regular file: left out", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(logs, "a.log")));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(work, "*", SearchOption.AllDirectories),
            e => new FileInfo(e).LinkTarget is not null);
    }

    [Theory]
    [InlineData("tar-oversize", "went on past the")]
    [InlineData("tar-longname", "over the 64 KiB it may hold")]
    [InlineData("tar-truncated", "before the end of a file")]
    [InlineData("tar-stderr", "the stream wrote more than 64 KiB of errors")]
    public async Task A_stream_that_lies_about_sizes_or_ends_early_is_cut_and_the_file_comes_over_SFTP(string mode,
        string reason)
    {
        var logs = await TreeAsync(mode);

        var run = await TraasAsync(["collect", "--state", State()], seconds: 60);

        AssertBounded(run, ExitCodes.Passed, 60);
        Assert.True(run.Stderr.Contains(reason, StringComparison.Ordinal), run.Stderr);
        Assert.Equal(Content, await File.ReadAllTextAsync(Path.Combine(logs, "a.log")));
    }

    [Fact]
    public async Task A_stream_that_never_ends_is_closed_after_the_files_asked_for()
    {
        var logs = await TreeAsync("tar-endless");

        var run = await TraasAsync(["collect", "--state", State()], seconds: 60);

        AssertBounded(run, ExitCodes.Passed, 60);
        Assert.True(run.Seconds < 20, $"{run.Seconds:0.0} s");
        Assert.Equal(Content, await File.ReadAllTextAsync(Path.Combine(logs, "a.log")));
    }

    /// <summary>A node in <paramref name="mode"/> with traas.log and tree/a.log; the folder a.log comes back to.</summary>
    private async Task<string> TreeAsync(string mode)
    {
        node.Mode(mode);
        Log("done\n");
        var tree = Directory.CreateDirectory(Path.Combine(node.Root, "tree")).FullName;
        await File.WriteAllTextAsync(Path.Combine(tree, "a.log"), Content);
        return Path.Combine(work, "logs");
    }
}
