using System.Diagnostics;
using Traas.Tool.Model;

namespace Traas.Tool.Tests;

/// <summary>templates/scripts/traas.sh: the exit marker and traas.rc on every way a job ends.</summary>
public sealed class TraasScriptSpecs : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("traas-root-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("echo 'Playbook run passed successfully'", 0)]
    [InlineData("echo 'Playbook run of quickstart.yml failed'; exit 2", 2)]
    public async Task The_status_goes_to_traas_rc_and_the_log_ends_with_it(string job, int status)
    {
        using var process = Start(job);
        await process.WaitForExitAsync();

        Assert.Equal(status, process.ExitCode);
        Assert.Equal($"{status}\n", File.ReadAllText(Path.Combine(_root, "traas.rc")));
        Assert.EndsWith($"exit {status}\n", File.ReadAllText(Path.Combine(_root, "traas.log")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_root, "traas.started")) && File.Exists(Path.Combine(_root, "traas.ended")));
    }

    [Fact]
    public async Task Sigterm_ends_the_job_at_once_with_143_in_traas_rc()
    {
        using var process = Start("echo started; sleep 120");
        await WaitForAsync(() => File.Exists(Path.Combine(_root, "traas.log")) && File.ReadAllText(Path.Combine(_root, "traas.log")).Contains("started\n", StringComparison.Ordinal));

        Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        using var within = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(within.Token);

        Assert.Equal("143\n", File.ReadAllText(Path.Combine(_root, "traas.rc")));
        Assert.EndsWith("exit 143\n", File.ReadAllText(Path.Combine(_root, "traas.log")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_reads_the_scripts_log_as_a_finished_job()
    {
        using var process = Start("echo 'Playbook run of quickstart.yml failed'; exit 1");
        await process.WaitForExitAsync();

        var run = await CliRun.RunAsync(["report", Path.Combine(_root, "traas.log"), "--out", Path.Combine(_root, "out")]);

        Assert.Equal(ExitCodes.JobFailed, run.ExitCode);
        Assert.Contains("job failed: Playbook run of quickstart.yml failed", run.Stderr, StringComparison.Ordinal);
    }

    private Process Start(string job)
    {
        var script = Path.Combine(TemplateProcessingSpecs.RepoRoot(), "templates", "scripts", "traas.sh");
        var start = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["TRAAS_ROOT"] = _root;
        start.Environment["TRAAS_SKIP_CLONE"] = "1";
        start.Environment["TRAAS_TOCI_COMMAND"] = job;
        return Process.Start(start)!;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for traas.sh");
            await Task.Delay(100);
        }
    }
}
