using Traas.Reporting.Triage;
using Traas.Tool.Config;
using Traas.Tool.Model;

namespace Traas.Tool.Tests.Cli;

/// <summary>
/// Infrastructure or job, as a user sees it: the shipped patterns classify a failure in summary.md,
/// and their own fingerprints file (today's known-failures format, with an optional class) extends them.
/// </summary>
public sealed class FailureClassSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("traas-class-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Out => Path.Combine(_dir, "out");

    private string Summary => File.ReadAllText(Path.Combine(Out, "summary.md"));

    private string Fingerprints(string yaml)
    {
        var path = Path.Combine(_dir, "known-failures.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public async Task A_failure_whose_first_cause_is_an_unreachable_node_is_said_to_be_the_infrastructures()
    {
        var run = await CliRun.RunAsync(["report", CliRun.LogPath("failing-job.log"), "--out", Out]);

        Assert.Equal(ExitCodes.JobFailed, run.ExitCode);
        Assert.Contains("**Class:** infrastructure failure: Node unreachable", Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task My_own_infra_fingerprint_names_the_failure()
    {
        var known = Fingerprints("""
            - name: Our lab switch drops the undercloud
              regex: 'No route to host'
              url: https://wiki.example.org/ci/switch
              class: infra
            """);

        var run = await CliRun.RunAsync(["report", CliRun.LogPath("failing-job.log"), "--out", Out,
            "--known-failures", known]);

        Assert.Equal(ExitCodes.JobFailed, run.ExitCode);
        Assert.Contains("**Class:** infrastructure failure: Our lab switch drops the undercloud", Summary,
            StringComparison.Ordinal);
        Assert.Contains("[about it](https://wiki.example.org/ci/switch)", Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_passing_job_has_no_class()
    {
        var run = await CliRun.RunAsync(["report", CliRun.LogPath("passing-job.log"), "--out", Out]);

        Assert.Equal(ExitCodes.Passed, run.ExitCode);
        Assert.DoesNotContain("**Class:**", Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_class_that_is_not_infra_job_or_info_is_one_line_and_exit_2()
    {
        var known = Fingerprints("- name: Flaky\n  regex: 'x'\n  class: weather\n");

        var run = await CliRun.RunAsync(["report", CliRun.LogPath("failing-job.log"), "--out", Out,
            "--known-failures", known]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains($"{known}:1: the class of Flaky is 'weather': give infra, job or info", run.Stderr,
            StringComparison.Ordinal);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void A_fingerprints_file_comes_before_the_shipped_set_and_replaces_a_pattern_of_its_name()
    {
        var known = Fingerprints("""
            - name: Disk full
              regex: 'scratch volume is full'
            - name: Known tempest bug 1234
              regex: 'test_cross_tenant_traffic'
              url: https://bugs.launchpad.net/tempest/+bug/1234
            """);

        var failures = KnownFailures.LoadWithShipped(known);

        Assert.Equal(["Disk full", "Known tempest bug 1234"], failures.Take(2).Select(f => f.Name));
        Assert.Equal(FailureClass.Job, failures[0].Class);
        Assert.Single(failures, f => f.Name == "Disk full");
        Assert.Equal(FailurePatterns.Shipped.Count + 1, failures.Count);
        Assert.Contains(failures, f => f.Name == "No valid host (cloud capacity)" && f.Class == FailureClass.Infra);
    }

    [Fact]
    public void The_starter_file_adds_nothing_to_the_shipped_set()
    {
        Assert.Empty(KnownFailures.Load(KnownFailures.StarterFile));
        Assert.Equal(FailurePatterns.Shipped.Select(p => p.Name),
            KnownFailures.LoadWithShipped(KnownFailures.StarterFile).Select(f => f.Name));
    }
}
