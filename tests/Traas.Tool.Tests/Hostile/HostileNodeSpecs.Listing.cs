using Traas.Tool.Model;

namespace Traas.Tool.Tests.Hostile;

/// <summary>
/// collect's one-go listing (one `find` on the stream's connection, in place of an SFTP walk): against a real
/// find on trees without end it holds the walk's limits, and a node that answers it with a hostile listing is
/// listed over SFTP instead, with nothing landing outside logs/.
/// </summary>
public sealed partial class HostileNodeSpecs
{
    private const string OverSftp = "it is listed over SFTP";

    [Fact]
    public async Task A_real_tree_deeper_than_the_limit_stops_at_the_depth_limit_from_the_listing()
    {
        node.Mode("real");
        Log("done\n");
        var deep = Path.Combine([node.Root, "tree", .. Enumerable.Repeat("d", CollectLimits.DefaultMaxDepth + 3)]);
        Directory.CreateDirectory(deep);
        await File.WriteAllTextAsync(Path.Combine(deep, "deepest.log"), "x\n");
        await File.WriteAllTextAsync(Path.Combine(node.Root, "tree", "a.log"), Content);

        var run = await TraasAsync(["collect", "--state", State()], seconds: 60);

        AssertBounded(run, ExitCodes.PostFailure, 60);
        Assert.DoesNotContain(OverSftp, run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"collecting stopped at the folder depth limit of {CollectLimits.DefaultMaxDepth}",
            run.Stderr, StringComparison.Ordinal);
        Assert.Equal(Content, await File.ReadAllTextAsync(Path.Combine(work, "logs", "a.log")));
    }

    [Fact]
    public async Task A_real_folder_of_more_files_than_the_limit_stops_at_the_file_count_limit_from_the_listing()
    {
        node.Mode("real");
        Log("done\n");
        var tree = Directory.CreateDirectory(Path.Combine(node.Root, "tree")).FullName;
        for (var i = 0; i < 500; i++)
            await File.WriteAllTextAsync(Path.Combine(tree, $"{i:000}.log"), $"{i}\n");

        var run = await TraasAsync(["collect", "--state", State(), "--collect-max-files", "300"], seconds: 60);

        AssertBounded(run, ExitCodes.PostFailure, 60);
        Assert.DoesNotContain(OverSftp, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("collecting stopped at the file count limit of 300", run.Stderr, StringComparison.Ordinal);
        var names = Directory.GetFiles(Path.Combine(work, "logs")).Select(Path.GetFileName).Order().ToList();
        Assert.InRange(names.Count, 290, 300);
        Assert.Equal(Enumerable.Range(0, names.Count).Select(i => $"{i:000}.log"), names);
    }

    [Theory]
    [InlineData("list-dotdot", "names a path that is not below the folder")]
    [InlineData("list-endless", "the listing is over 16 MiB")]
    [InlineData("list-stderr", "the listing wrote more than 64 KiB of errors")]
    public async Task A_hostile_listing_is_refused_and_the_folder_is_listed_over_SFTP(string mode, string reason)
    {
        File.Delete("/tmp/traas-hostile-pwned");
        var logs = await TreeAsync(mode);

        var run = await TraasAsync(["collect", "--state", State()], seconds: 60);

        AssertBounded(run, ExitCodes.Passed, 60);
        Assert.Contains(reason, run.Stderr, StringComparison.Ordinal);
        Assert.Contains(OverSftp, run.Stderr, StringComparison.Ordinal);
        Assert.Equal(Content, await File.ReadAllTextAsync(Path.Combine(logs, "a.log")));
        Assert.False(File.Exists("/tmp/traas-hostile-pwned"));
        Assert.Equal(["a.log"], Directory.GetFiles(logs, "*", SearchOption.AllDirectories).Select(Path.GetFileName));
    }
}
