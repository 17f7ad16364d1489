using System.Globalization;
using Traas.Tool.GitHub;
using Traas.Tool.Model;

namespace Traas.Tool.Tests.Cli;

/// <summary>The lines traas-ci prints read as sentences: counts agree with their nouns, punctuation is whole.</summary>
public sealed class WordingSpecs : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("traas-wording-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void Counts_and_minutes_agree_with_their_nouns_in_any_culture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CommaCulture.Create();

            Assert.Equal(["1 task", "0 tasks", "2 tasks"], [Plural.Of(1, "task"), Plural.Of(0, "task"),
                Plural.Of(2, "task")]);
            Assert.Equal(["1 minute", "0.5 minutes", "240 minutes", "1.5 minutes"],
                [Plural.Minutes(1), Plural.Minutes(0.5), Plural.Minutes(240), Plural.Minutes(1.5)]);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public async Task The_report_line_of_a_one_line_log_says_1_line()
    {
        var log = Path.Combine(_work, "traas.log");
        await File.WriteAllLinesAsync(log,
            [(await File.ReadAllLinesAsync(CliRun.RealLogPath("tox-nimi-python-pytest-failed.log")))[0]]);

        var run = await CliRun.RunAsync(["report", log, "-o", Path.Combine(_work, "out")]);

        Assert.Contains("; 0 tasks, 0 failing, 1 line read", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reason_that_ends_a_sentence_is_not_followed_by_a_stray_semicolon()
    {
        using var cloud = new UnreachableCloud();

        var run = await CliRun.RunAsync(cloud.RunArgs, environment: UnreachableCloud.Environment);

        Assert.Equal(ExitCodes.CloudError, run.ExitCode);
        Assert.Contains("reachable from here; 0 tasks, 0 failing, 0 lines read", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_key_is_a_sentence_before_fix_the_yaml()
    {
        var clouds = Path.Combine(_work, "clouds.yaml");
        await File.WriteAllTextAsync(clouds,
            "clouds:\n  c:\n    auth:\n      auth_url: http://127.0.0.1:9/v3\n    auth:\n      username: u\n");

        var run = await CliRun.RunAsync(["status", "s", "--os-client-config-file", clouds, "--os-cloud", "c"]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith("Duplicate key auth. Fix the YAML and run again.", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task Artifacts_whose_job_has_a_blank_name_are_published_as_the_traas_job(string jobType)
    {
        var report = await CliRun.RunAsync(["report", CliRun.RealLogPath("tox-nimi-python-pytest-failed.log"), "-o",
            _work]);
        Assert.Equal(ExitCodes.JobFailed, report.ExitCode);
        await File.WriteAllTextAsync(Path.Combine(_work, ArtifactFiles.RunState),
            $"{{\"job_type\": \"{jobType}\", \"result\": \"FAILED\"}}");

        Assert.Equal("traas job", JobArtifacts.Load(_work).JobType);
    }

    [Fact]
    public async Task Report_refuses_a_blank_job_name()
    {
        var run = await CliRun.RunAsync(["report", CliRun.RealLogPath("tox-nimi-python-pytest-failed.log"), "-o",
            _work, "--job-name", " "]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("--job-name: give the job a name, not a blank one", run.Stderr, StringComparison.Ordinal);
    }
}
