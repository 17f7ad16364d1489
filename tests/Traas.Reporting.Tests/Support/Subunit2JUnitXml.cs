using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;

namespace Traas.Reporting.Tests.Support;

/// <summary>
/// Debian's subunit2junitxml (python3-subunit, subunit, python3-junitxml), the reference the
/// subunit reader is held to. Fails loudly when it is not installed (scripts/test.sh installs it).
/// </summary>
internal static class Subunit2JUnitXml
{
    private const string Binary = "/usr/bin/subunit2junitxml";

    /// <summary>A testcase as both converters write it: where it is, what came of it, how long it took.</summary>
    public sealed record Case(string Classname, string Name, string Outcome, double Time);

    public static IReadOnlyList<Case> Convert(string stream)
    {
        var run = ReferenceProgram.Run(Binary, [], input =>
        {
            using var file = File.OpenRead(stream);
            using var plain = stream.EndsWith(".gz", StringComparison.Ordinal)
                ? new GZipStream(file, CompressionMode.Decompress)
                : (Stream)file;
            plain.CopyTo(input);
        }, "python3-subunit, subunit and python3-junitxml");
        var xml = run.Stdout;
        // It exits 1 when a test failed; a crash leaves no testsuite.
        var at = xml.IndexOf("<testsuite", StringComparison.Ordinal);
        if (at < 0 || run.Stderr.Contains("Traceback", StringComparison.Ordinal))
            throw new InvalidOperationException($"{Binary} failed on {stream} ({run.ExitCode}):\n{run.Stderr}");
        return Cases(XElement.Parse(xml[at..]));
    }

    /// <summary>The testcases of a testsuite element, ours or the reference's.</summary>
    public static IReadOnlyList<Case> Cases(XElement suite) =>
        [.. suite.Elements("testcase").Select(c => new Case((string?)c.Attribute("classname") ?? "", (string)c.Attribute("name")!,
            c.Element("failure") is not null || c.Element("error") is not null ? "failed"
                : c.Element("skipped") is not null ? "skipped" : "passed",
            double.Parse((string?)c.Attribute("time") ?? "0", CultureInfo.InvariantCulture)))];
}
