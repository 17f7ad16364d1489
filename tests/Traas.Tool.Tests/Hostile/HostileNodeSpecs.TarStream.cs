using Traas.Tool.Model;
using Traas.Tool.Pipeline;
using Traas.Tool.Ssh;

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
    public async Task A_stream_that_writes_before_it_is_given_its_files_holds_up_neither_the_listing_nor_collect()
    {
        // The streams start before the walk: one that writes at once (tar never does) would fill its pipe and hold
        // up the connection it shares with the listing, until the budget ran out.
        var logs = await TreeAsync("tar-early");

        var run = await TraasAsync(["collect", "--state", State()], seconds: 60);

        AssertBounded(run, ExitCodes.Passed, 60);
        Assert.True(run.Seconds < 20, $"{run.Seconds:0.0} s");
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

    [Fact]
    public async Task A_real_tree_comes_whole_in_one_stream_a_lane()
    {
        node.Mode("real");
        Log("done\n");
        var tree = Directory.CreateDirectory(Path.Combine(node.Root, "tree")).FullName;
        var random = new Random(14);
        var expected = new Dictionary<string, byte[]>();
        void Put(string relative, int size)
        {
            var bytes = new byte[size];
            random.NextBytes(bytes);
            // Binary from the first byte, so kept byte for byte (text would be masked).
            if (size > 0)
                bytes[0] = 0;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(tree, relative))!);
            File.WriteAllBytes(Path.Combine(tree, relative), bytes);
            expected[relative] = bytes;
        }
        // Two files larger than the channel's window and the reader's pipe together, 400 small ones, and names a
        // shell or tar could misread: a quote, a space, a backslash, a newline, a dash first (over SFTP), a long
        // path.
        Put("big/one.tar", 20 << 20);
        Put("big/two.tar", 18 << 20);
        for (var i = 0; i < 400; i++)
            Put($"var/log/{i % 7}/file {i}.log", random.Next(0, 200_000));
        Put("it's here.log", 10);
        Put("back\\slash\\n.log", 10);
        Put("new\nline.log", 10);
        // A newline is a character upload-artifact refuses: the file is kept under its percent-encoded name.
        expected["new%0Aline.log"] = expected["new\nline.log"];
        expected.Remove("new\nline.log");
        Put("-rf", 10);
        Put(string.Join('/', Enumerable.Repeat("long-folder-name", 12)) + "/deep.log", 1000);
        // A name of collect's own temporary files: left out, with a warning.
        Put("var/log/1/" + CollectedFile.TemporaryPrefix + "1-1", 10);
        expected.Remove("var/log/1/" + CollectedFile.TemporaryPrefix + "1-1");
        File.Delete(Path.Combine(node.Dir, "commands"));

        var run = await TraasAsync(["collect", "--state", State()], seconds: 120);

        AssertBounded(run, ExitCodes.Passed, 120);
        Assert.DoesNotContain("SFTP", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"var/log/1/{CollectedFile.TemporaryPrefix}1-1 is left out", run.Stderr, StringComparison.Ordinal);
        var logs = Path.Combine(work, "logs");
        var got = Directory.GetFiles(logs, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(logs, f), File.ReadAllBytes);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), got.Keys.Order(StringComparer.Ordinal));
        Assert.All(expected, e => Assert.True(e.Value.AsSpan().SequenceEqual(got[e.Key]), e.Key));
        // One tar a lane for the whole tree, not one a batch of files.
        var tars = File.ReadAllLines(Path.Combine(node.Dir, "commands"))
            .Count(c => c.StartsWith("tar ", StringComparison.Ordinal));
        Assert.Equal(UndercloudSession.Lanes, tars);
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
