using Renci.SshNet;
using Traas.Reporting.Model;
using Traas.Reporting.Triage;
using Traas.Tool.Ssh;

namespace Traas.Tool.Pipeline;

/// <summary>
/// The steps after provisioning, on a <see cref="RunState"/>: wait, collect and report. `run` takes
/// them in turn; `wait` and `collect` take one each to carry on an interrupted run. Each step records
/// where it got to in the state file.
/// </summary>
internal sealed partial class JobRun
{
    /// <summary>Carries on an interrupted run's wait, at the byte of the log where it stopped.</summary>
    public async Task<JobResult> ResumeWaitAsync(string statePath, string? keyFile, double? jobTimeoutMinutes,
        CancellationToken cancel)
    {
        var state = RunState.Load(statePath);
        if (jobTimeoutMinutes is { } minutes)
            state = state with { JobTimeoutMinutes = minutes };
        using var key = SshKey.Load(keyFile ?? state.KeyFile, context.Settings);
        using var session = OpenSession(state, key);
        if (state.LogOffset > 0)
        {
            log.Information("resuming the wait on stack {StackName} at byte {Offset} of traas.log",
                state.StackName, state.LogOffset);
        }
        var (_, wait) = await WaitAsync(statePath, state, session, cancel).ConfigureAwait(false);
        return Classify(wait, null);
    }

    /// <summary>Carries on an interrupted run's collect; false when collecting failed (POST_FAILURE).</summary>
    public async Task<bool> ResumeCollectAsync(string statePath, string? keyFile,
        Func<CollectLimits, CollectLimits> limits, CancellationToken cancel)
    {
        var state = RunState.Load(statePath);
        state = state with { CollectLimits = limits(state.CollectLimits) };
        using var key = SshKey.Load(keyFile ?? state.KeyFile, context.Settings);
        using var session = OpenSession(state, key);
        var (_, collect) = await CollectAsync(statePath, state, session, null, cancel).ConfigureAwait(false);
        return !collect.Failed;
    }

    /// <summary>
    /// Wait and collect on a provisioned stack; a cancel still collects what is there. The reason is
    /// the run's own explanation of a result the job's log cannot give (a broken marker, a timeout,
    /// a configuration error, a cancel).
    /// </summary>
    private async Task<(JobResult Result, RunState State, string? Reason)> FollowJobAsync(string statePath,
        RunState state, PrivateKeyFile key, CancellationToken cancel)
    {
        using var session = OpenSession(state, key);
        WaitResult? wait = null;
        try
        {
            (state, wait) = await WaitAsync(statePath, state, session, cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            log.Warning("cancelled: collecting what the job has written so far, then tearing down");
            state = RunState.Load(statePath);
        }
        var budget = wait is null ? CancelledCollectBudget : (TimeSpan?)null;
        (state, var collect) = await CollectAsync(statePath, state, session, budget, CancellationToken.None)
            .ConfigureAwait(false);
        if (wait is null)
            return (JobResult.Cancelled, state,
                "the run was cancelled while the job ran; what it had written is reported");
        var result = Classify(wait, collect);
        return (result, state, Reason(result, wait, state));
    }

    private const int KilledByTimeoutStatus = 143;

    /// <summary>Why, for the results the job's log does not explain on its own.</summary>
    private static string? Reason(JobResult result, WaitResult wait, RunState state) => result switch
    {
        JobResult.Failed when wait.MarkerProblem is { } problem => problem,
        // 128 + SIGTERM: what timeout(1), and Zuul's or toci's own timeouts, leave as the job's status.
        JobResult.Failed when wait.ExitStatus == KilledByTimeoutStatus =>
            $"the job exited with status {KilledByTimeoutStatus}: killed by SIGTERM, as a timeout does",
        JobResult.TimedOut =>
            $"the job wrote no exit marker within {Plural.Minutes(state.JobTimeoutMinutes)}; "
                + "it may still run on the undercloud",
        JobResult.ConfigurationError => ConfigurationErrorLine(state.LocalLog)
            ?? $"traas.sh ended with status {TraasScript.ConfigurationErrorStatus} "
                + "(a configuration error) and said no more",
        _ => null,
    };

    /// <summary>traas.sh's one line for a configuration error, from the end of the local log.</summary>
    private static string? ConfigurationErrorLine(string localLog)
    {
        if (!File.Exists(localLog))
            return null;
        using var stream = File.OpenRead(localLog);
        // The line is among the last ones: read a bounded tail, never the whole log.
        stream.Seek(Math.Max(0, stream.Length - 64 * 1024), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        string? found = null;
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith(TraasScript.ConfigurationErrorPrefix, StringComparison.Ordinal))
                found = line.Length > 2000 ? line[..2000] : line;
        }
        return found;
    }

    /// <summary>
    /// The job's own result first (its exit status, or TIMED_OUT); a failed collect turns only a
    /// pass into POST_FAILURE, since a failed job's failure is the more useful thing to say.
    /// </summary>
    private static JobResult Classify(WaitResult wait, CollectResult? collect) =>
        wait.ExitStatus switch
        {
            // An exit marker that is not a number (or not a file) is the job's failure, not a timeout.
            null when wait.MarkerProblem is not null => JobResult.Failed,
            null => JobResult.TimedOut,
            TraasScript.ConfigurationErrorStatus => JobResult.ConfigurationError,
            not 0 => JobResult.Failed,
            _ => collect is { Failed: true } ? JobResult.PostFailure : JobResult.Passed,
        };

    private UndercloudSession OpenSession(RunState state, PrivateKeyFile key)
    {
        var target = new UndercloudTarget(state.StackId!, state.Host, state.Port, state.User, state.LogPath,
            state.MarkerPath);
        var hostKeys = new HostKeyPolicy(state.KnownHosts, state.HostKey);
        hostKeys.CheckUsable();
        return new UndercloudSession(target, key, hostKeys, log);
    }

    private async Task<(RunState State, WaitResult Result)> WaitAsync(string statePath, RunState state,
        UndercloudSession session, CancellationToken cancellationToken)
    {
        var current = state with
        {
            Stage = RunStage.Waiting,
            WaitStarted = state.WaitStarted ?? context.Time.GetUtcNow(),
        };
        // The job timeout counts from the run's first wait: a resumed wait gets what is left of it.
        var left = current.WaitStarted.Value + TimeSpan.FromMinutes(state.JobTimeoutMinutes) - context.Time.GetUtcNow();
        var settings = new WaitSettings(left > TimeSpan.Zero ? left : TimeSpan.Zero,
            TimeSpan.FromMinutes(state.ConnectTimeoutMinutes), context.Settings.LogPollInterval,
            Heartbeat: context.Settings.Heartbeat);
        current.Save(statePath);
        var cursor = new LogCursor(state.LogOffset);
        var lastSaved = DateTime.UtcNow;
        WaitResult result;
        try
        {
            var stage = new WaitStage(session, context.Runner.LiveLog(), log, settings, context.Time,
                context.Secrets.Redactor().ForStream());
            result = await stage.RunAsync(cursor, state.WorkingLog, offset =>
            {
                current = current with { LogOffset = offset };
                // Saved every few seconds while the job runs, and once more however the wait ends.
                if (DateTime.UtcNow - lastSaved > TimeSpan.FromSeconds(5))
                {
                    current.Save(statePath);
                    lastSaved = DateTime.UtcNow;
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            current.Save(statePath);
        }
        await context.Stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        current = current with
        {
            Stage = RunStage.Waited,
            LogOffset = result.LogBytes,
            ExitStatus = result.ExitStatus,
            Result = Classify(result, null),
        };
        current.Save(statePath);
        await PublishLogAsync(current, cancellationToken).ConfigureAwait(false);
        return (current, result);
    }

    /// <summary>
    /// The artifacts' traas.log: the byte-exact working copy with every secret the run knows (and the
    /// shapes of secrets) masked. Written whole, after the wait and after collect brought the log back.
    /// </summary>
    private async Task PublishLogAsync(RunState state, CancellationToken cancellationToken)
    {
        if (File.Exists(state.WorkingLog))
            await RedactedCopy
                .CopyAsync(state.WorkingLog, state.LocalLog, context.Secrets.Redactor(), cancellationToken)
                .ConfigureAwait(false);
    }

    /// <summary>Collects within the state's budget; <paramref name="budget"/> shortens it (after a cancel).</summary>
    private async Task<(RunState State, CollectResult Result)> CollectAsync(string statePath, RunState state,
        UndercloudSession session, TimeSpan? budget, CancellationToken cancellationToken)
    {
        var stage = new CollectStage(session, log, TimeSpan.FromMinutes(state.ConnectTimeoutMinutes),
            state.CollectLimits);
        var globs = state.Collect.Count > 0 ? state.Collect : [CollectStage.DefaultGlob];
        var result = await stage.RunAsync(globs, state.OutDir, state.WorkingLog, context.Secrets.Redactor(),
            budget ?? TimeSpan.FromMinutes(state.CollectTimeoutMinutes), cancellationToken).ConfigureAwait(false);
        var current = state with { Stage = result.Failed ? RunStage.CollectFailed : RunStage.Collected };
        await PublishLogAsync(current, CancellationToken.None).ConfigureAwait(false);
        current.Save(statePath);
        return (current, result);
    }

    /// <summary>
    /// The report stage on the run's local traas.log, or on no log at all when the job never wrote
    /// one (the stack never came up, a cancel before it did): then the verdict says why.
    /// </summary>
    private async Task<JobReport> ReportAsync(string statePath, RunState state, RunVerdict? verdict,
        IReadOnlyList<FailurePattern> patterns, IReadOnlyList<string> notes, CancellationToken cancellationToken)
    {
        var hasLog = File.Exists(state.LocalLog);
        if (!hasLog)
            log.Warning("no traas.log to report on: the job wrote nothing before the run stopped");
        var options = new Reporting.ReportOptions
        {
            JobName = state.JobType.Length > 0 ? state.JobType : "traas job",
            RunVerdict = verdict,
            FailurePatterns = patterns,
            RunNotes = notes,
            Redactor = context.Secrets.Redactor(),
            SubunitFiles = Reporting.Subunit.SubunitFiles.Find(Path.Combine(state.OutDir, ArtifactFiles.LogsFolder)),
        };
        var input = hasLog ? ReportInput.File(state.LocalLog) : ReportInput.Empty;
        var report = await new ReportStage(log).RunAsync(input, state.OutDir, options, cancellationToken)
            .ConfigureAwait(false);
        (state with { Stage = RunStage.Reported }).Save(statePath);
        return report;
    }
}
