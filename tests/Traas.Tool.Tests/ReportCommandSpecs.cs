using System.Diagnostics;
using Traas.Tool.Model;

namespace Traas.Tool.Tests;

/// <summary>`traas-ci report`, as a user runs it.</summary>
public sealed class ReportCommandSpecs : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("traas-report-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    public async Task I_can_report_a_passing_job()
    {
        var run = await CliRun.RunAsync(["report", CliRun.LogPath("passing-job.log"), "--out", _out, "--job-name", "fs004"]);

        Assert.Equal(ExitCodes.Passed, run.ExitCode);
        Assert.Equal(["console.html", "junit.xml", "summary-comment.md", "summary.md"], Directory.GetFiles(_out).Select(Path.GetFileName).Order());
        Assert.Contains("job passed: Run completed", run.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("## \u2705 fs004: passed", File.ReadAllText(Path.Combine(_out, "summary.md")), StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Theory]
    [InlineData("failing-job.log")]
    [InlineData("unfinished-job.log")]
    public async Task A_failed_or_unfinished_job_exits_1(string log)
    {
        var run = await CliRun.RunAsync(["report", CliRun.LogPath(log), "--out", _out]);

        Assert.Equal(ExitCodes.JobFailed, run.ExitCode);
        Assert.True(File.Exists(Path.Combine(_out, "junit.xml")));
    }

    [Fact]
    public async Task I_can_read_the_log_from_standard_input()
    {
        var run = await CliRun.RunAsync(["report", "-", "--out", _out], stdin: File.ReadAllText(CliRun.LogPath("failing-job.log")));

        Assert.Equal(ExitCodes.JobFailed, run.ExitCode);
        Assert.Contains("multinode-undercloud.yml", File.ReadAllText(Path.Combine(_out, "junit.xml")), StringComparison.Ordinal);
    }

    /// <summary>
    /// In a process of its own, started in the folder: the current folder is the whole test run's, and a
    /// sandbox started meanwhile by another spec kept it as its own, deleted afterwards (postgres then fails).
    /// </summary>
    [Fact]
    public async Task The_default_output_folder_is_traas_artifacts()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "traas-ci.dll"), "report",
            CliRun.LogPath("passing-job.log")])
        {
            WorkingDirectory = _out,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == ExitCodes.Passed, await stderr);
        Assert.True(File.Exists(Path.Combine(_out, "traas-artifacts", "console.html")));
    }

    [Fact]
    public async Task I_get_a_clear_error_when_the_log_is_missing()
    {
        var run = await CliRun.RunAsync(["report", "/nonexistent/traas.log", "--out", _out]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal("traas-ci: error: the log '/nonexistent/traas.log': no such file. Give the path of traas.log, or - to read standard input.\n", run.Stderr);
        Assert.Empty(Directory.GetFiles(_out));
    }

    [Fact]
    public async Task I_get_a_clear_error_when_the_log_is_a_folder()
    {
        var run = await CliRun.RunAsync(["report", _out, "--out", _out]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("it is a folder", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task I_get_a_clear_error_when_the_output_folder_cannot_be_made()
    {
        var file = Path.Combine(_out, "a-file");
        File.WriteAllText(file, "");

        var run = await CliRun.RunAsync(["report", CliRun.LogPath("passing-job.log"), "--out", Path.Combine(file, "sub")]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("cannot create the output folder", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("report")]
    [InlineData("report", "x.log", "--no-such-option")]
    [InlineData("no-such-verb")]
    public async Task I_get_usage_and_exit_2_on_bad_arguments(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("traas-ci", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task Help_and_version_go_to_stdout_and_exit_0()
    {
        var help = await CliRun.RunAsync(["--help"]);
        var version = await CliRun.RunAsync(["--version"]);

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("report", help.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+\n$", version.Stdout);
    }

    [Fact]
    public async Task A_recap_that_disagrees_with_the_task_results_is_a_warning()
    {
        var log = File.ReadAllText(CliRun.LogPath("passing-job.log")).Replace("subnode-1                  : ok=2", "subnode-1                  : ok=9", StringComparison.Ordinal);

        var run = await CliRun.RunAsync(["report", "-", "--out", _out], stdin: log);

        Assert.Equal(ExitCodes.Passed, run.ExitCode);
        Assert.Contains("traas-ci: warning: PLAY RECAP of quickstart.yml (line 64) says subnode-1 had ok=9", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_report_leaves_no_artifacts_that_look_complete()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var run = await CliRun.RunAsync(["report", CliRun.LogPath("passing-job.log"), "--out", _out], cancellationToken: cancelled.Token);

        Assert.Equal(ExitCodes.Cancelled, run.ExitCode);
        Assert.Empty(Directory.GetFiles(_out));
    }

    [Fact]
    public async Task The_built_tool_runs_as_a_real_process()
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "traas-ci.dll");
        var start = new ProcessStartInfo("dotnet", [tool, "report", "/nonexistent.log"]) { RedirectStandardError = true, RedirectStandardOutput = true };

        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(ExitCodes.BadInput, process.ExitCode);
        Assert.Contains("no such file", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
    }
}
