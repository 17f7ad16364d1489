using System.Diagnostics;
using System.Text.Json;

namespace Traas.Reporting.Tests.Support;

/// <summary>Runs python3-junitparser (Debian) on a junit.xml. Fails loudly when it is not installed.</summary>
internal static class JUnitParser
{
    public sealed record Suite(string Name, int Tests, int Failures, int Errors, int Skipped, int Cases,
        int CaseFailures, int CaseErrors, int CaseSkipped);

    public sealed record Counts(int Tests, int Failures, int Errors, IReadOnlyList<Suite> Suites);

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Counts Read(string junitXml)
    {
        var path = Path.Combine(Path.GetTempPath(), $"traas-junit-{Guid.NewGuid():N}.xml");
        File.WriteAllText(path, junitXml);
        try
        {
            // Debian's python3 has python3-junitparser; a python on PATH (pyenv, venv) may not.
            var start = new ProcessStartInfo("/usr/bin/python3", [Path.Combine(RepoPaths.TestProject, "Support", "junit_counts.py"), path])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start /usr/bin/python3");
            var stdout = process.StandardOutput.ReadToEnd();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"python3-junitparser failed ({process.ExitCode}); is Debian's python3-junitparser installed (.ci/run installs it)?\n{stderr}");
            return JsonSerializer.Deserialize<Counts>(stdout, Json)!;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
