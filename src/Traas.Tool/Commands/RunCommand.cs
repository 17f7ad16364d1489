using System.Globalization;
using System.Security.Cryptography;
using Serilog;
using Traas.Tool.Cli;
using Traas.Tool.OpenStack;
using Traas.Tool.OpenStack.Templates;
using Traas.Tool.Pipeline;
using Traas.Tool.Publishing;
using Traas.Tool.Waiting;

namespace Traas.Tool.Commands;

/// <summary>
/// `traas-ci run`: provision (trying a new stack on NODE_FAILURE, up to --attempts), wait, collect,
/// report, then tear down per --keep. SIGINT or SIGTERM stops the wait, collects what is there,
/// reports it, tears down per --keep and exits 130. Publishing to GitHub comes with `publish`.
/// </summary>
internal static class RunCommand
{
    /// <summary>After a cancel, collecting gets at most this long: the runner kills the process soon after.</summary>
    private static readonly TimeSpan CancelledCollectBudget = TimeSpan.FromMinutes(1);

    public static async Task<int> RunAsync(RunOptions options, CliContext context, ILogger log)
    {
        var keep = KeepPolicies.Parse(options.Keep);
        var reportAs = PublishCommand.ParseReportAs(options.ReportAs);
        var fingerprints = KnownFailures.Load(options.KnownFailures ?? KnownFailures.StarterFile);
        var github = GitHubContext.FromEnvironment(context.Environment);
        Check(options);
        // Everything that can be wrong in the input is found before a stack exists.
        using var key = SshKey.Load(options.SshKey, context.Environment);
        var baseName = options.Name ?? DefaultName();
        var environments = options.Environments.Any() ? options.Environments.ToList() : DefaultEnvironments(options.Template);
        var parameters = options.Parameters.ToList();
        if (options.TociJobType is { } jobType)
            parameters.Add($"toci_jobtype={jobType}");
        // Processed once (templates, files, environments); each attempt only renames the stack.
        var template = StackRequest.Build(baseName, options.Template, environments, parameters, [.. options.ParameterFiles], options.Timeout,
            ["traas-ci", .. options.Tags]);

        using var cloud = CloudConnection.Open(options, context, log);
        var heat = new HeatClient(cloud);
        var teardown = new TeardownStage(heat, log, ProvisionCommand.PollInterval(context));
        var steps = new JobSteps(context, log, options.StatePath);
        var cancel = context.CancellationToken;

        for (var attempt = 1; ; attempt++)
        {
            var name = attempt == 1 ? baseName : $"{baseName}-attempt{attempt}";
            var request = template.DeepClone().AsObject();
            request["stack_name"] = name;
            JobResult result;
            Stack? stack = null;
            // The only stack this attempt may delete: the one whose ID Heat's create answer gave it.
            // A refused create (the name is taken) or an interrupted one leaves it null.
            string? created = null;
            // Written before the create request, so that a state file of an earlier run in the same
            // folder cannot send a later teardown (action.yml's always() step) to that run's stack.
            CreatingState(options, keep, name).Save(options.StatePath);
            try
            {
                if (attempt > 1)
                    log.Warning("attempt {Attempt} of {Attempts}: provisioning a new stack {StackName}", attempt, options.Attempts, name);
                var provision = new ProvisionStage(heat, log, ProvisionCommand.PollInterval(context));
                stack = await provision.RunAsync(request, id =>
                {
                    created = id;
                    (CreatingState(options, keep, name) with { StackId = id }).Save(options.StatePath);
                }, cancel).ConfigureAwait(false);
                var state = NewState(options, keep, stack, context);
                state.Save(options.StatePath);
                result = await FollowJobAsync(steps, state, options.SshKey, log, cancel).ConfigureAwait(false);
                if (github is not null && File.Exists(Path.Combine(options.Out, ReportStage.JUnitFile)))
                {
                    log.Information("publishing to {Target}", github);
                    await new PublishStage(github, context, log).RunAsync(JobArtifacts.Load(options.Out), fingerprints, reportAs, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (TraasException e) when (e.ExitCode == ExitCodes.NodeFailure)
            {
                log.Error("{Message}", e.Message);
                result = JobResult.NodeFailure;
                if (attempt < options.Attempts)
                {
                    await TearDownAsync(teardown, created, KeepPolicy.Never, result, log).ConfigureAwait(false);
                    continue;
                }
                if (github is not null)
                    log.Warning("nothing to publish to {Target}: the job never started, so there is no report", github);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                log.Warning("cancelled while the stack was being created");
                result = JobResult.Cancelled;
            }
            catch (TraasException e)
            {
                // A refused host key, a key the node refuses, a cloud that stops answering: the stack
                // is still torn down per --keep (as a failure) before the error is reported. A refused
                // create (a taken name) created nothing, so nothing is deleted.
                var teardownKept = await TearDownAsync(teardown, created, keep, JobResult.Failed, log).ConfigureAwait(false);
                MarkEnded(options.StatePath, created, teardownKept, JobResult.Failed);
                throw new TraasException(e.ExitCode, e.Message, e);
            }
            var kept = await TearDownAsync(teardown, created, keep, result, log).ConfigureAwait(false);
            MarkEnded(options.StatePath, created, kept, result);
            log.Information("result: {Result} (exit {Exit})", result.Label(), result.ExitCode());
            return result.ExitCode();
        }
    }

    /// <summary>The state of an attempt before Heat has answered its create request.</summary>
    private static RunState CreatingState(RunOptions options, KeepPolicy keep, string name) => new()
    {
        Stage = "creating",
        StackName = name,
        Cloud = options.Cloud,
        Region = options.Region,
        Keep = keep.Name(),
        OutDir = Path.GetFullPath(options.Out),
    };

    private static void MarkEnded(string statePath, string? created, bool kept, JobResult result)
    {
        var state = RunState.Load(statePath, needsNode: false);
        var stage = created is null ? "nothing-created" : kept ? "kept" : "deleted";
        (state with { Stage = stage, Result = result.Label() }).Save(statePath);
    }

    /// <summary>Wait, collect and report on a provisioned stack; a cancel still collects and reports what is there.</summary>
    internal static async Task<JobResult> FollowJobAsync(JobSteps steps, RunState state, string? keyFile, ILogger log, CancellationToken cancel)
    {
        using var session = steps.OpenSession(state, keyFile);
        WaitResult? wait = null;
        try
        {
            (state, wait) = await steps.WaitAsync(state, session, cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            log.Warning("cancelled: collecting what the job has written so far, then tearing down");
            state = RunState.Load(steps.StatePath);
        }
        (state, var collect) = await steps.CollectAsync(state, session, wait is null ? CancelledCollectBudget : null, CancellationToken.None).ConfigureAwait(false);
        var result = wait is null ? JobResult.Cancelled : JobResults.Classify(wait, collect);
        state = state with { Result = result.Label() };
        if (File.Exists(steps.LocalLog(state)))
            await steps.ReportAsync(state, CancellationToken.None).ConfigureAwait(false);
        else
            log.Warning("no traas.log to report on: the job wrote nothing before the run stopped");
        return result;
    }

    /// <param name="stack">The ID of the stack this run created, or null when it created none.</param>
    /// <returns>Whether the stack was kept.</returns>
    private static async Task<bool> TearDownAsync(TeardownStage teardown, string? stack, KeepPolicy keep, JobResult result, ILogger log)
    {
        if (stack is null)
        {
            log.Information("this run created no stack: nothing to tear down");
            return false;
        }
        var failed = result is not (JobResult.Passed or JobResult.Cancelled);
        if (keep == KeepPolicy.Always || keep == KeepPolicy.OnFailure && failed)
        {
            log.Warning("keeping stack {StackName} (--keep {Keep}); delete it with `traas-ci delete {StackName}`", stack, keep.Name(), stack);
            return true;
        }
        try
        {
            // Not the run's token: a cancelled run must still delete what it made.
            if (!await teardown.DeleteAsync(stack, wait: true, TimeSpan.FromMinutes(30), CancellationToken.None).ConfigureAwait(false))
                log.Information("stack {StackName} is already gone", stack);
        }
        catch (TraasException e)
        {
            log.Error("could not delete stack {StackName}: {Message}; delete it with `traas-ci delete {StackName}`", stack, e.Message, stack);
        }
        return false;
    }

    private static RunState NewState(RunOptions options, KeepPolicy keep, Stack stack, CliContext context)
    {
        var target = UndercloudTarget.FromOutputs(stack.Id, stack.Outputs, options.SshUser, options.SshPort);
        return new RunState
        {
            Stage = "provisioned",
            StackName = stack.Name,
            StackId = stack.Id,
            Cloud = options.Cloud,
            Region = options.Region,
            JobType = options.TociJobType ?? stack.Outputs.GetValueOrDefault("toci_jobtype")?.ToString() ?? "traas job",
            Host = target.Host,
            Port = target.Port,
            User = target.User,
            LogPath = target.LogPath,
            MarkerPath = target.MarkerPath,
            KeyFile = options.SshKey is null ? null : Path.GetFullPath(options.SshKey),
            KnownHosts = Path.GetFullPath(options.KnownHosts ?? JobSteps.DefaultKnownHosts(context.Environment)),
            HostKey = options.HostKey,
            Keep = keep.Name(),
            Collect = [.. options.Collect],
            OutDir = Path.GetFullPath(options.Out),
            JobTimeoutMinutes = options.JobTimeout,
            ConnectTimeoutMinutes = options.ConnectTimeout,
            CollectTimeoutMinutes = options.CollectTimeout,
        };
    }

    private static void Check(RunOptions options)
    {
        if (options.Attempts < 1)
            throw new TraasException(ExitCodes.BadInput, $"--attempts {options.Attempts}: give 1 or more");
        foreach (var (name, value) in new[] { ("--job-timeout", options.JobTimeout), ("--connect-timeout", options.ConnectTimeout), ("--collect-timeout", options.CollectTimeout) })
        {
            if (!(value > 0))
                throw new TraasException(ExitCodes.BadInput, $"{name} {value.ToString(CultureInfo.InvariantCulture)}: give a number of minutes above 0");
        }
    }

    private static List<string> DefaultEnvironments(string template)
    {
        var registry = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(template))!, "traas-resource-registry.yaml");
        return File.Exists(registry) ? [registry] : [];
    }

    private static string DefaultName() =>
        $"traas-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}";
}
