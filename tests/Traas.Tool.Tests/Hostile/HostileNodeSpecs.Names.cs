using Traas.Tool.Model;

namespace Traas.Tool.Tests.Hostile;

/// <summary>
/// collect against names and files the runner cannot keep as they are, on the real find, tar and sftp-server: one
/// bad file is left out with a warning that names it (the collect is then incomplete), and every other file comes;
/// a name that actions/upload-artifact would refuse is kept under a name it takes.
/// </summary>
public sealed partial class HostileNodeSpecs
{
    [Theory]
    [InlineData("real", "bad\\xff.log")]
    [InlineData("sftp-only", "bad\uFFFD.log")]
    public async Task A_name_that_is_not_utf8_is_left_out_and_the_rest_is_collected(string mode, string shown)
    {
        var logs = await TreeAsync(mode);
        var tree = Path.Combine(node.Root, "tree");
        Run("/usr/bin/python3", "-c", "import os, sys; d = os.fsencode(sys.argv[1]); "
            + "open(d + b'/bad\\xff.log', 'w').write('x'); os.mkdir(d + b'/dir\\xff'); "
            + "open(d + b'/dir\\xff/in.log', 'w').write('x'); open(d + b'/z.log', 'w').write('z')", tree);

        var run = await TraasAsync(["collect", "--state", State()], seconds: 60);

        AssertBounded(run, ExitCodes.PostFailure, 60);
        Assert.Contains($"{shown} is left out: its name is not valid UTF-8", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("collecting left out", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(["a.log", "z.log"], Directory.GetFiles(logs, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(logs, f)).Order(StringComparer.Ordinal));
        Assert.Equal(Content, await File.ReadAllTextAsync(Path.Combine(logs, "a.log")));
    }

    [Fact]
    public async Task A_file_removed_between_the_walk_and_its_fetch_is_left_out_and_the_rest_is_collected()
    {
        var logs = await TreeAsync("vanish");
        var tree = Path.Combine(node.Root, "tree");
        await File.WriteAllTextAsync(Path.Combine(tree, "gone.log"), "gone\n");
        for (var i = 0; i < 20; i++)
            await File.WriteAllTextAsync(Path.Combine(tree, $"z{i:00}.log"), $"{i}\n");

        var run = await TraasAsync(["collect", "--state", State()], seconds: 60);

        AssertBounded(run, ExitCodes.PostFailure, 60);
        Assert.Contains("gone.log is left out: it is gone from the node", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(21, Directory.GetFiles(logs).Length);
        Assert.Equal("19\n", await File.ReadAllTextAsync(Path.Combine(logs, "z19.log")));
    }

    [Fact]
    public async Task A_name_upload_artifact_refuses_is_kept_percent_encoded_and_a_case_twin_is_kept_too()
    {
        var logs = await TreeAsync("real");
        var tree = Path.Combine(node.Root, "tree");
        Directory.CreateDirectory(Path.Combine(tree, "at 10:30"));
        await File.WriteAllTextAsync(Path.Combine(tree, "at 10:30", "why?.log"), "why\n");
        await File.WriteAllTextAsync(Path.Combine(tree, "A.log"), "upper\n");

        var run = await TraasAsync(["collect", "--state", State()], seconds: 60);

        AssertBounded(run, ExitCodes.Passed, 60);
        Assert.Contains("at 10:30/why?.log is kept as at 10%3A30/why%3F.log", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("differ only in case: both are kept", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("why\n", await File.ReadAllTextAsync(Path.Combine(logs, "at 10%3A30", "why%3F.log")));
        Assert.Equal("upper\n", await File.ReadAllTextAsync(Path.Combine(logs, "A.log")));
        Assert.Equal(Content, await File.ReadAllTextAsync(Path.Combine(logs, "a.log")));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(logs, "*", SearchOption.AllDirectories),
            e => Path.GetRelativePath(logs, e).IndexOfAny(['"', ':', '<', '>', '|', '*', '?', '\r', '\n']) >= 0);
    }

    [Fact]
    public async Task A_renamed_file_that_would_take_an_existing_name_is_left_out_and_the_existing_one_kept()
    {
        var logs = await TreeAsync("real");
        var tree = Path.Combine(node.Root, "tree");
        await File.WriteAllTextAsync(Path.Combine(tree, "x:y.log"), "renamed\n");
        await File.WriteAllTextAsync(Path.Combine(tree, "x%3Ay.log"), "existing\n");

        var run = await TraasAsync(["collect", "--state", State()], seconds: 60);

        AssertBounded(run, ExitCodes.PostFailure, 60);
        Assert.Contains("x:y.log is left out: it would be kept as x%3Ay.log, which the folder holds already",
            run.Stderr, StringComparison.Ordinal);
        Assert.Equal("existing\n", await File.ReadAllTextAsync(Path.Combine(logs, "x%3Ay.log")));
        Assert.Equal(Content, await File.ReadAllTextAsync(Path.Combine(logs, "a.log")));
    }

    // Over SFTP, OpenSSH's sftp-server drops a name whose path passes PATH_MAX from its listing without a word:
    // the folder that may hide one is said instead.
    [Theory]
    [InlineData("real", "is left out: its path is over 4000 bytes")]
    [InlineData("sftp-only", "is left out: over SFTP, a name in it whose path passes 4096 bytes is not listed at all")]
    public async Task A_tree_of_long_names_past_path_max_is_left_out_where_it_gets_too_long(string mode, string why)
    {
        var logs = await TreeAsync(mode);
        var tree = Path.Combine(node.Root, "tree");
        // 24 folders of 255-byte names, a file in each: far past PATH_MAX (4096), made a folder at a time.
        Run("/usr/bin/python3", "-c", "import os, sys\nos.chdir(sys.argv[1])\nfor i in range(24):\n"
            + "    n = ('%02d' % i) * 127 + 'd'\n    os.mkdir(n)\n    os.chdir(n)\n"
            + "    open('f.log', 'w').write(str(i))", tree);
        try
        {
            var run = await TraasAsync(["collect", "--state", State()], seconds: 120);

            AssertBounded(run, ExitCodes.PostFailure, 120);
            Assert.Contains(why, run.Stderr, StringComparison.Ordinal);
            // The 4,000-byte path is shown by its ends: each warning stays a line one can read.
            Assert.Contains("characters)...", run.Stderr, StringComparison.Ordinal);
            Assert.All(run.Stderr.Split('\n'), line => Assert.True(line.Length < 600, line));
            Assert.Equal(Content, await File.ReadAllTextAsync(Path.Combine(logs, "a.log")));
            var kept = Directory.GetFiles(logs, "f.log", SearchOption.AllDirectories);
            // Each level's folder takes 256 bytes: some 14 of them fit below 4000 with the folders above them.
            Assert.InRange(kept.Length, 12, 15);
            Assert.All(kept, f => Assert.True(System.Text.Encoding.UTF8.GetByteCount(f) <= 4000, f));
        }
        finally
        {
            // Past PATH_MAX: .NET's delete cannot go there, rm can.
            Run("rm", "-rf", tree);
        }
    }
}
