using Traas.Tool.Pipeline;
using Traas.Tool.Ssh;

namespace Traas.Tool.Tests;

/// <summary>
/// How collect shares the files the walk gave at once over its lanes (<see cref="CollectStage.Share"/>): every
/// file once, in the walk's order within a stream, the streams' bytes about even, and no stream given more names
/// than its input may carry.
/// </summary>
public sealed class CollectShareSpecs
{
    [Fact]
    public void Files_of_a_job_are_shared_evenly_over_the_lanes_each_once_in_the_walks_order()
    {
        // Sizes shaped as a job's logs: many small files, some of a few MiB, a few large ones, largest last.
        var random = new Random(5);
        var sizes = Enumerable.Range(0, 1900).Select(_ => (long)random.Next(512, 40 << 10))
            .Concat(Enumerable.Range(0, 90).Select(_ => (long)random.Next(256 << 10, 3 << 20)))
            .Concat(Enumerable.Range(0, 10).Select(_ => (long)random.Next(15 << 20, 25 << 20)));
        var files = Files(sizes);

        var shares = CollectStage.Share(files, 2);

        Assert.Equal(2, shares.Count);
        Assert.Equal(files.Select(f => f.Remote).Order(), shares.SelectMany(s => s).Select(f => f.Remote).Order());
        Assert.All(shares, s => Assert.Equal(s.OrderBy(f => files.IndexOf(f)), s));
        var bytes = shares.Select(s => s.Sum(f => f.File.Size)).ToList();
        Assert.True(Math.Abs(bytes[0] - bytes[1]) <= 25 << 20, $"{bytes[0]} and {bytes[1]} bytes");
        Assert.True(Math.Abs(bytes[0] - bytes[1]) < bytes.Sum() / 20, $"{bytes[0]} and {bytes[1]} bytes");
    }

    [Fact]
    public void Names_more_than_one_input_holds_go_in_more_streams_even_on_one_lane()
    {
        var name = new string('n', 2000);
        var files = Files(Enumerable.Repeat(10L, 1200), i => $"{name}/{i}.log");

        var shares = CollectStage.Share(files, 1);

        Assert.True(shares.Count >= 3, $"{shares.Count} streams");
        Assert.All(shares, s => Assert.InRange(RemoteTarStream.Names(s.Select(f => f.File)).Length, 1,
            RemoteTarStream.MaxNamesBytes));
        Assert.Equal(files.Count, shares.Sum(s => s.Count));
    }

    [Fact]
    public void Fewer_files_than_lanes_make_no_empty_stream()
    {
        var shares = CollectStage.Share(Files([5]), 2);

        Assert.Equal([1], shares.Select(s => s.Count));
    }

    [Fact]
    public void The_names_a_stream_reads_are_each_ended_by_a_NUL_a_newline_and_a_backslash_kept()
    {
        var names = RemoteTarStream.Names([new("a\nb.log", 1), new("c\\d", 1)]);

        Assert.Equal("a\nb.log\0c\\d\0"u8.ToArray(), names);
    }

    private static List<(string Remote, RemoteTarFile File)> Files(IEnumerable<long> sizes,
        Func<int, string>? name = null) =>
        [.. sizes.Select((size, i) => ($"/r/{i}", new RemoteTarFile(name?.Invoke(i) ?? $"f/{i}.log", size)))];
}
