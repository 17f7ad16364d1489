using System.Text;
using Traas.Tool.Ssh;

namespace Traas.Tool.Tests;

/// <summary>Resuming a tail from a byte offset: no line repeated, none lost, none cut.</summary>
public sealed class LogCursorSpecs
{
    private static readonly byte[] Log = Encoding.UTF8.GetBytes(string.Concat(
        Enumerable.Range(1, 2_000).Select(i => i % 7 == 0
            ? $"TASK [step {i}] ********\r\n"
            : $"ok: [undercloud] => {{\"msg\": \"é{new string('x', i % 97)}\"}}\n")));

    private static readonly string[] Expected = Encoding.UTF8.GetString(Log).TrimEnd('\n').Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Every_line_comes_out_once_and_whole_whatever_the_reads_look_like(int seed)
    {
        var random = new Random(seed);
        var cursor = new LogCursor();
        var lines = new List<string>();
        while (cursor.Offset < Log.Length)
        {
            var take = Math.Min(random.Next(1, 300), Log.Length - (int)cursor.Offset);
            lines.AddRange(cursor.Feed(Log.AsSpan((int)cursor.Offset, take)));
        }

        Assert.Equal(Expected, lines);
        Assert.Null(cursor.Flush());
        Assert.Equal(Log.Length, cursor.CommittedOffset);
    }

    [Fact]
    public void A_new_process_resuming_at_the_committed_offset_repeats_and_loses_nothing()
    {
        var first = new LogCursor();
        var lines = new List<string>(first.Feed(Log.AsSpan(0, 10_001)));
        Assert.True(first.CommittedOffset < first.Offset, "the cut falls inside a line, which must not be counted as seen");

        var second = new LogCursor(first.CommittedOffset);
        lines.AddRange(second.Feed(Log.AsSpan((int)second.Offset)));

        Assert.Equal(Expected, lines);
    }

    [Fact]
    public void A_last_line_without_newline_is_given_by_flush_and_not_before()
    {
        var cursor = new LogCursor();

        Assert.Equal(["one"], cursor.Feed("one\ntwo"u8));
        Assert.Equal("two", cursor.Flush());
        Assert.Null(cursor.Flush());
    }

    [Fact]
    public void A_line_longer_than_the_limit_comes_out_in_pieces_and_the_memory_stays_bounded()
    {
        var cursor = new LogCursor();
        var huge = new byte[LogCursor.MaxLineBytes + 10];
        huge.AsSpan().Fill((byte)'a');
        huge[^1] = (byte)'\n';

        var lines = cursor.Feed(huge);

        Assert.Equal([LogCursor.MaxLineBytes, 9], lines.Select(l => l.Length));
        Assert.Equal(huge.Length, cursor.CommittedOffset);
    }
}
