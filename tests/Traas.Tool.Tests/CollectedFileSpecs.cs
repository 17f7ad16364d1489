using Traas.Tool.Pipeline;

namespace Traas.Tool.Tests;

/// <summary>
/// A collected file's way into place (<see cref="CollectedFile"/>): two lanes that bring the first files of one
/// folder at the same moment both land, whichever of them makes the folder.
/// </summary>
public sealed class CollectedFileSpecs : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("traas-collected-").FullName;

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public async Task Two_lanes_committing_the_first_files_of_a_new_folder_at_once_both_land()
    {
        var partials = Directory.CreateDirectory(Path.Combine(work, ".collecting")).FullName;
        const int Folders = 2000;
        using var start = new Barrier(2);

        void Lane(int lane)
        {
            var random = new Random(lane);
            try
            {
                for (var i = 0; i < Folders; i++)
                {
                    using var file = new CollectedFile(Path.Combine(partials, $"{lane}-{i}.partial"),
                        Path.Combine(work, "logs", $"folder-{i}", "deep", $"{lane}.log"), null);
                    file.Write([(byte)lane]);
                    start.SignalAndWait();
                    // Apart by a few microseconds, now one lane first, now the other: the failure .NET tells apart
                    // by looking again falls between the other lane's steps.
                    Thread.SpinWait(random.Next(0, 3000));
                    file.Commit();
                }
            }
            finally
            {
                // A lane that failed holds the other up no longer.
                start.RemoveParticipant();
            }
        }

        await Task.WhenAll(Task.Run(() => Lane(0)), Task.Run(() => Lane(1)));

        Assert.Equal(2 * Folders, Directory.GetFiles(Path.Combine(work, "logs"), "*.log", SearchOption.AllDirectories)
            .Length);
        Assert.Empty(Directory.GetFiles(partials));
    }
}
