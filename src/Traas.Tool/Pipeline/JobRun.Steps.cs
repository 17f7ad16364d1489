using Renci.SshNet;
using Traas.Tool.Model;
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
    public async Task<bool> ResumeCollectAsync(string statePath, string? keyFile, CancellationToken cancel)
    {
        var state = RunState.Load(statePath);
        using var key = SshKey.Load(keyFile ?? state.KeyFile, context.Settings);
        using var session = OpenSession(state, key);
        var (_, collect) = await CollectAsync(statePath, state, session, null, cancel).ConfigureAwait(false);
        return !collect.Failed;
    }

    /// <summary>
    /// Wait, collect and report on a provisioned stack; a cancel still collects and reports what is there.
    /// </summary>
    private async Task<(JobResult Result, RunState State)> FollowJobAsync(string statePath, RunState state,
        PrivateKeyFile key, CancellationToken cancel)
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
        var result = wait is null ? JobResult.Cancelled : Classify(wait, collect);
        state = state with { Result = result };
        if (File.Exists(state.LocalLog))
            await ReportAsync(statePath, state, CancellationToken.None).ConfigureAwait(false);
        else
            log.Warning("no traas.log to report on: the job wrote nothing before the run stopped");
        return (result, state);
    }

    /// <summary>
    /// The job's own result first (its exit status, or TIMED_OUT); a failed collect turns only a
    /// pass into POST_FAILURE, since a failed job's failure is the more useful thing to say.
    /// </summary>
    private static JobResult Classify(WaitResult wait, CollectResult? collect) =>
        wait.ExitStatus switch
        {
            null => JobResult.TimedOut,
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
            TimeSpan.FromMinutes(state.ConnectTimeoutMinutes), context.Settings.LogPollInterval);
        current.Save(statePath);
        var cursor = new LogCursor(state.LogOffset);
        var lastSaved = DateTime.UtcNow;
        WaitResult result;
        try
        {
            var stage = new WaitStage(session, context.Runner.LiveLog(), log, settings, context.Time);
            result = await stage.RunAsync(cursor, state.LocalLog, offset =>
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
        return (current, result);
    }

    /// <summary>Collects within the state's budget; <paramref name="budget"/> shortens it (after a cancel).</summary>
    private async Task<(RunState State, CollectResult Result)> CollectAsync(string statePath, RunState state,
        UndercloudSession session, TimeSpan? budget, CancellationToken cancellationToken)
    {
        var stage = new CollectStage(session, log, TimeSpan.FromMinutes(state.ConnectTimeoutMinutes));
        var globs = state.Collect.Count > 0 ? state.Collect : [CollectStage.DefaultGlob];
        var result = await stage.RunAsync(globs, state.OutDir,
            budget ?? TimeSpan.FromMinutes(state.CollectTimeoutMinutes), cancellationToken).ConfigureAwait(false);
        var current = state with { Stage = result.Failed ? RunStage.CollectFailed : RunStage.Collected };
        current.Save(statePath);
        return (current, result);
    }

    private async Task ReportAsync(string statePath, RunState state, CancellationToken cancellationToken)
    {
        await new ReportStage(log).RunAsync(ReportInput.File(state.LocalLog), state.OutDir,
            new Reporting.ReportOptions { JobName = state.JobType }, cancellationToken).ConfigureAwait(false);
        (state with { Stage = RunStage.Reported }).Save(statePath);
    }
}
