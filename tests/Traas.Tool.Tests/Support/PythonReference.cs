using System.Diagnostics;

namespace Traas.Tool.Tests.Support;

/// <summary>
/// Runs a reference script from Support/ with Debian's /usr/bin/python3 (which has the Debian
/// OpenStack libraries; a python on PATH may not) and returns what it printed.
/// </summary>
internal static class PythonReference
{
    /// <param name="environment">When given, the script sees only these variables.</param>
    public static string Run(string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "Support", script), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        if (environment is not null)
        {
            start.Environment.Clear();
            foreach (var (key, value) in environment)
                start.Environment[key] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start /usr/bin/python3");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 || stdout.Result.Length == 0)
            throw new InvalidOperationException($"the reference {script} failed ({process.ExitCode}); are Debian's python3-openstacksdk and python3-heatclient installed (scripts/test.sh installs them)? {stderr}");
        return stdout.Result;
    }
}
