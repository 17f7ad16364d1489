using System.Diagnostics;

namespace Traas.Reporting.Tests.Support;

/// <summary>The subunit streams Support/subunit_streams.py writes with python-subunit, once per test run.</summary>
internal static class GeneratedSubunit
{
    private static readonly Lazy<string> Generated = new(Generate);

    public static string Folder => Generated.Value;

    public static string Path(string name) => System.IO.Path.Combine(Generated.Value, name);

    private static string Generate()
    {
        var folder = Directory.CreateTempSubdirectory("traas-subunit-generated-").FullName;
        var script = System.IO.Path.Combine(RepoPaths.TestProject, "Support", "subunit_streams.py");
        var start = new ProcessStartInfo("/usr/bin/python3", [script, folder]) { RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start /usr/bin/python3");
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"subunit_streams.py failed ({process.ExitCode}); is Debian's python3-subunit installed?\n{stderr}");
        return folder;
    }
}
