using System.Xml.Linq;
using Traas.Reporting.Subunit;
using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>
/// Subunit v2 streams become junit testcases, held differentially to Debian's subunit2junitxml on
/// real streams (../shared/reallogs/subunit) and on streams python-subunit writes here.
/// </summary>
public sealed partial class SubunitSpecs : IDisposable
{
    // openstack/tripleo-ci scripts/fake_fail_subunit (added in 2dc251f965b1a6262177e75f2b581529c5f3c6cc,
    // "Create pre-generated fake subunit file"): the placeholder toci_gate_test.sh copied into
    // $WORKSPACE/logs/testrepository.subunit.gz before the job ran; 44 bytes, Apache-2.0.
    private static readonly byte[] TripleoCiPlaceholder = System.Convert.FromHexString(
        "b32b00165a1ad9a000087069" + "6e6774657374" + "0fdf47cdb32b06165a1ad9aa0008" + "70696e6774657374" + "bee176ad");

    private readonly string _folder = Directory.CreateTempSubdirectory("traas-subunit-").FullName;

    public static TheoryData<string> RealStreams()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(RepoPaths.SubunitStreams, "*.subunit").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    public static TheoryData<string> GeneratedStreams() =>
        ["edge.subunit", "workers.subunit", "workers.subunit.gz", "unittest.subunit", "big-traceback.subunit"];

    [Theory]
    [MemberData(nameof(RealStreams))]
    public void A_real_stream_gives_the_cases_and_outcomes_subunit2junitxml_gives(string stream) =>
        AssertSameAsReference(Path.Combine(RepoPaths.SubunitStreams, stream));

    [Theory]
    [MemberData(nameof(GeneratedStreams))]
    public void A_generated_stream_gives_the_cases_and_outcomes_subunit2junitxml_gives(string stream) =>
        AssertSameAsReference(GeneratedSubunit.Path(stream));

    [Fact]
    public void The_differential_check_can_fail()
    {
        var ours = Ours(GeneratedSubunit.Path("edge.subunit"));
        var reference = Subunit2JUnitXml.Convert(GeneratedSubunit.Path("edge.subunit"));

        Assert.NotEqual(Sorted(reference), Sorted([.. ours.Skip(1)]));
    }

    [Fact]
    public void Failures_carry_their_traceback_and_skips_their_reason()
    {
        var junit = XDocument.Parse(ReportRun.Of([], subunit: [GeneratedSubunit.Path("edge.subunit")]).JUnit);

        var failure = junit.Descendants("testcase").Single(c => (string?)c.Attribute("name") == "test_fail").Element("failure")!;
        var skipped = junit.Descendants("testcase").Single(c => (string?)c.Attribute("name") == "test_skip").Element("skipped")!;
        Assert.Equal("AssertionError: 1 != 2", (string?)failure.Attribute("message"));
        Assert.Contains("Traceback (most recent call last):", failure.Value, StringComparison.Ordinal);
        Assert.Equal("not today", (string?)skipped.Attribute("message"));
    }

    [Fact]
    public void A_stream_of_only_tripleo_cis_placeholder_is_no_test_results_not_a_failing_test()
    {
        var placeholder = Path.Combine(_folder, "testrepository.subunit");
        File.WriteAllBytes(placeholder, TripleoCiPlaceholder);

        var run = ReportRun.Of([], subunit: [placeholder, GeneratedSubunit.Path("placeholder.subunit")]);

        // subunit2junitxml sees one failing pingtest: the shape tripleo-ci writes.
        Assert.Equal([new Subunit2JUnitXml.Case("", "pingtest", "failed", 10)], Subunit2JUnitXml.Convert(placeholder));
        Assert.All(run.Report.TestStreams, s => Assert.Equal((true, 0, 0), (s.OnlyPlaceholder, s.Tests, s.Failed)));
        Assert.Empty(XDocument.Parse(run.JUnit).Descendants("testsuite")
            .Where(s => ((string)s.Attribute("name")!).StartsWith("subunit: ", StringComparison.Ordinal)).Descendants("testcase"));
        Assert.Contains("no test results (only tripleo-ci's placeholder)", run.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_real_failing_pingtest_among_other_tests_is_a_failure()
    {
        var run = ReportRun.Of([], subunit: [Path.Combine(RepoPaths.SubunitStreams, "stestr-sample-failure.subunit")]);

        var stream = Assert.Single(run.Report.TestStreams);
        Assert.Equal((false, 63, 1), (stream.OnlyPlaceholder, stream.Tests, stream.Failed));
        Assert.Contains("### Subunit streams", run.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Streams_are_found_among_collected_logs()
    {
        foreach (var file in (string[])["logs/testrepository.subunit.gz", "logs/tempest/results.subunit", "work/.stestr/0",
            "work/.stestr/12", "work/.stestr/next-stream", "tempest/.testrepository/3",
            "tempest/.testrepository/failing", "logs/notes.txt", "logs/subunit.log"])
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_folder, file))!);
            File.WriteAllBytes(Path.Combine(_folder, file), []);
        }

        var found = SubunitFiles.Find(_folder).Select(p => Path.GetRelativePath(_folder, p));

        Assert.Equal(["logs/tempest/results.subunit", "logs/testrepository.subunit.gz", "tempest/.testrepository/3",
            "work/.stestr/0", "work/.stestr/12"], found);
        Assert.Empty(SubunitFiles.Find(Path.Combine(_folder, "missing")));
    }

    private static void AssertSameAsReference(string stream)
    {
        var reference = Subunit2JUnitXml.Convert(stream);
        var ours = Ours(stream);

        Assert.NotEmpty(reference);
        Assert.Equal(Sorted(reference), Sorted(ours));
    }

    private static IReadOnlyList<Subunit2JUnitXml.Case> Ours(string stream) => Ours(ReportRun.Of([], subunit: [stream]), stream);

    private static IReadOnlyList<Subunit2JUnitXml.Case> Ours(ReportRun run, string stream)
    {
        var junit = XDocument.Parse(run.JUnit);
        return Subunit2JUnitXml.Cases(junit.Root!.Elements("testsuite").Single(s => (string?)s.Attribute("name") == $"subunit: {stream}"));
    }

    /// <summary>Both write times with three decimals; rounding may differ in the last one.</summary>
    private static List<string> Sorted(IReadOnlyList<Subunit2JUnitXml.Case> cases) =>
        [.. cases.Select(c => $"{c.Classname} | {c.Name} | {c.Outcome} | {Math.Round(c.Time, 2):0.00}").Order(StringComparer.Ordinal)];

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
