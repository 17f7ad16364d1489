using Traas.Tool.Config;
using Traas.Tool.GitHub;

namespace Traas.Tool.Pipeline;

/// <summary>Everything `run` needs, checked and resolved by the command line before a stack exists.</summary>
internal sealed record RunRequest
{
    /// <summary>The stack request (template, files, environment, parameters, tags), processed once.</summary>
    public required JsonObject Stack { get; init; }

    /// <summary>The first attempt's stack name; later ones are NAME-attemptN.</summary>
    public required string BaseName { get; init; }

    public int Attempts { get; init; } = 1;

    /// <summary>How many times an infrastructure failure of the job runs again on a new stack: --retry-infra.</summary>
    public int InfraRetries { get; init; }

    public KeepPolicy Keep { get; init; }

    /// <summary>Where the stack may run, tried in order (at least one).</summary>
    public required IReadOnlyList<Provider> Providers { get; init; }

    /// <summary>How long, over the whole run, to wait for a provider with room before NO_CAPACITY.</summary>
    public TimeSpan CapacityTimeout { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>What a held stack's tags say of the run besides its expiry: the PR or branch, job type, run.</summary>
    public Hold HoldScope { get; init; } = new(default(DateTimeOffset));

    /// <summary>How long a kept stack is held after the job's end at the latest (--hold-hours).</summary>
    public TimeSpan HoldFor { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The job type given on the command line, else the stack's toci_jobtype output names it.</summary>
    public string? JobType { get; init; }

    public required string SshUser { get; init; }

    public int? SshPort { get; init; }

    public string? HostKey { get; init; }

    public required string KnownHosts { get; init; }

    /// <summary>The key's full path, or null when it comes from TRAAS_SSH_KEY.</summary>
    public string? KeyFile { get; init; }

    public IReadOnlyList<string> Collect { get; init; } = [];

    public required string OutDir { get; init; }

    public required string StatePath { get; init; }

    /// <summary>Where the byte-exact working copy of the job's log goes (see <see cref="RunState.RawLog"/>).</summary>
    public required string RawLogFolder { get; init; }

    public double JobTimeoutMinutes { get; init; }

    public double ConnectTimeoutMinutes { get; init; }

    public double CollectTimeoutMinutes { get; init; }

    public CollectLimits CollectLimits { get; init; } = new();

    public ReportAs ReportAs { get; init; }

    /// <summary>Where the logs are hosted, when they are (on Swift).</summary>
    public SwiftHosting? Hosting { get; init; }

    /// <summary>The console page's address when someone else hosts it.</summary>
    public string? ConsoleUrl { get; init; }

    /// <summary>Whether to publish to GitHub when there is a context (not with --no-publish).</summary>
    public bool Publish { get; init; } = true;

    public IReadOnlyList<KnownFailure> KnownFailures { get; init; } = [];

    /// <summary>A failed run's baseline, for its new lines; null with --no-baseline.</summary>
    public BaselineSource? Baseline { get; init; } = new(null, null);
}
