using System.Text.Json;
using Traas.Tool.Model;

namespace Traas.Tool.Tests.Cli;

/// <summary>`traas-ci diff`, as a user runs it: its outputs, its exit codes and its one-line errors.</summary>
public sealed class DiffCommandSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("traas-diff-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Out => Path.Combine(_dir, "out");

    private static string Passing => CliRun.LogPath("passing-job.log");

    private static string Failing => CliRun.LogPath("failing-job.log");

    [Fact]
    public async Task New_lines_exit_1_and_are_written_to_new_lines_md_and_json()
    {
        var run = await CliRun.RunAsync(["diff", "--baseline", Passing, Failing, "--out", Out]);

        Assert.Equal(ExitCodes.JobFailed, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal(["new-lines.json", "new-lines.md"], Directory.GetFiles(Out).Select(Path.GetFileName).Order());
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, "new-lines.json")));
        Assert.True(json.RootElement.GetProperty("new_lines").GetInt64() > 0);
        Assert.Equal("passing-job.log", json.RootElement.GetProperty("baseline").GetString());
        var summary = File.ReadAllText(Path.Combine(Out, "new-lines.md"));
        Assert.StartsWith("### New lines against the last passing run", summary, StringComparison.Ordinal);
        Assert.Contains("](console.html#L", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_against_itself_has_no_new_lines_and_exits_0()
    {
        var run = await CliRun.RunAsync(["diff", Failing, "--baseline", Failing, "--out", Out, "-v"]);

        Assert.Equal(ExitCodes.Passed, run.ExitCode);
        Assert.Contains("new lines: 0", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("No new lines", File.ReadAllText(Path.Combine(Out, "new-lines.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_options_change_the_threshold_the_context_and_the_links()
    {
        var run = await CliRun.RunAsync(["diff", "--baseline=" + Passing, Failing, "--out", Out, "--context", "0",
            "--threshold", "0.5", "--console-url", "https://logs.example/console.html"]);

        Assert.Equal(ExitCodes.JobFailed, run.ExitCode);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, "new-lines.json")));
        Assert.Equal(0.5, json.RootElement.GetProperty("threshold").GetDouble());
        Assert.Equal(json.RootElement.GetProperty("new_lines").GetInt64(), json.RootElement.GetProperty("shown_lines").GetInt64());
        Assert.Contains("](https://logs.example/console.html#L", File.ReadAllText(Path.Combine(Out, "new-lines.md")), StringComparison.Ordinal);
    }

    public static TheoryData<string[], string> BadLines => new()
    {
        { ["diff", "--baseline", "/nonexistent/good.log", "FAILED", "--out", "OUT"], "--baseline '/nonexistent/good.log': no such file" },
        { ["diff", "--baseline", "GOOD", "/nonexistent/failed.log", "--out", "OUT"], "the failed log '/nonexistent/failed.log': no such file" },
        { ["diff", "--baseline", "DIR", "FAILED", "--out", "OUT"], "is a folder" },
        { ["diff", "FAILED", "--out", "OUT"], "--baseline is required" },
        { ["diff", "--baseline", "GOOD", "--out", "OUT"], "a required positional argument is missing" },
        { ["diff", "--baseline", "GOOD", "FAILED", "FAILED", "--out", "OUT"], "is one too many" },
        { ["diff", "--baseline", "GOOD", "FAILED", "--out", "OUT", "--threshold", "1.5"], "--threshold 1.5: give a distance from 0 to below 1" },
        { ["diff", "--baseline", "GOOD", "FAILED", "--out", "OUT", "--threshold", "near"], "--threshold near: give a number" },
        { ["diff", "--baseline", "GOOD", "FAILED", "--out", "OUT", "--context", "-1"], "--context -1: give 0 to 100 lines" },
        { ["diff", "--baseline", "GOOD", "FAILED", "--out", "GOOD"], "cannot create the output folder" },
        { ["diff", "--baseline", "GOOD", "--baseline", "GOOD", "FAILED"], "--baseline is given twice" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public async Task A_bad_line_exits_2_with_one_line_and_leaves_no_outputs(string[] args, string message)
    {
        var resolved = args.Select(a => a switch
        {
            "GOOD" => Passing,
            "FAILED" => Failing,
            "OUT" => Out,
            "DIR" => _dir,
            _ => a,
        }).ToArray();

        var run = await CliRun.RunAsync(resolved);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out) && Directory.EnumerateFileSystemEntries(Out).Any());
    }

    [Fact]
    public async Task Help_describes_the_verb_and_the_verbs_list_it()
    {
        var help = await CliRun.RunAsync(["diff", "--help"]);
        var verbs = await CliRun.RunAsync(["--help"]);

        Assert.Equal(ExitCodes.Passed, help.ExitCode);
        Assert.Contains("--baseline", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("FAILED", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("diff", verbs.Stdout, StringComparison.Ordinal);
    }
}
