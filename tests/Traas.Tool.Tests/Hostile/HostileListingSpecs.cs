using System.Text;
using Traas.Tool.Ssh;

namespace Traas.Tool.Tests.Hostile;

/// <summary>
/// collect's one-go listing (<see cref="RemoteListing"/>) on what a hostile node could answer in place of find, in
/// memory: a listing is taken only whole and as find writes it, and no name in it can leave the folder; anything
/// else is refused, so that the walk goes over SFTP instead.
/// </summary>
public sealed class HostileListingSpecs
{
    private const string Root = "/home/zuul/logs";

    [Fact]
    public void A_whole_listing_gives_each_folder_its_names_with_types_and_sizes()
    {
        var listing = RemoteListing.Parse(Listing("f 6 a.log", "d 4096 sub", "f 3 sub/b.log", "l 11 link",
            "p 0 fifo", "d 4096 sub/deeper", "f 0 sub/deeper/empty.txt"), Root);

        var top = listing.Folder(Root, 100);
        var sub = listing.Folder(Root + "/sub", 100);

        Assert.Equal(["a.log:RegularFile:6", "sub:Folder:4096", "link:Other:11", "fifo:Other:0"],
            top.Entries.Select(e => $"{e.Name}:{e.Kind}:{e.Length}"));
        Assert.Equal([Root + "/sub/b.log", Root + "/sub/deeper"], sub.Entries.Select(e => e.FullName));
        Assert.Equal("empty.txt", Assert.Single(listing.Folder(Root + "/sub/deeper", 100).Entries).Name);
        Assert.False(top.InPart);
    }

    [Fact]
    public void A_folder_with_more_names_than_the_walk_takes_is_given_in_part()
    {
        var listing = RemoteListing.Parse(Listing([.. Enumerable.Range(0, 10).Select(i => $"f 1 {i}.log")]), Root);

        var folder = listing.Folder(Root, 4);

        Assert.True(folder.InPart);
        Assert.Equal(4, folder.Entries.Count);
    }

    [Fact]
    public void A_folder_that_is_not_there_is_missing_and_one_that_is_a_file_is_refused()
    {
        Assert.Same(RemoteListing.Missing, RemoteListing.Parse(Bytes("traas-missing\0"), Root));
        var error = Assert.Throws<RemoteStreamException>(() => RemoteListing.Parse(Bytes("traas-other\0"), Root));
        Assert.Contains("not a folder", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("f 6 ../../../tmp/pwned", "not below the folder")]
    [InlineData("f 6 /etc/passwd", "not below the folder")]
    [InlineData("f 6 sub/../../x", "not below the folder")]
    [InlineData("f 6 sub//x", "not below the folder")]
    [InlineData("d 4096 ..", "not below the folder")]
    [InlineData("f 6 nowhere/a.log", "before its folder")]
    [InlineData("f 6 a.log/", "not below the folder")]
    [InlineData("f -6 a.log", "not `type size path`")]
    [InlineData("f 99999999999999999999999 a.log", "not `type size path`")]
    [InlineData("file 6 a.log", "not `type size path`")]
    [InlineData("f 6", "not `type size path`")]
    public void A_record_that_names_a_path_outside_the_folder_or_is_not_finds_is_refused(string record,
        string reason)
    {
        var error = Assert.Throws<RemoteStreamException>(() => RemoteListing.Parse(Listing("f 1 ok.log", record),
            Root));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_named_twice_is_refused()
    {
        var error = Assert.Throws<RemoteStreamException>(() =>
            RemoteListing.Parse(Listing("d 1 sub", "d 1 sub"), Root));

        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("traas-list\0f 6 a.log\0", "did not get through the whole tree")]
    [InlineData("traas-list\0f 6 a.log\0traas-end", "does not end with a NUL")]
    [InlineData("", "is not what find writes")]
    [InlineData("\0", "is not what find writes")]
    [InlineData("PWNED\0traas-end\0", "is not what find writes")]
    [InlineData("traas-missing\0f 6 a.log\0", "is not what find writes")]
    public void A_listing_cut_short_or_not_begun_as_finds_is_refused(string text, string reason)
    {
        var error = Assert.Throws<RemoteStreamException>(() => RemoteListing.Parse(Bytes(text), Root));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_with_a_newline_or_a_quote_is_kept_as_it_is()
    {
        var listing = RemoteListing.Parse(Listing("f 2 it's\nodd.log"), Root);

        Assert.Equal("it's\nodd.log", Assert.Single(listing.Folder(Root, 10).Entries).Name);
    }

    [Fact]
    public void The_command_quotes_the_folder_and_lists_one_level_below_the_depth_limit()
    {
        var text = RemoteListing.CommandText("/tmp/it's here", 24);

        Assert.StartsWith("r='/tmp/it'\\''s here'; ", text, StringComparison.Ordinal);
        Assert.Contains("-maxdepth 25 ", text, StringComparison.Ordinal);
    }

    private static byte[] Listing(params string[] records) =>
        Bytes("traas-list\0" + string.Concat(records.Select(r => r + "\0")) + "traas-end\0");

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
