using System.Diagnostics;

namespace Traas.Tool.Tests.Support;

/// <summary>
/// git as the tests run it to make their stand-in remotes: with an author of its own and without the
/// machine's user and system configuration, so that no setting there changes what a test makes.
/// </summary>
internal static class StandinGit
{
    public static string Run(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git", ["-c", "user.name=standin", "-c", "user.email=standin@localhost",
            .. arguments])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start git");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed in {directory}: {stderr}");
        return stdout.Result.Trim();
    }
}
