using System.Text;
using Renci.SshNet.Common;
using Traas.Tool.Pipeline;
using Traas.Tool.Ssh;

namespace Traas.Tool.Tests.Ssh;

/// <summary>
/// How collect keeps the node's names on the runner (<see cref="LocalName"/>): what actions/upload-artifact refuses
/// in a path is percent-encoded, a name that is not UTF-8 or too long is refused, and one file's failure is that
/// file's (<see cref="CollectStage.Unfetched"/>), not the whole collect's.
/// </summary>
public sealed class LocalNameSpecs
{
    [Theory]
    [InlineData("a.log", "a.log")]
    [InlineData("100%.log", "100%.log")]
    [InlineData("10:30:00.log", "10%3A30%3A00.log")]
    [InlineData("why?.log", "why%3F.log")]
    [InlineData("say \"hi\" <to> |all| *.log", "say %22hi%22 %3Cto%3E %7Call%7C %2A.log")]
    [InlineData("new\nline\r.log", "new%0Aline%0D.log")]
    [InlineData("100%:done", "100%25%3Adone")]
    public void A_name_upload_artifact_refuses_is_percent_encoded_and_no_other(string name, string kept)
    {
        Assert.Equal(kept, LocalName.Kept(name));
        Assert.DoesNotContain(LocalName.Kept(name), c => "\":<>|*?\r\n".Contains(c, StringComparison.Ordinal));
    }

    [Fact]
    public void A_name_not_utf8_or_over_255_bytes_kept_is_refused()
    {
        Assert.Null(LocalName.Problem(new string('a', 255)));
        Assert.Equal("its name is over 255 bytes", LocalName.Problem(new string('a', 256)));
        // 254 bytes as the node names it, 256 kept.
        Assert.Null(LocalName.Problem(new string('a', 252) + ":"));
        Assert.Equal("its name is over 255 bytes", LocalName.Problem(new string('a', 253) + ":"));
        Assert.Equal(LocalName.NotUtf8, LocalName.Problem("bad\uFFFD.log"));
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_not_decoded_but_shown()
    {
        Assert.Equal("é.log", LocalName.Decode("é.log"u8));
        Assert.Null(LocalName.Decode([0x61, 0xff, 0x2e]));
        Assert.Null(LocalName.Decode([0xc3]));
        Assert.Equal("a\\xff.", LocalName.Shown([0x61, 0xff, 0x2e]));
    }

    [Fact]
    public void A_listing_name_that_is_not_utf8_is_marked_not_replaced()
    {
        var bytes = Encoding.UTF8.GetBytes("traas-list\0f 6 ok.log\0f 6 bad").Concat(new byte[] { 0xff })
            .Concat(Encoding.UTF8.GetBytes(".log\0traas-end\0")).ToArray();

        var entries = RemoteListing.Parse(bytes, "/root").Folder("/root", 10).Entries;

        Assert.Equal(["ok.log:False", "bad\\xff.log:True"], entries.Select(e => $"{e.Name}:{e.NotUtf8}"));
    }

    [Fact]
    public void A_file_that_went_away_or_cannot_be_written_here_is_that_files_failure_and_a_full_disk_is_not()
    {
        Assert.Equal("it is gone from the node", CollectStage.Unfetched(new SftpPathNotFoundException("x")));
        Assert.Equal("it cannot be read (permission denied)",
            CollectStage.Unfetched(new SftpPermissionDeniedException("x")));
        Assert.StartsWith("it cannot be written here", CollectStage.Unfetched(new PathTooLongException("long")));
        Assert.StartsWith("it cannot be written here",
            CollectStage.Unfetched(new DirectoryNotFoundException("missing")));
        Assert.Null(CollectStage.Unfetched(new IOException("No space left on device", 28)));
        Assert.Null(CollectStage.Unfetched(new SshConnectionException("dropped")));
    }

    [Fact]
    public void A_path_too_long_to_keep_fails_as_an_io_exception_that_is_the_files()
    {
        var logs = Directory.CreateTempSubdirectory("traas-localname-").FullName;
        try
        {
            var deep = Path.Combine([logs, .. Enumerable.Repeat(new string('d', 255), 17), "f.log"]);
            var error = Assert.ThrowsAny<IOException>(() => new CollectedFile(deep, null, 1024).Dispose());
            Assert.NotNull(CollectStage.Unfetched(error));
        }
        finally
        {
            Directory.Delete(logs, recursive: true);
        }
    }

    [Fact]
    public void A_long_path_is_shown_by_its_ends_and_a_short_one_whole()
    {
        Assert.Equal("a/b.log", LocalName.Shown("a/b.log"));
        var exact = new string('p', LocalName.ShownPathLength);
        Assert.Equal(exact, LocalName.Shown(exact));
        // A surrogate pair at either cut is kept whole, not split into two halves.
        var path = new string('a', 99) + "\U0001F600" + new string('m', 4000) + "\U0001F600" + new string('z', 99);
        var shown = LocalName.Shown(path);
        Assert.Equal(new string('a', 99) + "...(4004 characters)..." + new string('z', 99), shown);
    }
}
