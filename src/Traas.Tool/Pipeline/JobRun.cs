using Renci.SshNet;
using Traas.Reporting.Model;
using Traas.Tool.GitHub;
using Traas.Tool.OpenStack;
using Traas.Tool.Ssh;

namespace Traas.Tool.Pipeline;

/// <summary>
/// The orchestrator of a run: provision (a new stack on NODE_FAILURE, up to the attempts), wait,
/// collect, report, publish (with a GitHub context), then tear down per --keep; an infrastructure
/// failure of the job is reported, published and run again on a new stack (--retry-infra). Stages
/// never call each other; this class runs them in order and records each step in the state file.
/// SIGINT or SIGTERM stops the wait, collects what is there, reports it, tears down and ends CANCELLED.
/// </summary>
internal sealed partial class JobRun(PipelineContext context, ILogger log)
{
    /// <summary>After a cancel, collecting gets at most this long: the runner kills the process soon after.</summary>
    private static readonly TimeSpan CancelledCollectBudget = TimeSpan.FromMinutes(1);

    /// <summary>The job type of a run whose stack names none (no --toci-jobtype, no toci_jobtype output).</summary>
    private const string UnnamedJob = "traas job";

    public async Task<JobResult> RunAsync(RunRequest request, GitHubContext? github, CancellationToken cancel)
    {
        // Loaded before a stack exists, so that a wrong key costs nothing.
        using var key = SshKey.Load(request.KeyFile, context.Settings);
        new HostKeyPolicy(request.KnownHosts, request.HostKey).CheckUsable();
        using var pool = new ProviderPool(context, request.Providers, log);
        var refused = new Dictionary<Provider, string>();
        List<string> tried = [];
        var start = 0;
        var infraRetries = 0;
        for (var attempt = 1; ; attempt++)
        {
            var name = attempt == 1 ? request.BaseName : $"{request.BaseName}-attempt{attempt}";
            Provider? provider;
            try
            {
                provider = await pool.AcquireAsync(request.JobType, start, refused, request.CapacityTimeout, cancel)
                    .ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                // Cancelled before a stack exists (or while waiting for room): still reported and published.
                log.Warning("cancelled before a stack was created");
                var none = Creating(request, name, null, github, attempt) with { Tried = [.. tried] };
                return (await EndAsync(request, github,
                    new Attempt(JobResult.Cancelled, none, "the run was cancelled before its stack was created"),
                    null).ConfigureAwait(false)).Result;
            }
            TeardownStage? teardown = null;
            Attempt ended;
            if (provider is null)
            {
                ended = new Attempt(JobResult.NoCapacity, Creating(request, name, null, github, attempt) with
                {
                    Tried = [.. tried],
                }, pool.GaveUp);
            }
            else
            {
                var (heat, follower) = CloudConnection.Heat(context, pool.Session(provider), log);
                teardown = new TeardownStage(heat, follower, log);
                // Written before the create request, so that a state file of an earlier run in the same
                // folder cannot send a later teardown (action.yml's always() step) to that run's stack.
                var state = Creating(request, name, provider, github, attempt) with { Tried = [.. tried] };
                state.Save(request.StatePath);
                ended = await AttemptAsync(request, state, key, new ProvisionStage(heat, follower, log), cancel)
                    .ConfigureAwait(false);
                if (ended.NoRoom is { } why)
                {
                    // No room is the cloud's state, not the job's: it costs no attempt.
                    refused[provider] = why;
                    var line = $"{provider}: no room: {why.Split('\n')[0]}";
                    if (!tried.Contains(line))
                        tried.Add(line);
                    await TearDownAsync(teardown, ended.State, KeepPolicy.Never, ended.Result).ConfigureAwait(false);
                    log.Warning("provider {Provider} has no room; trying the next provider that serves the job",
                        provider.ToString());
                    attempt--;
                    continue;
                }
                refused.Clear();
                if (ended.Result == JobResult.NodeFailure && ended.Error is null && attempt < request.Attempts)
                {
                    // The reason begins "NODE_FAILURE: " (a failed stack, a node that never answered): said once.
                    var failure = ended.Reason?.Split('\n')[0] ?? "";
                    var said = failure.StartsWith("NODE_FAILURE", StringComparison.Ordinal);
                    tried.Add($"{provider}: {(said ? "" : "NODE_FAILURE: ")}{failure}");
                    await TearDownAsync(teardown, ended.State, KeepPolicy.Never, ended.Result).ConfigureAwait(false);
                    // The next attempt goes to the next provider that serves the job type.
                    start = After(pool, request.JobType, provider);
                    log.Warning("attempt {Attempt} of {Attempts}: provisioning a new stack {StackName}",
                        attempt + 1, request.Attempts, $"{request.BaseName}-attempt{attempt + 1}");
                    continue;
                }
            }
            // Only a job that ran and failed may have failed for the infrastructure.
            var mayRetry = provider is not null && ended is { Result: JobResult.Failed, Error: null }
                && infraRetries < request.InfraRetries;
            var end = await EndAsync(request, github, ended, teardown, mayRetry).ConfigureAwait(false);
            if (end.RetriedFor is not { } infra)
                return end.Result;
            infraRetries++;
            tried.Add($"{provider}: {infra} (stack {ended.State.StackName}, run again)");
            start = After(pool, request.JobType, provider!);
            log.Warning("{Failure}: running the job again on a new stack {StackName} (retry {Retry} of "
                + "--retry-infra {Retries})", infra, $"{request.BaseName}-attempt{attempt + 1}", infraRetries,
                request.InfraRetries);
        }
    }

    /// <summary>Where the next attempt's search starts: the provider after this one that serves the job type.</summary>
    private static int After(ProviderPool pool, string? jobType, Provider provider) =>
        pool.Serving(jobType).ToList().IndexOf(provider) + 1;

    /// <summary>
    /// Every run reports and publishes, however it ended: a stack that never came up, a misconfigured
    /// job, no provider with room and a cloud that stopped answering are said on the pull request too.
    /// </summary>
    /// <param name="mayRetry">
    /// Whether an infrastructure failure of this attempt is run again: then it is reported and published,
    /// its stack deleted whatever --keep says, and its artifacts moved to their own folder.
    /// </param>
    private async Task<Ending> EndAsync(RunRequest request, GitHubContext? github, Attempt ended,
        TeardownStage? teardown, bool mayRetry = false)
    {
        var keeps = ended.State.StackId is not null && request.Keep.Keeps(ended.Result);
        // A failure that may be run again is held only once the report has found it is the job's own.
        var (final, report, kept) = await ReportAttemptAsync(request, ended, teardown, keeps && !mayRetry)
            .ConfigureAwait(false);
        var retriedFor = mayRetry && report.Classification is { IsInfra: true } infra ? infra.Headline : null;
        if (mayRetry && retriedFor is null && keeps)
            (final, report, kept) = await ReportAttemptAsync(request, ended, teardown, true).ConfigureAwait(false);
        if (retriedFor is not null)
        {
            final = final with { Retried = true };
            final.Save(request.StatePath);
        }
        // The job's name in artifact names and Swift prefixes, where a blank would not do.
        var job = final.JobType.Length > 0 ? final.JobType : "traas-job";
        if (request.Baseline is { } baseline && NewLinesStage.Compares(ended.Result, final.LocalLog))
        {
            await new NewLinesStage(context, log).RunAsync(baseline, job, github, request.OutDir,
                CancellationToken.None).ConfigureAwait(false);
        }
        var console = request.ConsoleUrl;
        string? hostedConsole = null;
        if (request.Hosting?.For(final, request.Providers) is { } hosting)
        {
            var prefix = SwiftHosting.Prefix(github, job, final.StackName, context.Time.GetUtcNow());
            var hosted = await new HostStage(context, log)
                .RunAsync(hosting, prefix, request.OutDir, CancellationToken.None)
                .ConfigureAwait(false);
            hostedConsole = hosted?.Console;
            console = hostedConsole ?? console;
            if (hosted is not null)
                log.Information("console page: {Console}", hosted.Console);
        }
        if (github is not null && request.Publish)
            await PublishAsync(request, github, console).ConfigureAwait(false);
        // A refused host key, a key the node refuses, a cloud that stops answering: the stack is
        // still torn down per --keep before the error is reported. A refused create (a taken name)
        // created nothing, so nothing is deleted.
        kept = teardown is not null && await TearDownAsync(teardown, final,
            retriedFor is null ? request.Keep : KeepPolicy.Never, ended.Result).ConfigureAwait(false);
        var stage = final.StackId is null ? RunStage.NothingCreated : kept ? RunStage.Kept : RunStage.Deleted;
        (final with { Stage = stage, ConsoleUrl = hostedConsole }).Save(request.StatePath);
        if (ended.Error is not null)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ended.Error);
        LogResult(ended.Result, ended.Reason, report, request.OutDir);
        if (retriedFor is not null)
            KeepAttemptArtifacts(request, final.Attempt);
        return new Ending(ended.Result, retriedFor);
    }

    /// <summary>
    /// Holds the stack when <paramref name="kept"/> (before the report: the summary and the comment say
    /// until when), records the result and reports.
    /// </summary>
    private async Task<(RunState Final, JobReport Report, bool Kept)> ReportAttemptAsync(RunRequest request,
        Attempt ended, TeardownStage? teardown, bool kept)
    {
        var final = ended.State with
        {
            Result = ended.Result,
            Reason = ended.Reason,
            HoldUntil = kept ? ended.State.HoldUntil : null,
        };
        if (kept && teardown is not null && final.HoldUntil is not null && ended.Result != JobResult.Cancelled)
            final = await HoldAsync(request, final, teardown).ConfigureAwait(false);
        final.Save(request.StatePath);
        var report = await ReportAsync(request.StatePath, final, Verdict(ended),
            Config.KnownFailures.Patterns(request.KnownFailures), RunNotes.For(final, kept), CancellationToken.None)
            .ConfigureAwait(false);
        return (final, report, kept);
    }

    /// <summary>How an attempt ended: its result, and the infrastructure failure it is run again for.</summary>
    private sealed record Ending(JobResult Result, string? RetriedFor = null);

    /// <summary>
    /// How an attempt ended: its result, why when the job's own log cannot say it, and an error that ends the run.
    /// </summary>
    private sealed record Attempt(JobResult Result, RunState State, string? Reason = null,
        TraasException? Error = null)
    {
        /// <summary>
        /// The cloud's capacity refusal, when that is how the attempt ended: another provider may run it.
        /// </summary>
        public string? NoRoom { get; init; }
    }

    /// <summary>
    /// One stack: provision and follow the job. A failure of the node is a result; any other expected
    /// failure is returned for the caller to report and tear down before it goes on.
    /// </summary>
    private async Task<Attempt> AttemptAsync(RunRequest request, RunState state, PrivateKeyFile key,
        ProvisionStage provision, CancellationToken cancel)
    {
        try
        {
            // Processed once for the run; each attempt only gives it its own name.
            var stackRequest = request.Stack.DeepClone().AsObject();
            stackRequest["stack_name"] = state.StackName;
            var tags = (string?)stackRequest["tags"];
            stackRequest["tags"] = string.Join(',', new[] { tags, state.RunTag }
                .Concat(state.HoldUntil is { } until ? (request.HoldScope with { Until = until }).Tags() : [])
                .Where(t => !string.IsNullOrEmpty(t)));
            var stack = await provision.RunAsync(stackRequest, id =>
            {
                // From here on the stack is the run's, and the state says so before anything else happens.
                state = state with { Stage = RunStage.Created, StackId = id };
                state.Save(request.StatePath);
            }, cancel).ConfigureAwait(false);
            state = Provisioned(request, state, stack);
            state.Save(request.StatePath);
            var (result, followed, reason) = await FollowJobAsync(request.StatePath, state, key, cancel)
                .ConfigureAwait(false);
            return new Attempt(result, followed, reason);
        }
        catch (TraasException e) when (e.ExitCode == ExitCodes.NoCapacity)
        {
            log.Warning("{Message}", e.Message);
            return new Attempt(JobResult.NoCapacity, state, e.Message) { NoRoom = e.Message };
        }
        catch (TraasException e) when (e.ExitCode == ExitCodes.NodeFailure)
        {
            log.Error("{Message}", e.Message);
            // A quota or no valid host in a resource's reason: the stack failed for room, not for its node.
            return new Attempt(JobResult.NodeFailure, state, e.Message)
            {
                NoRoom = CapacityRefusal.Find(e.Message) is null ? null : e.Message,
            };
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            log.Warning("cancelled while the stack was being created");
            return new Attempt(JobResult.Cancelled, state, "the run was cancelled while the stack was being created");
        }
        catch (TraasException e)
        {
            return new Attempt(RunVerdicts.ForError(e), state, e.Message, e);
        }
    }

    private static RunVerdict? Verdict(Attempt ended) =>
        ended.Reason is { } reason ? RunVerdicts.For(ended.Result, reason) : null;

    private async Task PublishAsync(RunRequest request, GitHubContext github, string? console)
    {
        log.Information("publishing to {Target}", github);
        try
        {
            var artifacts = JobArtifacts.Load(request.OutDir);
            await new PublishStage(context, github, log, console).RunAsync(artifacts, request.KnownFailures,
                request.ReportAs,
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Publishing never changes the job's result, and never keeps the stack from its teardown: an
            // artifact that cannot be read, or a fault of our own, is a warning too.
            log.Warning("could not publish: {Message}", e is TraasException ? e.Message : $"{e.GetType().Name}: "
                + e.Message);
        }
    }

    /// <summary>
    /// The run's last lines, what a reader of the job's log sees first: the result, the failing tasks
    /// with the first line of their message, and where the artifacts are.
    /// </summary>
    private void LogResult(JobResult result, string? reason, JobReport report, string outDir)
    {
        log.Information("result: {Result} (exit {Exit}){Reason}", result.Label(), result.ExitCode(),
            reason is null ? "" : $": {reason.Split('\n')[0]}");
        foreach (var failure in report.Failures.Take(5))
        {
            log.Information("  failing: {Task} on {Host}: {Message} ({Console}#L{Line})", failure.Task, failure.Host,
                failure.Message.Split('\n')[0], ArtifactFiles.Console, failure.Line);
        }
        if (report.FailedTaskCount > 5)
            log.Information("  ... and {Count} more failing tasks (summary.md)", report.FailedTaskCount - 5);
        log.Information("artifacts: {Folder} ({Console}, {Summary}, {JUnit}, {Log})", outDir, ArtifactFiles.Console,
            ArtifactFiles.Summary, ArtifactFiles.JUnit, ArtifactFiles.Log);
    }

    /// <returns>Whether the stack was kept.</returns>
    private async Task<bool> TearDownAsync(TeardownStage teardown, RunState state, KeepPolicy keep, JobResult result)
    {
        if (state.StackId is not { } stack)
        {
            log.Information("this run created no stack: nothing to tear down");
            return false;
        }
        if (keep.Keeps(result))
        {
            log.Warning("keeping stack {StackName} (--keep {Keep}); delete it with `traas-ci delete {StackName}`",
                stack, keep.Name(), stack);
            return true;
        }
        try
        {
            // Not the run's token: a cancelled run must still delete what it made.
            if (!await teardown.DeleteAsync(stack, wait: true, TimeSpan.FromMinutes(30), CancellationToken.None)
                .ConfigureAwait(false))
            {
                log.Information("stack {StackName} is already gone", stack);
            }
        }
        catch (TraasException e)
        {
            log.Error("could not delete stack {StackName}: {Message}; delete it with `traas-ci delete {StackName}`",
                stack, e.Message, stack);
        }
        return false;
    }

    private RunState Creating(RunRequest request, string name, Provider? provider, GitHubContext? github,
        int attempt)
    {
        var tag = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
        var latestEnd = TimeSpan.FromMinutes(request.JobTimeoutMinutes + request.CollectTimeoutMinutes);
        return new RunState
        {
            Stage = provider is null ? RunStage.NothingCreated : RunStage.Creating,
            StackName = name,
            Attempt = attempt,
            RunTag = "traas-run-" + tag,
            Cloud = provider?.Cloud,
            Region = provider?.Region,
            Keep = request.Keep,
            OutDir = request.OutDir,
            // The latest the job can end, plus the hold: a held stack is kept at least --hold-hours after the job.
            HoldUntil = request.Keep == KeepPolicy.Never
                ? null
                : context.Time.GetUtcNow() + latestEnd + request.HoldFor,
        };
    }

    private static RunState Provisioned(RunRequest request, RunState state, Stack stack)
    {
        var target = UndercloudTarget.FromOutputs(stack.Id, stack.Outputs, request.SshUser, request.SshPort);
        return state with
        {
            Stage = RunStage.Provisioned,
            StackName = stack.Name,
            StackId = stack.Id,
            JobType = request.JobType ?? stack.Outputs.GetValueOrDefault("toci_jobtype")?.ToString() ?? UnnamedJob,
            Host = target.Host,
            Port = target.Port,
            User = target.User,
            LogPath = target.LogPath,
            MarkerPath = target.MarkerPath,
            RawLog = Path.Combine(request.RawLogFolder, $"{stack.Id}.log"),
            KeyFile = request.KeyFile,
            KnownHosts = request.KnownHosts,
            HostKey = request.HostKey,
            Collect = request.Collect,
            JobTimeoutMinutes = request.JobTimeoutMinutes,
            ConnectTimeoutMinutes = request.ConnectTimeoutMinutes,
            CollectTimeoutMinutes = request.CollectTimeoutMinutes,
            CollectLimits = request.CollectLimits,
        };
    }
}
