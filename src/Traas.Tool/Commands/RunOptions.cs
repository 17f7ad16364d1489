using CommandLine;
using Traas.Tool.Ssh;

namespace Traas.Tool.Commands;

[Verb("run",
    HelpText = "The whole job: provision the stack, wait for the toci job over SSH, collect its logs, "
        + "report, and tear down.")]
public sealed partial class RunOptions
    : StackOptions, IJobOptions, ICollectLimitOptions, IPublishingOptions, IHostingOptions, IBaselineOptions
{
    [Value(0, MetaName = "NAME", HelpText = "The stack's name (default: traas-<time>-<random>).")]
    public string? Name { get; init; }

    [Option('t', "template", Default = "templates/traas.yaml",
        HelpText = "The template (-e defaults to traas-resource-registry.yaml beside it).")]
    public string Template { get; init; } = "";

    [Option("no-publish", HelpText = "Do not publish to GitHub (a later `traas-ci publish` will, e.g. after the "
        + "artifacts are uploaded).")]
    public bool NoPublish { get; init; }

    [Option("zuul-changes", HelpText = "Changes to test with, project:branch:ref, caret-separated or repeated "
        + "(the template's zuul_changes); a pull request's Depends-On lines add to them.")]
    public IEnumerable<string> ZuulChanges { get; init; } = [];

    [Option("ci-changes", HelpText = "Changes of tripleo-ci and tripleo-quickstart(-extras) that traas.sh applies, "
        + "project:change, caret-separated or repeated (the template's ci_changes).")]
    public IEnumerable<string> CiChanges { get; init; } = [];

    [Option("gerrit-url", Default = "https://review.opendev.org/",
        HelpText = "The Gerrit of Depends-On changes and of ci_changes (the template's gerrit_url).")]
    public string GerritUrl { get; init; } = "";

    [Option("no-depends-on", HelpText = "Do not read Depends-On lines of the pull request.")]
    public bool NoDependsOn { get; init; }

    [Option("toci-jobtype",
        HelpText = "The job type (the template's toci_jobtype parameter; default multinode-1ctlr-featureset004).")]
    public string? TociJobType { get; init; }

    [Option("keep", Default = "never", HelpText = "Keep the stack afterwards: never, on-failure or always.")]
    public string Keep { get; init; } = "";

    [Option("hold-hours", Default = 24.0, HelpText = "A kept stack is held this many hours after the job's end "
        + "at the latest (its traas-hold-until tag); expired holds are deleted by the clean-up verbs.")]
    public double HoldHours { get; init; }

    [Option("attempts", Default = 2, HelpText = "Stacks to try when one fails to come up (NODE_FAILURE).")]
    public int Attempts { get; init; }

    [Option("retry-infra", Default = 0, HelpText = "Runs the job again on a new stack, up to N times, when it "
        + "fails for the infrastructure (its first cause matches an infra pattern), as Zuul retries a build.")]
    public int RetryInfra { get; init; }

    [Option("ssh-user", Default = UndercloudTarget.DefaultUser, HelpText = "The undercloud's user.")]
    public string SshUser { get; init; } = "";

    [Option("ssh-port",
        HelpText = "The undercloud's SSH port (default: the stack's undercloud_ssh_port output, else 22).")]
    public int? SshPort { get; init; }

    [Option("host-key",
        HelpText = "The undercloud's pinned host key fingerprint (SHA256:...); "
            + "default: trust on first use, per stack.")]
    public string? HostKey { get; init; }

    [Option("known-hosts",
        HelpText = "Where first-use host keys are recorded (default: ~/.local/state/traas-ci/known_hosts).")]
    public string? KnownHosts { get; init; }

    [Option("job-timeout", Default = 240.0, HelpText = "Minutes to wait for the job's exit marker before TIMED_OUT.")]
    public double JobTimeout { get; init; }

    [Option("connect-timeout", Default = 30.0,
        HelpText = "Minutes to keep trying to reach the undercloud (it reboots while it boots).")]
    public double ConnectTimeout { get; init; }

    [Option("collect",
        HelpText = "Globs of logs to fetch after the job (repeat; relative ones are under traas.log's folder; "
            + "default workspace/logs/**).")]
    public IEnumerable<string> Collect { get; init; } = [];

    [Option("collect-timeout", Default = 10.0, HelpText = "Minutes collecting may take before POST_FAILURE.")]
    public double CollectTimeout { get; init; }
}

/// <summary>The verbs that carry on one step of an interrupted run, from its state file.</summary>
public abstract partial class JobStepOptions : VerbOptions, IJobOptions;

[Verb("wait",
    HelpText = "Carry on an interrupted run: wait for its job (from the run state), "
        + "resuming the log where it stopped.")]
public sealed class WaitOptions : JobStepOptions
{
    [Option("job-timeout",
        HelpText = "Minutes from the start of the run's wait until TIMED_OUT (default: the run's --job-timeout).")]
    public double? JobTimeout { get; init; }
}

[Verb("collect", HelpText = "Carry on an interrupted run: fetch traas.log and the collect globs (from the run state).")]
public sealed partial class CollectOptions : JobStepOptions, ICollectLimitOptions;
