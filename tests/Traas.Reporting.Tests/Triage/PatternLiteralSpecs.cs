using System.Text.RegularExpressions;
using Traas.Reporting.Triage;

namespace Traas.Reporting.Tests.Triage;

/// <summary>
/// The literals the pattern scan looks for before it runs a regex: every match holds one of them, so
/// a line without any is passed over; what the reading cannot vouch for gives none, and the regex runs.
/// </summary>
public sealed class PatternLiteralSpecs
{
    [Theory]
    [InlineData(@"No valid host was found|Exceeded maximum number of retries\. Exhausted all hosts",
        "No valid host was found", "Exceeded maximum number of retries. Exhausted all hosts")]
    [InlineData(@"Out of memory: Kill(ed)? process|oom-kill", "Out of memory: Kill", "oom-kill")]
    [InlineData(@"504 Gateway Time-?out", "504 Gateway Time")]
    [InlineData(@"Stack ""?overcloud""? .*[Tt]imed out", "overcloud")]
    [InlineData(@"\[[0-9.]+s\] \.\.\. FAILED$", "s] ... FAILED")]
    [InlineData(@"exit (code|status)[:= ]*143\b|(?:rc|RC) returned 1{2}43", "exit ", " returned ")]
    public void A_pattern_gives_the_longest_required_text_of_each_alternative(string pattern, params string[] literals)
    {
        var found = RequiredLiterals.Of(new Regex(pattern));

        Assert.Equal(literals, found);
    }

    [Theory]
    [InlineData("(?i)disk full")]
    [InlineData(@"\x41bcdef")]
    [InlineData(@"(?=abc)def|ghij")]
    [InlineData("abc|[a-z]+")]
    [InlineData("abcd|ab")]
    [InlineData("[a-z-[aeiou]]bcdef")]
    [InlineData("abc{x}def")]
    public void A_pattern_it_cannot_vouch_for_gives_no_literals(string pattern) =>
        Assert.Null(RequiredLiterals.Of(new Regex(pattern)));

    [Fact]
    public void An_ignore_case_pattern_gives_no_literals() =>
        Assert.Null(RequiredLiterals.Of(new Regex("disk full", RegexOptions.IgnoreCase)));

    [Fact]
    public void Every_shipped_pattern_has_literals_so_that_most_lines_run_no_regex() =>
        Assert.All(FailurePatterns.Shipped, p => Assert.NotNull(RequiredLiterals.Of(p.Regex)));

    [Fact]
    public void A_scan_finds_the_patterns_with_literals_and_those_without_alike()
    {
        var patterns = new[]
        {
            FailurePattern.Create("any case", "(?i)disk is full", FailureClass.Infra),
            FailurePattern.Create("literal", "No space left on device", FailureClass.Infra),
        };
        var scanner = new PatternScanner(patterns);

        scanner.Feed(1, "cp: No space left on device");
        scanner.Feed(2, "DISK IS FULL");
        scanner.Feed(3, "ok: [undercloud]");

        Assert.Equal([("literal", 1L), ("any case", 2L)],
            scanner.Matches().Select(m => (m.Pattern.Name, m.FirstLine)).OrderBy(m => m.FirstLine));
    }
}
