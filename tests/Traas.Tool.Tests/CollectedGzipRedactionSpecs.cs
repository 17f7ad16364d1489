using System.Text;
using Traas.Reporting.Input;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Tests;

/// <summary>
/// Collected gzip files are masked by their content (<see cref="MaskedGzip"/>): the real logs of ../shared/reallogs,
/// compressed by gzip(1) as TripleO's collect-logs does, come back as gzip whose text is what the plain log masked
/// is, or byte for byte where there is nothing to mask; a cut-off file with nothing to mask and a file
/// of another name are handled by content; a file that must be masked and cannot be leaves nothing.
/// </summary>
public sealed partial class CollectedGzipRedactionSpecs : IDisposable
{
    private const string Secret = "s3cr3t-value";

    private static readonly Redactor Masking = new Redactor([Secret], []).ForLatin1();

    private readonly string work = Directory.CreateTempSubdirectory("traas-gzip-").FullName;

    public void Dispose() => Directory.Delete(work, recursive: true);

    public static TheoryData<string> RealLogs() => new(RealLogNames());

    [Theory]
    [MemberData(nameof(RealLogs))]
    public void A_real_log_compressed_by_gzip_comes_back_as_the_plain_log_masked(string name)
    {
        var plain = File.ReadAllBytes(CliRun.RealLogPath(name));
        var compressed = RealTool.Run("gzip", ["-c", "-n"], plain);

        var masked = Collect(name, plain);
        var got = Collect(name + ".gz", compressed);

        Assert.Equal(masked, RealTool.Run("gzip", ["-dc"], got));
        if (masked.AsSpan().SequenceEqual(plain))
            Assert.Equal(compressed, got);
        else
            Assert.NotEqual(compressed, got);
    }

    [Fact]
    public void The_real_logs_hold_secrets_to_mask_in_some_and_none_in_others()
    {
        // Without this, the theory above could pass with every log kept as it is.
        var changed = RealLogNames()
            .Count(name => !Collect(name, File.ReadAllBytes(CliRun.RealLogPath(name)))
                .AsSpan().SequenceEqual(File.ReadAllBytes(CliRun.RealLogPath(name))));

        Assert.InRange(changed, 1, RealLogNames().Count - 1);
    }

    private static List<string> RealLogNames() => [.. Directory
        .EnumerateFiles(Path.GetDirectoryName(CliRun.RealLogPath("SOURCES.md"))!)
        .Select(path => Path.GetFileName(path))
        .Where(name => name is not "SOURCES.md")
        .Order(StringComparer.Ordinal)];

    [Fact]
    public void Members_in_a_row_are_one_file_and_a_secret_in_the_last_is_masked()
    {
        var first = Encoding.ASCII.GetBytes("nothing here\n");
        var second = Encoding.ASCII.GetBytes($"export OS_PASSWORD=hunter22\nthe {Secret} too\n");

        var got = Collect("two.log.gz", [.. RealTool.Run("gzip", ["-c"], first), .. RealTool.Run("gzip", ["-c"], second)]);

        Assert.Equal("nothing here\nexport OS_PASSWORD=***\nthe *** too\n",
            Encoding.ASCII.GetString(RealTool.Run("gzip", ["-dc"], got)));
    }

    [Fact]
    public void Gzip_is_known_by_its_content_whatever_its_name_and_a_plain_file_named_gz_is_text()
    {
        var text = Encoding.ASCII.GetBytes($"the {Secret}\n");

        Assert.Equal("the ***\n", Encoding.ASCII.GetString(RealTool.Run("gzip", ["-dc"], Collect("logs.tgz", RealTool.Run("gzip",
            ["-c"], text)))));
        Assert.Equal("the ***\n", Encoding.ASCII.GetString(RealTool.Run("gzip", ["-dc"], Collect("noname", RealTool.Run("gzip",
            ["-c"], text)))));
        Assert.Equal("the ***\n", Encoding.ASCII.GetString(Collect("not-really.gz", text)));
    }

    [Fact]
    public void A_cut_off_file_with_nothing_to_mask_is_kept_as_it_came()
    {
        var whole = RealTool.Run("gzip", ["-c"], Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 20_000)
            .Select(i => $"line {i} nothing secret\n"))));
        var cut = whole[..(whole.Length / 2)];

        Assert.Equal(cut, Collect("cut.log.gz", cut));
    }

    [Theory]
    [InlineData("cut")]
    [InlineData("trailing")]
    [InlineData("corrupt")]
    public void A_file_that_must_be_masked_but_is_not_whole_gzip_leaves_nothing(string damage)
    {
        var whole = RealTool.Run("gzip", ["-c"], Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 20_000)
            .Select(i => i == 10 ? $"the {Secret}\n" : $"line {i} {Guid.NewGuid()}\n"))));
        var bytes = damage switch
        {
            "cut" => whole[..(whole.Length * 3 / 4)],
            "trailing" => [.. whole, .. "not gzip"u8],
            _ => Corrupt(whole),
        };

        var e = Assert.Throws<UnmaskableFileException>(() => Collect("damaged.log.gz", bytes));

        Assert.Contains("gzip", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(work, "logs")));
    }

    [Fact]
    public void A_file_that_inflates_past_the_limit_leaves_nothing()
    {
        var bomb = RealTool.Run("gzip", ["-c"], Encoding.ASCII.GetBytes(
            $"the {Secret}\n" + string.Concat(Enumerable.Repeat("a\n", 2 << 20))));

        var e = Assert.Throws<UnmaskableFileException>(() => Collect("bomb.log.gz", bomb, maxBytes: 1 << 20));

        Assert.Contains("inflates to more than the file size limit of 1 MiB", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(work, "logs")));
    }

    /// <summary>What collecting <paramref name="bytes"/> as <paramref name="name"/> leaves, given in pieces.</summary>
    private byte[] Collect(string name, byte[] bytes, long maxBytes = 64 << 20)
    {
        var target = Path.Combine(work, "logs", name);
        using (var file = new CollectedFile(target, Masking, maxBytes))
        {
            for (var i = 0; i < bytes.Length; i += 5000)
                file.Write(bytes.AsSpan(i, Math.Min(5000, bytes.Length - i)));
            file.Commit(CancellationToken.None);
        }
        var got = File.ReadAllBytes(target);
        File.Delete(target);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(work, "logs")));
        return got;
    }

    /// <summary>One byte of the deflate data flipped, where gzip's CRC finds it.</summary>
    private static byte[] Corrupt(byte[] whole)
    {
        var bytes = whole.ToArray();
        bytes[bytes.Length / 2] ^= 0x55;
        return bytes;
    }
}
