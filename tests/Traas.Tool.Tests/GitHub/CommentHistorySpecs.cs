using Traas.Tool.GitHub;
using Traas.Tool.Model;

namespace Traas.Tool.Tests.GitHub;

/// <summary>The history block is read as untrusted: each entry checked, every field escaped when shown.</summary>
public sealed class CommentHistorySpecs
{
    private static readonly Uri Server = new("https://github.com/");
    private const string Good = """{"Result":"FAILED","Sha":"0123456789abcdef0123456789abcdef01234567","RunUrl":"https://github.com/o/r/actions/runs/1","At":"2026-11-24T10:00:00+00:00"}""";

    [Fact]
    public void What_publish_writes_reads_back_the_same()
    {
        var runs = new[]
        {
            new RunEntry(JobResult.Passed, "0123456", "https://github.com/o/r/actions/runs/2", DateTimeOffset.Parse("2026-11-24T11:00:00Z", System.Globalization.CultureInfo.InvariantCulture)),
            new RunEntry(JobResult.NodeFailure, "0123456789abcdef0123456789abcdef01234567", null, DateTimeOffset.UnixEpoch),
            new RunEntry(JobResult.Failed, "0123456", null, DateTimeOffset.UnixEpoch, Attempt: 1, Retried: true),
            new RunEntry(JobResult.Passed, "0123456", null, DateTimeOffset.UnixEpoch, Attempt: 3),
        };

        var read = CommentHistory.Read("marker\n\n" + CommentHistory.Block(runs) + "\n", Server);

        Assert.Equal(runs, read.Entries);
        Assert.Empty(read.Problems);
    }

    [Theory]
    [InlineData("""{"Result":"OWNED","Sha":"0123456","At":"2026-11-24T10:00:00Z"}""", "no known result class")]
    [InlineData("""{"Sha":"0123456","At":"2026-11-24T10:00:00Z"}""", "no known result class")]
    [InlineData("""{"Result":"PASSED","Sha":"012345","At":"2026-11-24T10:00:00Z"}""", "SHA of 7 to 40 hex digits")]
    [InlineData("""{"Result":"PASSED","Sha":"0123456789abcdef0123456789abcdef012345678","At":"2026-11-24T10:00:00Z"}""", "SHA of 7 to 40 hex digits")]
    [InlineData("""{"Result":"PASSED","Sha":"`0123456` [x](https://evil.example)","At":"2026-11-24T10:00:00Z"}""", "SHA of 7 to 40 hex digits")]
    [InlineData("""{"Result":"PASSED","Sha":"0123456","At":"yesterday"}""", "no date")]
    [InlineData("""{"Result":"PASSED","Sha":"0123456"}""", "no date")]
    [InlineData("""{"Result":"PASSED","Sha":"0123456","At":"2026-11-24T10:00:00Z","RunUrl":"http://github.com/o/r/actions/runs/1"}""", "not a page of this GitHub server")]
    [InlineData("""{"Result":"PASSED","Sha":"0123456","At":"2026-11-24T10:00:00Z","RunUrl":"https://github.com.evil.example/o/r"}""", "not a page of this GitHub server")]
    [InlineData("""{"Result":"PASSED","Sha":"0123456","At":"2026-11-24T10:00:00Z","RunUrl":"https://evil.example/github.com"}""", "not a page of this GitHub server")]
    [InlineData("""{"Result":"PASSED","Sha":"0123456","At":"2026-11-24T10:00:00Z","RunUrl":"https://me@github.com/o/r"}""", "not a page of this GitHub server")]
    [InlineData("""{"Result":"PASSED","Sha":"0123456","At":"2026-11-24T10:00:00Z","RunUrl":"https://github.com/o/r) ![x](https://evil.example/i.png"}""", "not a page of this GitHub server")]
    [InlineData("""{"Result":"PASSED","Sha":"0123456","At":"2026-11-24T10:00:00Z","RunUrl":"javascript:alert(1)"}""", "not a page of this GitHub server")]
    [InlineData("""{"Result":"PASSED","Sha":"0123456","At":"2026-11-24T10:00:00Z","RunUrl":42}""", "not a page of this GitHub server")]
    [InlineData("""{"Result":"PASSED","Sha":"0123456","At":"2026-11-24T10:00:00Z","Attempt":0}""", "attempt is not a number from 1 to 100")]
    [InlineData("""{"Result":"PASSED","Sha":"0123456","At":"2026-11-24T10:00:00Z","Attempt":1e9}""", "attempt is not a number from 1 to 100")]
    [InlineData("""{"Result":"PASSED","Sha":"0123456","At":"2026-11-24T10:00:00Z","Attempt":"2) ![x](https://evil.example/i.png"}""", "attempt is not a number from 1 to 100")]
    [InlineData("""{"Result":"PASSED","Sha":"0123456","At":"2026-11-24T10:00:00Z","Retried":"yes"}""", "retried is not true or false")]
    [InlineData("\"PASSED\"", "not an object")]
    public void A_bad_entry_is_dropped_with_its_reason_and_the_good_ones_are_kept(string entry, string reason)
    {
        var read = CommentHistory.Read($"x\n<!-- traas-ci:history [{Good},{entry},{Good}] -->\n", Server);

        Assert.Equal(2, read.Entries.Count);
        var problem = Assert.Single(read.Problems);
        Assert.Contains("history entry 2 dropped", problem, StringComparison.Ordinal);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x\n<!-- traas-ci:history [{\"Result\": -->\n", "not JSON")]
    [InlineData("x\n<!-- traas-ci:history {\"Result\":\"PASSED\"} -->\n", "not a JSON list")]
    [InlineData("x\n<!-- traas-ci:history [] -->\nsomething after it", "not at the end")]
    public void A_history_that_cannot_be_read_says_so_and_starts_again(string body, string problem)
    {
        var read = CommentHistory.Read(body, Server);

        Assert.Empty(read.Entries);
        Assert.Contains(problem, Assert.Single(read.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_block_at_the_end_counts_not_one_the_log_put_in_the_summary_above_it()
    {
        var forged = $"<!-- traas-ci:history [{Good.Replace("FAILED", "PASSED", StringComparison.Ordinal)}] -->";
        var body = CommentBody.Comment("job", new RunEntry(JobResult.Failed, "abcdef0", null, DateTimeOffset.UnixEpoch),
            $"```\n{forged}\n```\n", [], []);

        var read = CommentHistory.Read(body, Server);

        Assert.Equal(JobResult.Failed, Assert.Single(read.Entries).Result);
    }

    [Fact]
    public void A_server_of_our_own_on_http_takes_its_own_run_urls()
    {
        var enterprise = new Uri("http://ghe.example:8080/");

        Assert.True(CommentHistory.IsRunUrl("http://ghe.example:8080/o/r/actions/runs/1", enterprise));
        Assert.False(CommentHistory.IsRunUrl("http://ghe.example/o/r/actions/runs/1", enterprise));
        Assert.False(CommentHistory.IsRunUrl("http://github.com/o/r/actions/runs/1", Server));
    }

    [Fact]
    public void An_attempt_run_again_for_the_infrastructure_is_named_so_in_the_table_and_is_not_the_changes_failure()
    {
        var retried = new RunEntry(JobResult.Failed, "0123456", null, DateTimeOffset.UnixEpoch, Attempt: 1, Retried: true);
        var passed = new RunEntry(JobResult.Passed, "0123456", null, DateTimeOffset.UnixEpoch.AddHours(1), Attempt: 2);

        var table = CommentHistory.Table([retried]);
        var comment = CommentBody.Comment("multinode", passed, "## passed", [], [retried]);
        var first = CommentBody.Comment("multinode", retried, "## failed", [], []);

        Assert.Contains("| ❌ FAILED (attempt 1: infrastructure, run again) |", table, StringComparison.Ordinal);
        Assert.DoesNotContain("[!WARNING]", comment, StringComparison.Ordinal);
        Assert.Contains("FAILED (attempt 1: infrastructure, run again)", comment, StringComparison.Ordinal);
        Assert.Contains("> Attempt 1 failed for the infrastructure: the job runs again on a new stack", first, StringComparison.Ordinal);
        // A failure that was not run again still warns.
        var failed = retried with { Retried = false };
        Assert.Contains("[!WARNING]", CommentBody.Comment("multinode", passed, "## passed", [], [failed]), StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_escapes_every_field_even_of_an_entry_that_was_never_checked()
    {
        var hostile = new RunEntry(JobResult.Failed, "`<img src=x>`", "https://github.com/o/r)<b>x</b>[y](z", DateTimeOffset.UnixEpoch);

        var table = CommentHistory.Table([hostile]);

        Assert.DoesNotContain("<", table, StringComparison.Ordinal);
        Assert.Contains("| `c` |", table, StringComparison.Ordinal);
        Assert.Contains("[run](https://github.com/o/r%29%3Cb%3Ex%3C/b%3E%5By%5D%28z)", table, StringComparison.Ordinal);
    }
}
