using System.Text;
using Traas.Tool.Commands;

namespace Traas.Tool.Tests.Support;

/// <summary>One in-process run of the whole CLI, with its own stdout, stderr and stdin.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static async Task<CliRun> RunAsync(string[] args, string? stdin = null, CancellationToken cancellationToken = default,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr, () => new MemoryStream(Encoding.UTF8.GetBytes(stdin ?? "")),
            environment ?? new Dictionary<string, string>(), cancellationToken);
        var exitCode = await TraasCli.RunAsync(args, context);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A real log nobody here wrote, from ../shared/reallogs beside the checkout.</summary>
    public static string RealLogPath(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "shared", "reallogs", name);
            if (File.Exists(path))
                return path;
        }
        throw new FileNotFoundException($"../shared/reallogs/{name} is missing: the tests need ../shared beside the checkout");
    }

    public static string LogPath(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "tests", "Traas.Reporting.Tests", "Logs", name);
            if (File.Exists(path))
                return path;
        }
        throw new FileNotFoundException(name);
    }
}
