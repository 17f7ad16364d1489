using Traas.Reporting.Model;
using Traas.Reporting.Tests.Support;
using Traas.Reporting.Triage;

namespace Traas.Reporting.Tests.Triage;

/// <summary>
/// Infrastructure or job: the shipped patterns on lines as the tools print them (real logs of
/// ../shared/reallogs where one has it), the first cause of a failure deciding, and the summary
/// saying "infrastructure failure: NAME" apart from a job failure.
/// </summary>
public sealed class FailureClassSpecs
{
    private static string RealLog(string name) => Path.Combine(RepoPaths.RealLogs, name);

    private static string RealLine(string log, int number) => File.ReadLines(RealLog(log)).ElementAt(number - 1);

    public static TheoryData<string, string> InfraLines => new()
    {
        // Real lines.
        { RealLine("ansible-core-log_path-k8s-unreachable.log", 7), "Node unreachable" },
        { RealLine("ansible28-log_path-junos-unreachable.log", 8), "DNS resolution failed" },
        { RealLine("tripleo-osp13-overcloud-deploy-passed.log", 1182), "No valid host (cloud capacity)" },
        // As nova, dnf, pip, podman, coreutils, Zuul and traas-ci's own run verdict print them.
        { "ERROR: No valid host was found. There are not enough hosts available.", "No valid host (cloud capacity)" },
        { "curl: (6) Could not resolve host: trunk.rdoproject.org", "DNS resolution failed" },
        { "Error: Failed to download metadata for repo 'appstream': Cannot download repomd.xml: "
            + "Cannot download repodata/repomd.xml: All mirrors were tried", "Package mirror unavailable" },
        { "ERROR: No matching distribution found for python-tripleoclient==16.4.0",
            "Python package index unavailable" },
        { "Error: initializing source docker://quay.io/tripleomaster/openstack-nova-api:current-tripleo: "
            + "reading manifest current-tripleo in quay.io/tripleomaster/openstack-nova-api: manifest unknown",
            "Container image pull failed" },
        { "cp: error writing '/var/lib/containers/storage/overlay/l/x': No space left on device", "Disk full" },
        { "the job exited with status 143: killed by SIGTERM, as a timeout does", "Job killed by timeout" },
        { "2026-12-02 01:02:03.456789 | undercloud | Killed                  timeout -s 9 ${TIMEOUT_SECS}m $TOCI_JOBTYPE",
            "Job killed by timeout" },
        { "fatal: [undercloud]: FAILED! => {\"changed\": true, \"msg\": \"non-zero return code\", \"rc\": 143}",
            "Job killed by timeout" },
    };

    [Theory]
    [MemberData(nameof(InfraLines))]
    public void An_infrastructure_line_matches_its_shipped_pattern(string line, string name)
    {
        var pattern = FailurePatterns.Shipped.First(p => p.Regex.IsMatch(line));

        Assert.Equal(name, pattern.Name);
        Assert.Equal(FailureClass.Infra, pattern.Class);
    }

    [Theory]
    [InlineData("TASK [Ensure the 143 containers are up] *******************************")]
    [InlineData("ok: [undercloud] => {\"msg\": \"mirror selected: mirror.regionone.example.net\"}")]
    [InlineData("2020-04-17 ... Wait for puppet host configuration to finish (1143 retries left).")]
    public void A_line_that_only_names_the_words_matches_no_infra_pattern(string line) =>
        Assert.DoesNotContain(FailurePatterns.Shipped, p => p.Class == FailureClass.Infra && p.Regex.IsMatch(line));

    [Fact]
    public void A_job_whose_first_failure_is_an_unreachable_node_is_an_infrastructure_failure()
    {
        var run = ReportRun.OfFile(RealLog("ansible-core-log_path-k8s-unreachable.log"));

        Assert.Equal(FailureClass.Infra, run.Report.Classification?.Class);
        Assert.Equal("infrastructure failure: Node unreachable", run.Report.Classification?.Headline);
        Assert.Contains("**Class:** infrastructure failure: Node unreachable", run.Summary, StringComparison.Ordinal);
        Assert.Contains("**Class:** infrastructure failure: Node unreachable", run.CommentSummary,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tripleo-osp16-overcloud-deploy-ansible-failed.log")]
    [InlineData("tripleo-osp13-overcloud-deploy-heat-nested-ansible-failed.log")]
    [InlineData("ansible-freeipa-replica-failed.log")]
    public void A_deployment_that_fails_on_its_own_is_a_job_failure(string log)
    {
        var run = ReportRun.OfFile(RealLog(log));

        Assert.Equal(FailureClass.Job, run.Report.Classification?.Class);
        Assert.Contains("**Class:** job failure", run.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("infrastructure failure", run.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_the_run_saw_killed_by_its_timeout_is_an_infrastructure_failure()
    {
        var verdict = new RunVerdict(JobOutcome.Failed, "failed",
            "the job exited with status 143: killed by SIGTERM, as a timeout does");
        using var summary = new MemoryStream();

        var report = await ReportGenerator.GenerateAsync(new MemoryStream("TASK [deploy] ****\n"u8.ToArray()),
            new ReportOutputs(new MemoryStream(), new MemoryStream(), summary, new MemoryStream()),
            new ReportOptions { RunVerdict = verdict }, CancellationToken.None);

        Assert.Equal("infrastructure failure: Job killed by timeout", report.Classification?.Headline);
        Assert.Contains("**Class:** infrastructure failure: Job killed by timeout",
            System.Text.Encoding.UTF8.GetString(summary.ToArray()), StringComparison.Ordinal);
    }

    public static TheoryData<JobOutcome, string, string> InfraVerdicts => new()
    {
        // No pattern names a cloud that stopped answering: the run's word decides.
        { JobOutcome.Failed, "cannot reach Keystone of cloud 'c' at http://127.0.0.1:1/v3", "infrastructure failure" },
        { JobOutcome.Unfinished, "no provider had room within --capacity-timeout", "infrastructure failure" },
        // A pattern that does name it still gives its name.
        { JobOutcome.Failed, "NODE_FAILURE: ERROR: No valid host was found.", "infrastructure failure: No valid host" },
    };

    [Theory]
    [MemberData(nameof(InfraVerdicts))]
    public async Task A_run_that_says_the_infrastructure_failed_is_never_a_job_failure(JobOutcome outcome,
        string reason, string headline)
    {
        var verdict = new RunVerdict(outcome, "node failure", reason, Infrastructure: true);
        using var summary = new MemoryStream();

        var report = await ReportGenerator.GenerateAsync(new MemoryStream("TASK [deploy] ****\n"u8.ToArray()),
            new ReportOutputs(new MemoryStream(), new MemoryStream(), summary, new MemoryStream()),
            new ReportOptions { RunVerdict = verdict }, CancellationToken.None);

        Assert.StartsWith(headline, report.Classification?.Headline, StringComparison.Ordinal);
        var text = System.Text.Encoding.UTF8.GetString(summary.ToArray());
        Assert.Contains("**Class:** " + headline, text, StringComparison.Ordinal);
        Assert.Contains("Not the change: running again may pass", text, StringComparison.Ordinal);
        Assert.DoesNotContain("job failure", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_verdict_that_does_not_say_infrastructure_stays_a_job_failure()
    {
        var verdict = new RunVerdict(JobOutcome.Failed, "failed", "the job exited with status 2");

        var report = await ReportGenerator.GenerateAsync(new MemoryStream("TASK [deploy] ****\n"u8.ToArray()),
            new ReportOutputs(new MemoryStream(), new MemoryStream(), new MemoryStream(), new MemoryStream()),
            new ReportOptions { RunVerdict = verdict }, CancellationToken.None);

        Assert.Equal("job failure", report.Classification?.Headline);
    }

    [Fact]
    public void A_passed_job_has_no_class()
    {
        var run = ReportRun.OfFile(RealLog("tripleo-osp16-overcloud-deploy-passed.log"));

        Assert.Null(run.Report.Classification);
        Assert.DoesNotContain("**Class:**", run.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_cause_decides_not_a_later_infra_line()
    {
        // The task failed on its own; a mirror warning printed afterwards says nothing about why.
        var report = ReportRun.OfText("""
            TASK [tempest : Run tempest] ***************************************************
            fatal: [undercloud]: FAILED! => {"changed": true, "msg": "tempest: 3 tests failed", "rc": 1}
            PLAY RECAP *********************************************************************
            undercloud                 : ok=10   changed=2    unreachable=0    failed=1    skipped=0    rescued=0    ignored=0
            """ + string.Concat(Enumerable.Repeat("filler line\n", 80))
            + "Curl error (28): Timeout was reached for http://mirror.example/centos [Connection timed out]\n"
            + "+(./toci_gate_test.sh:130): main(): exit 2\n").Report;

        Assert.Equal(JobOutcome.Failed, report.Outcome);
        Assert.Equal(FailureClass.Job, report.Classification?.Class);
    }

    [Fact]
    public void A_users_pattern_extends_the_shipped_set_and_replaces_one_of_the_same_name()
    {
        var ours = FailurePattern.Create("Our NFS share is gone", "Stale file handle", FailureClass.Infra,
            "https://wiki.example/nfs");
        var renamed = FailurePattern.Create("Disk full", "quota of the scratch volume", FailureClass.Job);

        var patterns = FailurePatterns.Extend([ours, renamed]);

        Assert.Equal(ours, patterns[0]);
        Assert.Single(patterns, p => p.Name == "Disk full");
        Assert.Equal(FailurePatterns.Shipped.Count + 1, patterns.Count);
        Assert.Contains(patterns, p => p.Name == "Node unreachable");
    }

    [Fact]
    public async Task A_users_infra_pattern_classifies_a_failure_in_the_summary()
    {
        var log = """
            TASK [nfs : Mount the share] ****************************************************
            fatal: [undercloud]: FAILED! => {"changed": false, "msg": "mount.nfs: Stale file handle"}
            PLAY RECAP *********************************************************************
            undercloud                 : ok=1    changed=0    unreachable=0    failed=1    skipped=0    rescued=0    ignored=0
            """;
        using var summary = new MemoryStream();
        var options = new ReportOptions
        {
            FailurePatterns = FailurePatterns.Extend(
                [FailurePattern.Create("Our NFS share is gone", "Stale file handle", FailureClass.Infra)]),
        };

        var report = await ReportGenerator.GenerateAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(log)),
            new ReportOutputs(new MemoryStream(), new MemoryStream(), summary, new MemoryStream()), options,
            CancellationToken.None);

        Assert.Equal(JobOutcome.Failed, report.Outcome);
        Assert.Equal("infrastructure failure: Our NFS share is gone", report.Classification?.Headline);
        Assert.Contains("infrastructure failure: Our NFS share is gone",
            System.Text.Encoding.UTF8.GetString(summary.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_set_covers_each_kind_of_infrastructure_failure_the_issue_names()
    {
        string[] kinds = ["Node unreachable", "No valid host (cloud capacity)", "DNS resolution failed",
            "Package mirror unavailable", "Python package index unavailable", "Container image pull failed",
            "Disk full", "Job killed by timeout"];

        foreach (var kind in kinds)
            Assert.Equal(FailureClass.Infra, Assert.Single(FailurePatterns.Shipped, p => p.Name == kind).Class);
    }
}
