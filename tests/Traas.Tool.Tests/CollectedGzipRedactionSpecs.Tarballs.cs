using System.Text;
using System.Text.RegularExpressions;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Tests;

/// <summary>
/// Collected tarballs, plain or in gzip, are masked by their members (<see cref="MaskedTar"/>): GNU tar packs the
/// real logs of ../shared/reallogs, and what comes back is a tarball that GNU tar reads, with the members' names,
/// modes, owners and times, each member as collecting it alone gives it. A tarball with nothing to mask is kept byte
/// for byte; one that must be masked and cannot be leaves nothing.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class CollectedGzipRedactionSpecs
{
    [Theory]
    [InlineData("gnu", false)]
    [InlineData("posix", false)]
    [InlineData("ustar", false)]
    [InlineData("gnu", true)]
    [InlineData("posix", true)]
    public void A_tarball_of_the_real_logs_comes_back_with_each_member_as_collecting_it_alone_gives(string format,
        bool gzip)
    {
        var tree = RealLogTree();
        var bytes = Tar(tree, gzip, $"--format={format}", "--owner=traas:1234", "--group=ci:4321");

        var got = Collect(gzip ? "logs.tgz" : "logs.tar", bytes);

        Assert.NotEqual(bytes, got);
        Assert.Equal(Listing(bytes, gzip), Listing(got, gzip));
        var extracted = Extract(got, gzip);
        foreach (var path in Directory.EnumerateFiles(tree, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(tree, path);
            var member = Path.Combine(extracted, relative);
            Assert.Equal(Collect(Path.GetFileName(path), File.ReadAllBytes(path)), File.ReadAllBytes(member));
            Assert.Equal(File.GetUnixFileMode(path), File.GetUnixFileMode(member));
            Assert.Equal(File.GetLastWriteTimeUtc(path), File.GetLastWriteTimeUtc(member));
        }
    }

    [Fact]
    public void A_gzip_member_is_masked_and_links_folders_and_binary_members_are_kept()
    {
        var tree = Directory.CreateDirectory(Path.Combine(work, "tree")).FullName;
        var nested = Directory.CreateDirectory(Path.Combine(tree, "var", "log", new string('d', 120))).FullName;
        File.WriteAllBytes(Path.Combine(nested, "messages.txt.gz"),
            RealTool.Run("gzip", ["-c", "-n"],
                Encoding.ASCII.GetBytes($"line\nexport OS_PASSWORD=hunter22\nthe {Secret}\n")));
        File.WriteAllBytes(Path.Combine(tree, "core"), [0, 1, 2, .. Encoding.ASCII.GetBytes(Secret), 0]);
        File.CreateSymbolicLink(Path.Combine(tree, "latest"), "var/log");
        File.WriteAllText(Path.Combine(tree, "plain.txt"), $"the {Secret}\n");
        RealTool.Run("ln", [Path.Combine(tree, "plain.txt"), Path.Combine(tree, "linked.txt")], []);
        var bytes = Tar(tree, gzip: true);

        var got = Collect("node.tar.gz", bytes);

        Assert.Equal(Listing(bytes, gzip: true), Listing(got, gzip: true));
        var extracted = Extract(got, gzip: true);
        var member = Path.Combine(extracted, Path.GetRelativePath(tree, nested), "messages.txt.gz");
        Assert.Equal("line\nexport OS_PASSWORD=***\nthe ***\n",
            Encoding.ASCII.GetString(RealTool.Run("gzip", ["-dc"], File.ReadAllBytes(member))));
        Assert.Equal(File.ReadAllBytes(Path.Combine(tree, "core")), File.ReadAllBytes(Path.Combine(extracted, "core")));
        Assert.Equal("var/log", new FileInfo(Path.Combine(extracted, "latest")).LinkTarget);
        Assert.Equal("the ***\n", File.ReadAllText(Path.Combine(extracted, "linked.txt")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_tarball_with_nothing_to_mask_is_kept_byte_for_byte(bool gzip)
    {
        var tree = Directory.CreateDirectory(Path.Combine(work, "clean")).FullName;
        File.WriteAllText(Path.Combine(tree, "a.log"), "nothing secret\n");
        File.WriteAllBytes(Path.Combine(tree, "b.log.gz"), RealTool.Run("gzip", ["-c"], "nor here\n"u8.ToArray()));
        var bytes = Tar(tree, gzip);

        Assert.Equal(bytes, Collect("clean.tar" + (gzip ? ".gz" : ""), bytes));
    }

    [Fact]
    public void A_tar_of_another_name_is_known_by_its_content()
    {
        var tree = Directory.CreateDirectory(Path.Combine(work, "named")).FullName;
        File.WriteAllText(Path.Combine(tree, "a.log"), $"the {Secret}\n");

        var got = Collect("etc-backup", Tar(tree, gzip: false));

        Assert.Equal("the ***\n", File.ReadAllText(Path.Combine(Extract(got, gzip: false), "a.log")));
    }

    [Theory]
    [InlineData(false, "cut", "it is not a whole tar")]
    [InlineData(false, "trailing", "other bytes follow the end of its tar")]
    [InlineData(true, "cut", "it is not a whole tar")]
    [InlineData(true, "trailing", "it does not end as gzip ends")]
    public void A_tarball_that_must_be_masked_but_is_not_whole_leaves_nothing(bool gzip, string damage,
        string reason)
    {
        var tree = Directory.CreateDirectory(Path.Combine(work, "damaged")).FullName;
        File.WriteAllText(Path.Combine(tree, "a.log"), "nothing secret\n");
        File.WriteAllText(Path.Combine(tree, "b.log"), string.Concat(Enumerable.Range(0, 20_000)
            .Select(i => i == 10 ? $"the {Secret}\n" : $"line {i} {Guid.NewGuid()}\n")));
        var whole = Tar(tree, gzip);
        var bytes = damage == "cut" ? whole[..(whole.Length * 3 / 4)] : [.. whole, .. "not tar"u8];

        var e = Assert.Throws<UnmaskableFileException>(() => Collect("damaged.tar" + (gzip ? ".gz" : ""), bytes));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(work, "logs")));
    }

    [Fact]
    public void A_tarball_that_cannot_be_read_through_leaves_nothing_whatever_comes_before()
    {
        var tree = Directory.CreateDirectory(Path.Combine(work, "sparse")).FullName;
        using (var sparse = File.Create(Path.Combine(tree, "a-disk.img")))
        {
            sparse.SetLength(4 << 20);
            sparse.Write("end"u8);
        }
        File.WriteAllText(Path.Combine(tree, "b.log"), $"the {Secret}\n");

        var e = Assert.Throws<UnmaskableFileException>(() => Collect("disk.tgz",
            Tar(tree, gzip: true, "--sparse", "--sort=name")));

        Assert.StartsWith("it is not a whole tar (", e.Message, StringComparison.Ordinal);
        Assert.Contains("SparseFile", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(work, "logs")));
    }

    [Theory]
    [InlineData("long name", false)]
    [InlineData("pax header", true)]
    public void A_tarball_with_a_header_over_1_MiB_leaves_nothing(string what, bool pax)
    {
        // Written by System.Formats.Tar: GNU tar cannot pack a name of 2 MiB (PATH_MAX), and python's tarfile is no
        // better a source of it. TarReader would hold such a header in memory at about ten times its size.
        var archive = new MemoryStream();
        using (var writer = new System.Formats.Tar.TarWriter(archive, leaveOpen: true))
        {
            var huge = new string('x', 2 << 20);
            System.Formats.Tar.TarEntry entry = pax
                ? new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "a.log",
                    new Dictionary<string, string> { ["comment"] = huge })
                : new System.Formats.Tar.GnuTarEntry(System.Formats.Tar.TarEntryType.RegularFile, huge);
            entry.DataStream = new MemoryStream(Encoding.ASCII.GetBytes($"the {Secret}\n"));
            writer.WriteEntry(entry);
        }

        var e = Assert.Throws<UnmaskableFileException>(() => Collect("huge.tar", archive.ToArray()));

        Assert.Matches($"^a member's {what} is 2097[0-9]{{3}} bytes, more than the 1 MiB traas-ci reads of one$", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(work, "logs")));
    }

    [Fact]
    public void A_cut_off_tarball_with_nothing_to_mask_before_the_cut_is_kept_as_it_came()
    {
        var tree = Directory.CreateDirectory(Path.Combine(work, "cut")).FullName;
        File.WriteAllText(Path.Combine(tree, "a.log"), string.Concat(Enumerable.Range(0, 20_000)
            .Select(i => $"line {i} nothing secret\n")));
        var whole = Tar(tree, gzip: false);
        var cut = whole[..(whole.Length / 2)];

        Assert.Equal(cut, Collect("cut.tar", cut));
    }

    [Fact]
    public void A_tarball_in_gzip_that_inflates_past_the_limit_leaves_nothing()
    {
        var tree = Directory.CreateDirectory(Path.Combine(work, "bomb")).FullName;
        File.WriteAllText(Path.Combine(tree, "a.log"), $"the {Secret}\n");
        File.WriteAllText(Path.Combine(tree, "b.log"), string.Concat(Enumerable.Repeat("a\n", 2 << 20)));

        var e = Assert.Throws<UnmaskableFileException>(() => Collect("bomb.tgz", Tar(tree, gzip: true),
            maxBytes: 1 << 20));

        Assert.Contains("inflates to more than the file size limit of 1 MiB", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(work, "logs")));
    }

    /// <summary>A copy of ../shared/reallogs, its files' modes and times set apart, to be packed.</summary>
    private string RealLogTree()
    {
        var source = Path.GetDirectoryName(CliRun.RealLogPath("SOURCES.md"))!;
        var tree = Path.Combine(work, "reallogs");
        var i = 0;
        var files = Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        foreach (var path in files)
        {
            var copy = Path.Combine(tree, Path.GetRelativePath(source, path));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(path, copy);
            File.SetUnixFileMode(copy, i % 2 == 0 ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead);
            File.SetLastWriteTimeUtc(copy, new DateTime(2019, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddDays(i++));
        }
        return tree;
    }

    /// <summary>What GNU tar packs of <paramref name="tree"/>'s content.</summary>
    private byte[] Tar(string tree, bool gzip, params string[] options)
    {
        var archive = Path.Combine(work, "packed");
        RealTool.Run("tar", [gzip ? "-czf" : "-cf", archive, .. options, "-C", tree, "."], []);
        var bytes = File.ReadAllBytes(archive);
        File.Delete(archive);
        return bytes;
    }

    /// <summary>GNU tar's verbose listing, less each member's size (a masked member's changes).</summary>
    private static string Listing(byte[] archive, bool gzip) =>
        SizeColumn().Replace(Encoding.UTF8.GetString(RealTool.Run("tar", [gzip ? "-tvzf" : "-tvf", "-"], archive)),
            "$1");

    /// <summary>Where GNU tar extracts <paramref name="archive"/> to (modes and times as packed).</summary>
    private string Extract(byte[] archive, bool gzip)
    {
        var folder = Directory.CreateDirectory(Path.Combine(work, "extracted-" + Guid.NewGuid())).FullName;
        RealTool.Run("tar", [gzip ? "-xzf" : "-xf", "-", "-p", "-C", folder], archive);
        return folder;
    }

    [GeneratedRegex(@"^(\S+ \S+)\s+\d+", RegexOptions.Multiline)]
    private static partial Regex SizeColumn();
}
