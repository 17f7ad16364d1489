using System.IO.Compression;
using Traas.Reporting.Model;
using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>
/// A stream from the node built to use up the runner's memory: the reader holds a bounded number of
/// problems and of running tests, and reads a gzipped stream only so far, and the report says where it
/// let go. The outcomes stay those subunit2junitxml gives, where it gives any.
/// </summary>
public sealed partial class SubunitSpecs
{
    [Fact]
    public void A_stream_of_bad_packets_gives_each_its_failing_test_and_a_bounded_list_of_warnings()
    {
        // 8 bytes each: the header of an empty packet, and a checksum of 0, which is wrong.
        var path = Path.Combine(_folder, "bad.subunit");
        File.WriteAllBytes(path, [.. Enumerable.Repeat<byte[]>([0xB3, 0x20, 0x00, 0x08, 0, 0, 0, 0], 10_000).SelectMany(b => b)]);

        var run = ReportRun.Of([], subunit: [path]);

        // python-subunit gives each its own failing test too (their times are its clock's, not the stream's).
        Assert.Equal(Enumerable.Repeat(("subunit", "parser", "failed"), 10_000),
            Subunit2JUnitXml.Convert(path).Select(c => (c.Classname, c.Name, c.Outcome)));
        Assert.Equal(Enumerable.Repeat(("subunit", "parser", "failed"), 10_000),
            Ours(run, path).Select(c => (c.Classname, c.Name, c.Outcome)));
        var warnings = run.Report.Warnings.Select(w => w.Text).ToList();
        Assert.Equal(ReportLimits.SubunitProblemsKept + 1, run.Report.WarningCount);
        Assert.Equal($"{path}: packet at byte 0: bad checksum", warnings[0]);
        Assert.Equal($"{path}: packet at byte 152: bad checksum", warnings[ReportLimits.SubunitProblemsKept - 1]);
        Assert.Equal($"{path}: 9980 more problems past the first 20, not listed", warnings[^1]);
    }

    [Fact]
    public void Tests_that_never_end_are_held_a_thousand_at_a_time_and_all_reported_unfinished()
    {
        var path = GeneratedSubunit.Path("never-ending.subunit");

        var run = ReportRun.Of([], subunit: [path]);

        var reference = Subunit2JUnitXml.Convert(path);
        Assert.Equal(3000, reference.Count(c => c.Outcome == "failed"));
        Assert.Equal(Sorted(reference), Sorted(Ours(run, path)));
        var warnings = run.Report.Warnings.Select(w => w.Text).ToList();
        Assert.Equal(ReportLimits.SubunitProblemsKept + 1, warnings.Count);
        Assert.Matches(@"^\S+: more than 1000 tests \(or 16 Mi characters of their ids and attachments\) are running "
            + @"at byte \d+: the first to start, pkg\.mod\.Test\.test_0, is reported as unfinished, and what follows of it "
            + "as a new test$", warnings[0]);
        Assert.Contains("the first to start, pkg.mod.Test.test_19,", warnings[19], StringComparison.Ordinal);
        Assert.Equal($"{path}: 1980 more problems past the first 20, not listed", warnings[^1]);
    }

    [Fact]
    public void Tests_with_huge_ids_are_held_only_to_16_mi_characters_and_all_reported_unfinished()
    {
        var path = GeneratedSubunit.Path("long-ids.subunit");

        var run = ReportRun.Of([], subunit: [path]);

        Assert.Equal(Sorted(Subunit2JUnitXml.Convert(path)), Sorted(Ours(run, path)));
        var warnings = run.Report.Warnings.Select(w => w.Text).ToList();
        // 167 ids of 100,000 characters and more fit in 16 Mi characters; each of the 33 after lets one go.
        Assert.Equal(ReportLimits.SubunitProblemsKept + 1, warnings.Count);
        Assert.Contains($"the first to start, pkg.mod.Test.test_0_{new string('x', 180)}\u2026, is reported as unfinished",
            warnings[0], StringComparison.Ordinal);
        Assert.Equal($"{path}: 13 more problems past the first 20, not listed", warnings[^1]);
    }

    [Fact]
    public void A_gzipped_stream_is_read_to_1024_MiB_and_the_report_says_its_tests_are_incomplete()
    {
        var path = Path.Combine(_folder, "testrepository.subunit.gz");
        // The gap is what a runner could print between packets: 1 GiB of it deflates to about 1 MiB.
        WriteGzip(path, File.ReadAllBytes(GeneratedSubunit.Path("cut-before.subunit")), new byte[1024 * 1024 * 1024],
            File.ReadAllBytes(GeneratedSubunit.Path("cut-after.subunit")));

        var run = ReportRun.Of([], subunit: [path]);

        Assert.Equal([new("pkg.T", "test_before", "passed", 1), new("pkg.T", "test_across", "failed", 0)],
            Ours(run, path));
        Assert.Equal(
            [$"{path}: cut at 1024 MiB: it inflates to more than that, the limit on a gzipped stream, so the tests "
                + "reported for it are incomplete"],
            run.Report.Warnings.Select(w => w.Text));
        Assert.Contains("cut at 1024 MiB", run.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzipped_stream_within_the_limit_is_read_whole()
    {
        var path = Path.Combine(_folder, "testrepository.subunit.gz");
        WriteGzip(path, File.ReadAllBytes(GeneratedSubunit.Path("cut-before.subunit")), new byte[1024 * 1024],
            File.ReadAllBytes(GeneratedSubunit.Path("cut-after.subunit")));

        var run = ReportRun.Of([], subunit: [path]);

        Assert.Equal(["pkg.T.test_before passed", "pkg.T.test_after failed", "pkg.T.test_across passed"],
            Ours(run, path).Select(c => $"{c.Classname}.{c.Name} {c.Outcome}"));
        Assert.Empty(run.Report.Warnings);
    }

    [Fact]
    public void A_gzipped_stream_that_stops_inflating_gives_the_tests_before_and_says_so()
    {
        var path = Path.Combine(_folder, "testrepository.subunit.gz");
        WriteGzip(path, File.ReadAllBytes(GeneratedSubunit.Path("cut-before.subunit")));
        // A second gzip member, as gzip appends one, whose first block is of the reserved type 11.
        File.AppendAllBytes(path, [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0x03, 0x07, 0, 0, 0]);

        var run = ReportRun.Of([], subunit: [path]);

        Assert.Equal([new("pkg.T", "test_before", "passed", 1), new("pkg.T", "test_across", "failed", 0)],
            Ours(run, path));
        Assert.Equal(
            [$"{path}: its gzip data is corrupt after 93 bytes inflated, so the tests reported for it are incomplete"],
            run.Report.Warnings.Select(w => w.Text));
    }

    private static void WriteGzip(string path, params byte[][] parts)
    {
        using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        foreach (var part in parts)
            gzip.Write(part);
    }
}
