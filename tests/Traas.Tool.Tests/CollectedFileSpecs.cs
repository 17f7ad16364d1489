using Traas.Tool.Pipeline;

namespace Traas.Tool.Tests;

/// <summary>
/// A collected file's way into place (<see cref="CollectedFile"/>): two lanes that bring the first files of one
/// folder at the same moment both land, whichever of them makes the folder, and no temporary file is left.
/// </summary>
public sealed class CollectedFileSpecs : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("traas-collected-").FullName;

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public async Task Two_lanes_committing_the_first_files_of_a_new_folder_at_once_both_land()
    {
        const int Folders = 2000;
        using var start = new Barrier(2);

        void Lane(int lane)
        {
            var random = new Random(lane);
            try
            {
                for (var i = 0; i < Folders; i++)
                {
                    using var file = new CollectedFile(
                        Path.Combine(work, "logs", $"folder-{i}", "deep", $"{lane}.log"), null, long.MaxValue);
                    file.Write([(byte)lane]);
                    start.SignalAndWait();
                    // Apart by a few microseconds, now one lane first, now the other: the failure .NET tells apart
                    // by looking again falls between the other lane's steps.
                    Thread.SpinWait(random.Next(0, 3000));
                    file.Commit(CancellationToken.None);
                }
            }
            finally
            {
                // A lane that failed holds the other up no longer.
                start.RemoveParticipant();
            }
        }

        await Task.WhenAll(Task.Run(() => Lane(0)), Task.Run(() => Lane(1)));

        var landed = Directory.GetFiles(Path.Combine(work, "logs"), "*", SearchOption.AllDirectories);
        Assert.Equal(2 * Folders, landed.Length);
        Assert.All(landed, f => Assert.EndsWith(".log", f, StringComparison.Ordinal));
    }

    [Fact]
    public void A_copy_cut_off_leaves_nothing_and_a_whole_one_only_its_file()
    {
        var target = Path.Combine(work, "logs", "a", "b.log");
        using (var cut = new CollectedFile(target, null, long.MaxValue))
            cut.Write("half"u8);
        using (var whole = new CollectedFile(Path.Combine(work, "logs", "a", "c.log"), null, long.MaxValue))
        {
            whole.Write("all\n"u8);
            whole.Commit(CancellationToken.None);
        }

        Assert.Equal(["c.log"], Directory.GetFiles(Path.Combine(work, "logs", "a")).Select(Path.GetFileName));
        Assert.Equal("all\n", File.ReadAllText(Path.Combine(work, "logs", "a", "c.log")));
    }

    [Fact]
    public void Cut_off_copies_of_a_killed_collect_are_removed_and_a_live_ones_stay()
    {
        var deep = Directory.CreateDirectory(Path.Combine(work, "logs", "a", "b")).FullName;
        // 2^31-1 is past any Linux pid_max (at most 2^22): no process has it.
        var dead = Path.Combine(deep, CollectedFile.TemporaryPrefix + "2147483647-3");
        var deadMasked = Path.Combine(work, "logs", CollectedFile.TemporaryPrefix + "2147483647-4-masked");
        var live = Path.Combine(deep, $"{CollectedFile.TemporaryPrefix}{Environment.ProcessId}-1");
        var notOurs = Path.Combine(deep, CollectedFile.TemporaryPrefix + "notanumber");
        var log = Path.Combine(deep, "job.log");
        foreach (var file in new[] { dead, deadMasked, live, notOurs, log })
            File.WriteAllText(file, "x");

        Assert.Equal(0, CollectedFile.RemoveLeftovers(Path.Combine(work, "logs", "a"), recursive: false));
        Assert.True(File.Exists(dead));
        Assert.Equal(2, CollectedFile.RemoveLeftovers(Path.Combine(work, "logs"), recursive: true));

        Assert.Equal([live, notOurs, log], Directory.GetFiles(deep).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(deadMasked));
        Assert.Equal(0, CollectedFile.RemoveLeftovers(Path.Combine(work, "missing"), recursive: true));
    }
}
