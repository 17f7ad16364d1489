using System.Diagnostics;
using Traas.Reporting.Subunit;
using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>
/// Subunit v1 text streams (testrepository's, before v2) give the tests that Debian's subunit-1to2 converts them
/// to: a real nodepool run from ../shared/logjuicer-datasets, with multipart details in chunks, and a stream of
/// every outcome and details form written here. Both streams are read by our reader, and the converted one's tests
/// are the reference, to the attachment.
/// </summary>
public sealed partial class SubunitSpecs
{
    private const string EdgeVersion1 = """
        tags: worker-0
        time: 2017-06-21 04:40:34.832161Z
        test: t.ok
        output of the runner
        time: 2017-06-21 04:40:35.5Z
        success: t.ok
        test: t.fail
        failure: t.other
        time: 2017-06-21 04:40:36.000001Z
        failure: t.fail [
        Traceback (most recent call last):
         ]quoted
        AssertionError: 1 != 2
        ]
        test t.error
        error: t.error
        testing: t.skip
        skip: t.skip [
        not today
        ]
        test: t.xfail
        xfail: t.xfail [
        known
        ]
        test: t.ux
        uxsuccess: t.ux
        progress: +3
        test: t.multipart
        test: t.nested
        successful: t.multipart [ multipart
        Content-Type: text/plain;charset=utf8
        pythonlogging:''
        5\r
        hello4\r
         you0\r
        Content-Type: text/x-traceback;charset=utf8,language=python
        traceback
        3\r
        boo0\r
        ]
        """;

    public static TheoryData<string> Version1Streams() => ["output.fail", "output.good", "edge-v1.subunit"];

    [Theory]
    [MemberData(nameof(Version1Streams))]
    public void A_v1_stream_gives_the_tests_subunit_1to2s_conversion_gives(string name)
    {
        var (stream, converted) = Converted(name);

        var ours = Tests(stream);
        var reference = Tests(converted);

        Assert.NotEmpty(reference);
        Assert.Equal(reference.Select(Shown), ours.Select(Shown));
        // python-subunit goes through a float on the way, which can lose a microsecond.
        foreach (var (theirs, mine) in reference.Zip(ours))
        {
            Assert.True(Near(theirs.Start, mine.Start) && Near(theirs.End, mine.End),
                $"{mine.Id}: {mine.Start:O}-{mine.End:O}, subunit-1to2 {theirs.Start:O}-{theirs.End:O}");
        }
    }

    private static bool Near(DateTime? theirs, DateTime? mine) =>
        theirs is null ? mine is null : mine is { } time && Math.Abs((time - theirs.Value).Ticks) <= 20;

    [Theory]
    [MemberData(nameof(Version1Streams))]
    public void A_v1_stream_gives_the_cases_and_outcomes_subunit2junitxml_gives_its_conversion(string name)
    {
        var (stream, converted) = Converted(name);

        Assert.Equal(Sorted(Subunit2JUnitXml.Convert(converted)), Sorted(Ours(stream)));
    }

    [Fact]
    public void The_real_v1_stream_holds_failures_with_their_details_and_the_edge_stream_every_outcome()
    {
        // Without this, the theories above could pass on streams that give little.
        var real = Tests(Version1Stream("output.fail"));
        var edge = Tests(Version1Stream("edge-v1.subunit"));

        Assert.Equal((142, 2), (real.Count, real.Count(t => t.IsFailure)));
        Assert.All(real.Where(t => t.IsFailure), t => Assert.Contains("pythonlogging:''", t.Attachments.Keys));
        Assert.Equal(Enum.GetValues<SubunitStatus>().Where(s => s != SubunitStatus.Unfinished).Order(),
            edge.Select(t => t.Status).Distinct().Order());
        Assert.Equal("Traceback (most recent call last):\n]quoted\nAssertionError: 1 != 2\n",
            edge.Single(t => t.Id == "t.fail").Attachment("traceback"));
        Assert.Equal("hello you", edge.Single(t => t.Id == "t.multipart").Attachment("pythonlogging:''"));
    }

    [Fact]
    public void A_test_the_v1_stream_leaves_running_fails_with_a_lost_connection_as_python_subunit_says()
    {
        var stream = Path.Combine(_folder, "lost.subunit");
        File.WriteAllText(stream, "time: 2017-06-21 04:40:34Z\ntest: t.hung\nstill going\n");
        var converted = Path.Combine(_folder, "lost.v2");
        Subunit1To2(stream, converted);

        var ours = Tests(stream).Single();
        var reference = Tests(converted).Single();

        Assert.Equal((reference.Id, reference.Status), (ours.Id, ours.Status));
        Assert.Equal(SubunitStatus.Fail, ours.Status);
        // testtools prefixes its own exception's name, which says nothing to a reader.
        Assert.EndsWith("lost connection during test 't.hung'\n", reference.Attachment("traceback"), StringComparison.Ordinal);
        Assert.Equal("lost connection during test 't.hung'\n", ours.Attachment("traceback"));
    }

    /// <summary>The v1 stream of <paramref name="name"/>, and its conversion to v2 by subunit-1to2.</summary>
    private (string Stream, string Converted) Converted(string name)
    {
        var stream = Version1Stream(name);
        var converted = Path.Combine(_folder, name + ".v2");
        Subunit1To2(stream, converted);
        return (stream, converted);
    }

    private string Version1Stream(string name)
    {
        if (name != "edge-v1.subunit")
            return Path.Combine(RepoPaths.Shared, "logjuicer-datasets", "testr-nodepool-01", name);
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, EdgeVersion1.ReplaceLineEndings("\n").Replace("\\r", "\r", StringComparison.Ordinal)
            + "\n");
        return path;
    }

    private static List<SubunitTest> Tests(string path)
    {
        using var file = File.OpenRead(path);
        return [.. new SubunitReader(file).ReadTests()];
    }

    private static string Shown(SubunitTest test) =>
        $"{test.Id} {test.Status} "
        + string.Join(" ", test.Attachments.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"[{a.Key}={a.Value}]"));

    /// <summary>Debian's subunit-1to2 (package subunit), the reference; fails loudly when it is missing.</summary>
    private static void Subunit1To2(string stream, string converted)
    {
        const string binary = "/usr/bin/subunit-1to2";
        if (!File.Exists(binary))
            throw new InvalidOperationException($"{binary} is missing: install Debian's subunit");
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {binary}");
        var errors = process.StandardError.ReadToEndAsync();
        using (var output = File.Create(converted))
        {
            var copying = process.StandardOutput.BaseStream.CopyToAsync(output);
            using (var input = File.OpenRead(stream))
                input.CopyTo(process.StandardInput.BaseStream);
            process.StandardInput.Close();
            copying.Wait();
        }
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{binary}: {errors.Result}");
    }
}
