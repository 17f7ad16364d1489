using Traas.Tool.Ssh;

namespace Traas.Tool.Tests.Ssh;

/// <summary>
/// The pipe between SSH.NET's receive thread and collect's readers: every byte in order, a few bytes handed over
/// without waiting for more, a writer held up while the pipe is full, and released by an abort.
/// </summary>
public sealed class BoundedPipeStreamSpecs
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Bytes_written_packet_by_packet_come_out_whole_and_in_order()
    {
        using var pipe = new BoundedPipeStream(64 * 1024);
        var sent = Enumerable.Range(0, 3_000_000).Select(i => (byte)(i * 7 % 251)).ToArray();
        var writer = Task.Run(() =>
        {
            for (var at = 0; at < sent.Length; at += 32_768)
                pipe.Write(sent.AsSpan(at, Math.Min(32_768, sent.Length - at)));
            pipe.Dispose();
        });

        var got = new MemoryStream();
        var buffer = new byte[5000];
        int read;
        while ((read = pipe.Read(buffer)) > 0)
            got.Write(buffer, 0, read);

        await writer.WaitAsync(Long);
        Assert.Equal(sent, got.ToArray());
    }

    [Fact]
    public async Task A_few_bytes_are_read_without_the_writer_ending_or_writing_more()
    {
        using var pipe = new BoundedPipeStream(4 * 1024 * 1024);
        pipe.Write("hello"u8);

        var read = await Task.Run(() => pipe.Read(new byte[256 * 1024])).WaitAsync(Long);

        Assert.Equal(5, read);
    }

    [Fact]
    public async Task A_full_pipe_holds_the_writer_until_it_is_read_or_aborted()
    {
        using var pipe = new BoundedPipeStream(1024);
        var writer = Task.Run(() => pipe.Write(new byte[4096]));
        await Task.Delay(200);
        Assert.False(writer.IsCompleted);

        Assert.Equal(1024, pipe.Read(new byte[1024]));
        pipe.Abort();

        await writer.WaitAsync(Long);
        Assert.Equal(0, pipe.Read(new byte[1024]));
    }
}
