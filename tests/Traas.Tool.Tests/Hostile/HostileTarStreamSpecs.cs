using System.Formats.Tar;
using System.Text;
using Traas.Tool.Ssh;

namespace Traas.Tool.Tests.Hostile;

/// <summary>
/// collect's tar reader (<see cref="RemoteTarReader"/>) on streams a hostile node could send, in memory: it gives
/// only the files asked for, by their index, never more bytes than they hold, and ends a stream that breaks the
/// rules after reading a bounded number of bytes, whatever the stream would go on to send.
/// </summary>
public sealed class HostileTarStreamSpecs
{
    private static readonly RemoteTarFile[] Asked = [new("a.log", 6), new(new string('d', 150) + "/b.log", 3)];

    [Fact]
    public void I_get_the_files_asked_for_byte_for_byte_long_names_too()
    {
        using var reader = new RemoteTarReader(Gnu(("a.log", "alpha\n"), (Asked[1].Relative, "b\n\n")), Asked);

        var first = reader.Next();
        var a = ReadAll(reader);
        var second = reader.Next();
        var b = ReadAll(reader);

        Assert.Equal(new RemoteTarEntry(0, RemoteTarEntryKind.Data, "RegularFile"), first);
        Assert.Equal("alpha\n", a);
        Assert.Equal(1, second?.Index);
        Assert.Equal("b\n\n", b);
        Assert.Null(reader.Next());
    }

    [Theory]
    [InlineData("../../../tmp/pwned")]
    [InlineData("/etc/passwd")]
    [InlineData("b.log")]
    public void An_entry_named_as_no_file_asked_for_ends_the_stream(string name)
    {
        using var reader = new RemoteTarReader(Gnu((name, "pwned\n")), Asked);

        var error = Assert.Throws<RemoteStreamException>(() => reader.Next());

        Assert.Contains("which was not asked for", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_asked_for_that_comes_again_or_out_of_order_ends_the_stream()
    {
        using var reader = new RemoteTarReader(Gnu((Asked[1].Relative, "b\n\n"), ("a.log", "alpha\n")), Asked);
        reader.Next();
        ReadAll(reader);

        Assert.Throws<RemoteStreamException>(() => reader.Next());
    }

    [Fact]
    public void A_symbolic_link_is_refused_and_a_hard_link_or_another_size_is_left_to_SFTP()
    {
        var files = new RemoteTarFile[] { new("a.log", 6), new("b.log", 6), new("c.log", 6) };
        using var reader = new RemoteTarReader(new MemoryStream(Concat(Header("a.log", 0, (byte)'2', "/etc/passwd"),
            Header("b.log", 0, (byte)'1', "a.log"), Header("c.log", 0, (byte)'0'), new byte[1024])), files);

        Assert.Equal(RemoteTarEntryKind.Refused, reader.Next()?.Kind);
        Assert.Equal(RemoteTarEntryKind.Changed, reader.Next()?.Kind);
        Assert.Equal(RemoteTarEntryKind.Changed, reader.Next()?.Kind);
        Assert.Null(reader.Next());
    }

    [Fact]
    public void A_PAX_header_ends_the_stream_before_its_attributes_are_read()
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "a.log") { DataStream = Bytes("alpha\n") });
        stream.Position = 0;
        using var reader = new RemoteTarReader(stream, Asked);

        var error = Assert.Throws<RemoteStreamException>(() => reader.Next());

        Assert.Contains("PAX", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_name_of_512_MiB_ends_the_stream_at_its_header()
    {
        var endless = new EndlessStream(Header("././@LongLink", 512L << 20, (byte)'L'), (byte)'a');
        using var reader = new RemoteTarReader(endless, Asked);

        var error = Assert.Throws<RemoteStreamException>(() => reader.Next());

        Assert.Contains("64 KiB", error.Message, StringComparison.Ordinal);
        Assert.True(endless.Total < 1 << 20, $"{endless.Total} bytes read");
    }

    [Fact]
    public void An_entry_of_1_GiB_that_never_ends_is_cut_at_what_the_files_asked_for_can_take()
    {
        var endless = new EndlessStream(Header("a.log", 1L << 30, (byte)'0'));
        using var reader = new RemoteTarReader(endless, Asked);

        Assert.Equal(RemoteTarEntryKind.Changed, reader.Next()?.Kind);
        Assert.Throws<RemoteStreamException>(() => reader.Next());

        Assert.True(endless.Total <= RemoteTarReader.MaxStreamBytes(Asked) + (1 << 20), $"{endless.Total} bytes read");
    }

    [Fact]
    public void A_file_cut_short_ends_the_stream()
    {
        using var reader = new RemoteTarReader(new MemoryStream(Concat(Header("a.log", 6, (byte)'0'), "alp"u8.ToArray())),
            Asked);
        reader.Next();

        var error = Assert.Throws<RemoteStreamException>(() => ReadAll(reader));

        Assert.Contains("before the end of a file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_size_ends_the_stream()
    {
        var header = Header("a.log", 0, (byte)'0');
        header[124] = 0xFF;
        Checksum(header);
        using var reader = new RemoteTarReader(new MemoryStream(header), Asked);

        Assert.Throws<RemoteStreamException>(() => reader.Next());
    }

    private static string ReadAll(RemoteTarReader reader)
    {
        var text = new StringBuilder();
        var buffer = new byte[4];
        int read;
        while ((read = reader.Read(buffer)) > 0)
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        return text.ToString();
    }

    private static MemoryStream Gnu(params (string Name, string Text)[] files)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Gnu, leaveOpen: true))
        {
            foreach (var (name, text) in files)
                writer.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, name) { DataStream = Bytes(text) });
        }
        stream.Position = 0;
        return stream;
    }

    private static MemoryStream Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>A GNU tar header as a node may write it, whatever it claims.</summary>
    private static byte[] Header(string name, long size, byte type, string link = "")
    {
        var header = new byte[512];
        Encoding.ASCII.GetBytes(name).CopyTo(header, 0);
        "0000644\0"u8.CopyTo(header.AsSpan(100));
        "0000000\0"u8.CopyTo(header.AsSpan(108));
        "0000000\0"u8.CopyTo(header.AsSpan(116));
        Encoding.ASCII.GetBytes(Convert.ToString(size, 8).PadLeft(11, '0') + "\0").CopyTo(header, 124);
        "00000000000\0"u8.CopyTo(header.AsSpan(136));
        header[156] = type;
        Encoding.ASCII.GetBytes(link).CopyTo(header, 157);
        "ustar  \0"u8.CopyTo(header.AsSpan(257));
        Checksum(header);
        return header;
    }

    private static void Checksum(byte[] header)
    {
        header.AsSpan(148, 8).Fill((byte)' ');
        var sum = header.Sum(b => (int)b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(header, 148);
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
