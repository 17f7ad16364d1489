using System.Diagnostics;

namespace Traas.Tool.Tests.Support;

/// <summary>
/// Runs templates/scripts/traas.sh with bash as a child process, given only PATH and the settings
/// passed (as a login shell of the CI user has them), and waits for it.
/// </summary>
internal static class TraasScript
{
    public static async Task<TraasScriptResult> RunAsync(IReadOnlyDictionary<string, string> settings,
        TimeSpan? within = null)
    {
        var script = Path.Combine(TemplateProcessingSpecs.RepoRoot(), "templates", "scripts", "traas.sh");
        var start = new ProcessStartInfo("bash", [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        foreach (var (name, value) in settings)
            start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start bash");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(within ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"traas.sh did not end within {within}: {await output}{await errors}");
        }
        return new TraasScriptResult(process.ExitCode, settings["TRAAS_ROOT"], await output + await errors);
    }
}
