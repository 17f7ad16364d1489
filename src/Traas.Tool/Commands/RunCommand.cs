using System.Security.Cryptography;
using Traas.Tool.Config;
using Traas.Tool.GitHub;
using Traas.Tool.OpenStack.Templates;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>
/// `traas-ci run`: checks the options and builds the run's request, then hands it to <see cref="JobRun"/>.
/// </summary>
internal static class RunCommand
{
    /// <summary>The most stacks --attempts may try for NODE_FAILURE.</summary>
    private const int MaxAttempts = 10;

    /// <summary>The most reruns --retry-infra may ask for: each is a whole job on a new stack.</summary>
    private const int MaxInfraRetries = 5;

    public static async Task<int> RunAsync(RunOptions options, PipelineContext context, ILogger log,
        CancellationToken cancel)
    {
        // Everything that can be wrong in the input is found before a stack exists.
        var name = options.Name ?? DefaultName();
        Check(options, name);
        var keep = KeepPolicies.Parse(options.Keep);
        var reportAs = ReportAsNames.Parse(options.ReportAs);
        var fingerprints = KnownFailures.LoadWithShipped(options.KnownFailures ?? KnownFailures.StarterFile);
        var commentAuthor = PublishCommand.CommentAuthor(options.CommentAuthor, context.Settings);
        var github = GitHubContext.FromEnvironment(context.Environment) is { } found
            ? found with { CommentAuthor = commentAuthor }
            : null;
        var environments = IEnvironmentOptions.Resolve(options.Environments, options.Template);
        var changes = await ChangesAsync(options, github, log, cancel).ConfigureAwait(false);
        List<RunParameter> own = [];
        if (changes.ZuulChanges.Count > 0)
            own.Add(new("zuul_changes", string.Join('^', changes.ZuulChanges), "--zuul-changes or Depends-On", true));
        if (changes.CiChanges.Count > 0)
            own.Add(new("ci_changes", string.Join('^', changes.CiChanges), "--ci-changes or Depends-On", true));
        if (options.Given.Contains("gerrit-url"))
            own.Add(new("gerrit_url", options.GerritUrl.TrimEnd('/'), "--gerrit-url"));
        if (options.TociJobType is { } jobType)
            own.Add(new("toci_jobtype", jobType, "--toci-jobtype"));
        // Processed once (templates, files, environments); each attempt only renames the stack.
        var stack = StackRequest.Build(name, options.Template, environments, [.. options.Parameters],
            [.. options.ParameterFiles], options.Timeout, options.AllTags, own);
        var request = new RunRequest
        {
            Stack = stack,
            BaseName = name,
            Attempts = options.Attempts,
            InfraRetries = options.RetryInfra,
            Keep = keep,
            Providers = options.Providers(),
            CapacityTimeout = options.CapacityWait(),
            HoldFor = TimeSpan.FromHours(options.HoldHours),
            HoldScope = new Hold(default(DateTimeOffset))
            {
                PullRequest = github is { PullRequest: { } pr } ? $"{github.Owner}/{github.Repository}#{pr}" : null,
                Branch = github is { PullRequest: null } ? github.RefName : null,
                JobType = options.TociJobType,
                Run = github?.RunUrl,
            },
            JobType = options.TociJobType,
            SshUser = options.SshUser,
            SshPort = options.SshPort,
            HostKey = options.HostKey,
            KnownHosts = Path.GetFullPath(options.KnownHosts ?? context.Settings.DefaultKnownHosts),
            KeyFile = options.SshKey is null ? null : Path.GetFullPath(options.SshKey),
            Collect = [.. options.Collect],
            OutDir = Path.GetFullPath(options.Out),
            StatePath = options.StatePath(),
            RawLogFolder = context.Settings.RawLogFolder,
            JobTimeoutMinutes = options.JobTimeout,
            ConnectTimeoutMinutes = options.ConnectTimeout,
            CollectTimeoutMinutes = options.CollectTimeout,
            CollectLimits = options.Limits(options.Given),
            ReportAs = reportAs,
            Hosting = options.Hosting(context),
            ConsoleUrl = options.ConsoleUrl,
            Publish = !options.NoPublish,
            KnownFailures = fingerprints,
            Baseline = options.Source(),
        };
        var result = await new JobRun(context, log).RunAsync(request, github, cancel).ConfigureAwait(false);
        return result.ExitCode();
    }

    /// <summary>The changes given by hand, and those the pull request's Depends-On lines name.</summary>
    private static async Task<JobChanges> ChangesAsync(RunOptions options, GitHubContext? github, ILogger log,
        CancellationToken cancel)
    {
        static IEnumerable<string> Split(IEnumerable<string> values) =>
            values.SelectMany(v => v.Split('^',
                StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var byHand = new JobChanges([.. Split(options.ZuulChanges)], [.. Split(options.CiChanges)]);
        if (!Uri.TryCreate(options.GerritUrl.TrimEnd('/') + "/", UriKind.Absolute, out var gerrit)
            || gerrit.Scheme is not ("https" or "http"))
        {
            throw new TraasException(ExitCodes.BadInput, $"--gerrit-url {options.GerritUrl}: give an http(s) URL");
        }
        if (github is not { PullRequest: not null } || options.NoDependsOn)
            return byHand;
        var found = await DependsOnResolver.ForPullRequestAsync(github, gerrit, log, cancel).ConfigureAwait(false);
        return JobChanges.Before(found, byHand);
    }

    private static void Check(RunOptions options, string name)
    {
        options.CheckStack(name);
        if (!(options.HoldHours is >= 0 and <= 24 * 365))
        {
            throw new TraasException(ExitCodes.BadInput,
                $"--hold-hours {options.HoldHours.ToString(CultureInfo.InvariantCulture)}: give hours from 0 to "
                    + "8760 (a year)");
        }
        if (options.Attempts is < 1 or > MaxAttempts)
            throw new TraasException(ExitCodes.BadInput, $"--attempts {options.Attempts}: give 1 to {MaxAttempts}");
        if (options.RetryInfra is < 0 or > MaxInfraRetries)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"--retry-infra {options.RetryInfra}: give 0 (no retry) to {MaxInfraRetries}");
        }
        OptionChecks.Minutes("--job-timeout", options.JobTimeout);
        OptionChecks.Minutes("--connect-timeout", options.ConnectTimeout);
        OptionChecks.Minutes("--collect-timeout", options.CollectTimeout);
        if (options.SshPort is { } port)
            OptionChecks.Port("--ssh-port", port);
        if (options.HostKey is { } hostKey)
            OptionChecks.HostKey("--host-key", hostKey);
    }

    private static string DefaultName() =>
        $"traas-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}";
}
