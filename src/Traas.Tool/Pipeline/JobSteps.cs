using Serilog;
using Traas.Reporting.Model;
using Traas.Tool.Cli;
using Traas.Tool.Waiting;

namespace Traas.Tool.Pipeline;

/// <summary>
/// The stages after provisioning, on a <see cref="RunState"/>: wait, collect and report. `run` calls
/// them in turn; `wait` and `collect` call one each to carry on an interrupted run. Each step
/// records where it got to in the state file.
/// </summary>
internal sealed class JobSteps(CliContext context, ILogger log, string statePath)
{
    public string StatePath => statePath;

    public static string DefaultKnownHosts(IReadOnlyDictionary<string, string> environment)
    {
        var stateHome = environment.GetValueOrDefault("XDG_STATE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Config.CloudsFiles.Home(environment), ".local", "state");
        return Path.Combine(stateHome, "traas-ci", "known_hosts");
    }

    public UndercloudSession OpenSession(RunState state, string? keyFileOverride)
    {
        var key = SshKey.Load(keyFileOverride ?? state.KeyFile, context.Environment);
        var target = new UndercloudTarget(state.StackId, state.Host, state.Port, state.User, state.LogPath, state.MarkerPath);
        return new UndercloudSession(target, key, new HostKeyPolicy(state.KnownHosts, state.HostKey), log);
    }

    public string LocalLog(RunState state) => Path.Combine(state.OutDir, "traas.log");

    public async Task<(RunState State, WaitResult Result)> WaitAsync(RunState state, UndercloudSession session, CancellationToken cancellationToken)
    {
        var githubActions = context.Environment.GetValueOrDefault("GITHUB_ACTIONS") == "true";
        var console = new LiveLogWriter(context.Stdout, githubActions);
        var current = state with { Stage = "waiting", WaitStarted = state.WaitStarted ?? DateTimeOffset.UtcNow };
        // The job timeout counts from the run's first wait: a resumed wait gets what is left of it.
        var left = current.WaitStarted.Value + TimeSpan.FromMinutes(state.JobTimeoutMinutes) - DateTimeOffset.UtcNow;
        var settings = new WaitSettings(left > TimeSpan.Zero ? left : TimeSpan.Zero, TimeSpan.FromMinutes(state.ConnectTimeoutMinutes), LogPollInterval());
        current.Save(statePath);
        var cursor = new LogCursor(state.LogOffset);
        var lastSaved = DateTime.UtcNow;
        WaitResult result;
        try
        {
            result = await new WaitStage(session, console, log, settings).RunAsync(cursor, LocalLog(state), offset =>
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
            Stage = "waited",
            LogOffset = result.LogBytes,
            ExitStatus = result.ExitStatus,
            Result = JobResults.Classify(result, null).Label(),
        };
        current.Save(statePath);
        return (current, result);
    }

    /// <summary>Collects within the state's budget; <paramref name="budget"/> shortens it (after a cancel).</summary>
    public async Task<(RunState State, CollectResult Result)> CollectAsync(RunState state, UndercloudSession session, TimeSpan? budget, CancellationToken cancellationToken)
    {
        var stage = new CollectStage(session, log, TimeSpan.FromMinutes(state.ConnectTimeoutMinutes));
        var globs = state.Collect.Count > 0 ? state.Collect : [CollectStage.DefaultGlob];
        var result = await stage.RunAsync(globs, state.OutDir, budget ?? TimeSpan.FromMinutes(state.CollectTimeoutMinutes), cancellationToken).ConfigureAwait(false);
        var current = state with { Stage = result.Failed ? "collect-failed" : "collected" };
        current.Save(statePath);
        return (current, result);
    }

    public async Task<JobReport> ReportAsync(RunState state, CancellationToken cancellationToken)
    {
        var report = await new ReportStage(log).RunAsync(ReportInput.File(LocalLog(state)), state.OutDir,
            new Reporting.ReportOptions { JobName = state.JobType }, cancellationToken).ConfigureAwait(false);
        (state with { Stage = "reported" }).Save(statePath);
        return report;
    }

    /// <summary>How often the log is read: TRAAS_LOG_POLL_SECONDS (default 1).</summary>
    private TimeSpan LogPollInterval() =>
        double.TryParse(context.Environment.GetValueOrDefault("TRAAS_LOG_POLL_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(1);
}
