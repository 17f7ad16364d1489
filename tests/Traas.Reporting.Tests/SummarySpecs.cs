using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Traas.Reporting.Summary;
using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>summary.md fits GitHub's limits and says what it left out.</summary>
public sealed class SummarySpecs
{
    private static readonly Lazy<ReportRun> FiveThousandFailures = new(() => ReportRun.OfText(LogWithFailingTasks(5000)));

    [Fact]
    public void The_comment_summary_fits_a_check_run_summary()
    {
        var summary = FiveThousandFailures.Value.CommentSummary;

        Assert.InRange(Encoding.UTF8.GetByteCount(summary), 1, SummaryOptions.CommentBytes);
        Assert.Matches(@"\.\.\. \d+ more failing tasks", summary);
    }

    [Fact]
    public void The_step_summary_fits_one_mebibyte()
    {
        var summary = FiveThousandFailures.Value.Summary;

        Assert.InRange(Encoding.UTF8.GetByteCount(summary), SummaryOptions.CommentBytes + 1, SummaryOptions.StepSummaryBytes);
        Assert.Contains("... 4000 more failing tasks", summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SummaryOptions.CommentBytes)]
    [InlineData(SummaryOptions.StepSummaryBytes)]
    [InlineData(4000)]
    public void Cutting_keeps_the_markdown_whole(int limit)
    {
        var summary = SummaryWriter.Render(FiveThousandFailures.Value.Report, new SummaryOptions { MaxBytes = limit });

        Assert.True(Encoding.UTF8.GetByteCount(summary) <= limit);
        Assert.Equal(0, summary.Split('\n').Count(l => l.TrimStart().StartsWith("```", StringComparison.Ordinal)) % 2);
        var shown = summary.Split('\n').Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d+\. \*\*"));
        Assert.Contains($"... {5000 - shown} more failing tasks", summary, StringComparison.Ordinal);
        Assert.Contains("### Counts", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_has_the_result_failures_counts_slowest_tasks_and_tempest_totals()
    {
        var summary = ReportRun.Of("failing-job.log").Summary + ReportRun.Of("tempest-job.log").Summary;

        Assert.Contains("**Result:** failed", summary, StringComparison.Ordinal);
        Assert.Contains("[line 37](console.html#L37)", summary, StringComparison.Ordinal);
        Assert.Contains("### Counts", summary, StringComparison.Ordinal);
        Assert.Contains("### 5 slowest tasks", summary, StringComparison.Ordinal);
        Assert.Contains("### Tempest", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_in_task_names_and_messages_stays_text()
    {
        var summary = ReportRun.OfText("PLAY [p] ***\nTASK [**bold** | <b>x</b>] ***\nfatal: [h]: FAILED! => {\"msg\": \"```\\n<script>\"}\n").Summary;

        Assert.Contains(@"\*\*bold\*\* \| &lt;b&gt;x&lt;/b&gt;", summary, StringComparison.Ordinal);
        Assert.Contains("````\n", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Bidi_overrides_in_task_names_and_messages_show_as_replacement_characters()
    {
        var summary = ReportRun.OfText("PLAY [p] ***\nTASK [t \u202edeliaf] ***\nfatal: [h]: FAILED! => {\"msg\": \"m \u202edeliaf\"}\n").Summary;

        Assert.DoesNotContain('\u202e', summary);
        Assert.Contains("**t \uFFFDdeliaf**", summary, StringComparison.Ordinal);
        Assert.Contains("m \uFFFDdeliaf", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_test_id_of_thousands_of_characters_is_cut()
    {
        var id = "t.T.test_" + new string('x', 1900);

        var summary = ReportRun.OfText($"{{0}} {id} ... FAILED\n").Summary;

        Assert.Contains($"- \u274c `{id[..500]}\u2026` ([line 1]", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_ids_stay_code_whatever_they_hold()
    {
        var run = ReportRun.Of(HostileLog.TempestBytes(), subunit: [GeneratedSubunit.Path("hostile.subunit")]);

        foreach (var summary in (string[])[run.Summary, run.CommentSummary])
        {
            var html = CmarkGfm.Html(summary);
            var code = Regex.Matches(html, "<code>(.*?)</code>", RegexOptions.Singleline)
                .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value));
            // Each id whole in one code span, on one line; nothing of it is markup.
            Assert.Equal([
                "pkg.T.test_lf (x  <a href=\"//evil.example\">Re-run</a>)",
                "pkg.T.test_cr (x  <div> # heading - [link](//evil.example))",
                "pkg.T.test_ticks[a``b```]",
                "`pkg.T.test_edge `",
                "pkg.T.test_bidi[\uFFFDgnissap\uFFFD]",
                "t.T (x  <a href=\"//evil.example\">Re-run</a>)",
                "t.T.test_ticks[```]",
                "t.T (x <script>window.__pwned = 4</script> )",
            ], code);
            Assert.All(Regex.Matches(html, "<(?!/?(?:h[23]|p|ul|li|code|strong|table|thead|tbody|tr|th|td)[ >])[^>]*>"),
                tag => Assert.Matches(@"^<a href=""console\.html#L\d+"">$|^</a>$", tag.Value));
            Assert.Equal(HostileLog.SubunitIds.Length + 3, html.Split('\n').Count(l => l.StartsWith("<li>", StringComparison.Ordinal)));
        }
    }

    internal static string LogWithFailingTasks(int count) => Traas.Tests.Shared.TestLogs.WithFailingTasks(count);
}
