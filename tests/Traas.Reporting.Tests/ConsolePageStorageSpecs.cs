using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>How console.html stores the log: compressed, in blocks of a bounded size.</summary>
public sealed partial class ConsolePageStorageSpecs
{
    [Fact]
    public void The_page_is_a_fraction_of_the_log_it_shows()
    {
        var log = Encoding.UTF8.GetBytes(TripleoLikeLog(playbooks: 40));

        var page = Encoding.UTF8.GetByteCount(ReportRun.Of(log).ConsolePage);

        Assert.True(log.Length > 4_000_000, $"the log is {log.Length} bytes");
        Assert.True(page <= 0.3 * log.Length, $"the page is {page} bytes for a log of {log.Length}");
    }

    [Fact]
    public void A_huge_task_is_stored_in_bounded_blocks_and_listed_by_the_block_it_ends_in()
    {
        var log = new StringBuilder("PLAY [p] ***\nTASK [huge] ***\n");
        for (var i = 0; i < 9000; i++)
            log.Append(CultureInfo.InvariantCulture, $"output line {i}\n");
        log.Append("ok: [h]\n\nPLAY RECAP ***\nh : ok=1 changed=0 unreachable=0 failed=0\n");

        var blocks = Blocks().Matches(ReportRun.OfText(log.ToString()).ConsolePage)
            .Select(m => (First: long.Parse(m.Groups["first"].Value, CultureInfo.InvariantCulture),
                Lines: int.Parse(m.Groups["lines"].Value, CultureInfo.InvariantCulture),
                Tasks: m.Groups["tasks"].Value))
            .ToList();

        var play = blocks.TakeWhile(b => b.First < 9005).ToList();
        Assert.Equal(5, play.Count);
        Assert.All(play, b => Assert.InRange(b.Lines, 1, 2000));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => 1L + 2000 * i), play.Select(b => b.First));
        Assert.All(play.SkipLast(1), b => Assert.Equal("", b.Tasks));
        Assert.Equal("2 9004 0 TASK [huge]", play[^1].Tasks);
    }

    /// <summary>Like bench/generate_log.py: timestamps, xtrace, playbooks, loops, JSON results, colours.</summary>
    private static string TripleoLikeLog(int playbooks)
    {
        var log = new StringBuilder();
        var stars = new string('*', 40);
        var c = CultureInfo.InvariantCulture;
        for (var n = 0; n < playbooks; n++)
        {
            var ts = string.Create(c, $"2026-11-20 10:{n % 60:00}:00.{n * 7919 % 1000000:000000} | ");
            log.Append(c, $"{ts}+(./toci_quickstart.sh:89): main(): ansible-playbook playbook-{n}.yml\n");
            log.Append(c, $"{ts}PLAYBOOK: playbook-{n}.yml {stars}\n");
            for (var p = 0; p < 3; p++)
            {
                log.Append(c, $"{ts}\n{ts}PLAY [play {p} of run {n}] {stars}\n");
                for (var t = 0; t < 40; t++)
                {
                    log.Append(c, $"{ts}\n{ts}TASK [role-{t % 7} : task {t} in play {p}] {stars}\n");
                    foreach (var host in new[] { "undercloud", "subnode-1", "subnode-2" })
                    {
                        log.Append(c, $"{ts}\u001b[0;32mok: [{host}] => {{\n");
                        for (var k = 0; k < 6; k++)
                            log.Append(c, $"{ts}    \"key_{k}\": \"value <markup> & text {n}-{p}-{t}-{k}\",\n");
                        log.Append(c, $"{ts}    \"changed\": false\n{ts}}}\u001b[0m\n");
                    }
                }
            }
            log.Append(c, $"{ts}\n{ts}PLAY RECAP {stars}\n");
            log.Append(c, $"{ts}undercloud : ok=120 changed=0 unreachable=0 failed=0\n");
        }
        return log.ToString();
    }

    [GeneratedRegex("""<script type="text/x-traas-gz" data-first="(?<first>\d+)" data-lines="(?<lines>\d+"""
        + """)"(?: data-tasks="(?<tasks>[^"]*)")?>""")]
    private static partial Regex Blocks();
}
