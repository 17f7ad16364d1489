using Renci.SshNet;
using Serilog;
using Traas.Tool.GitHub;
using Traas.Tool.Model;
using Traas.Tool.OpenStack;
using Traas.Tool.Ssh;

namespace Traas.Tool.Pipeline;

/// <summary>
/// The orchestrator of a run: provision (a new stack on NODE_FAILURE, up to the attempts), wait,
/// collect, report, publish (with a GitHub context), then tear down per --keep. Stages never call
/// each other; this class runs them in order and records each step in the state file. SIGINT or
/// SIGTERM stops the wait, collects what is there, reports it, tears down and ends CANCELLED.
/// </summary>
internal sealed partial class JobRun(PipelineContext context, ILogger log)
{
    /// <summary>After a cancel, collecting gets at most this long: the runner kills the process soon after.</summary>
    private static readonly TimeSpan CancelledCollectBudget = TimeSpan.FromMinutes(1);

    public async Task<JobResult> RunAsync(RunRequest request, GitHubContext? github, CancellationToken cancel)
    {
        // Loaded before a stack exists, so that a wrong key costs nothing.
        using var key = SshKey.Load(request.KeyFile, context.Settings);
        new HostKeyPolicy(request.KnownHosts, request.HostKey).CheckUsable();
        using var cloud = CloudConnection.Open(context, request.Cloud, request.Region, log);
        var (heat, follower) = CloudConnection.Heat(context, cloud, log);
        var teardown = new TeardownStage(heat, follower, log);
        for (var attempt = 1; ; attempt++)
        {
            var name = attempt == 1 ? request.BaseName : $"{request.BaseName}-attempt{attempt}";
            // Written before the create request, so that a state file of an earlier run in the same
            // folder cannot send a later teardown (action.yml's always() step) to that run's stack.
            var state = Creating(request, name);
            state.Save(request.StatePath);
            var (result, ended, error) = await AttemptAsync(request, state, key, github,
                new ProvisionStage(heat, follower, log), cancel).ConfigureAwait(false);
            if (error is not null)
            {
                // A refused host key, a key the node refuses, a cloud that stops answering: the stack
                // is still torn down per --keep (as a failure) before the error is reported. A refused
                // create (a taken name) created nothing, so nothing is deleted.
                End(request, ended,
                    await TearDownAsync(teardown, ended, request.Keep, JobResult.Failed).ConfigureAwait(false),
                    JobResult.Failed);
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            }
            if (result == JobResult.NodeFailure && attempt < request.Attempts)
            {
                await TearDownAsync(teardown, ended, KeepPolicy.Never, result).ConfigureAwait(false);
                log.Warning("attempt {Attempt} of {Attempts}: provisioning a new stack {StackName}",
                    attempt + 1, request.Attempts, $"{request.BaseName}-attempt{attempt + 1}");
                continue;
            }
            if (result == JobResult.NodeFailure && github is not null)
                log.Warning("nothing to publish to {Target}: the job never started, so there is no report", github);
            End(request, ended, await TearDownAsync(teardown, ended, request.Keep, result).ConfigureAwait(false),
                result);
            log.Information("result: {Result} (exit {Exit})", result.Label(), result.ExitCode());
            return result;
        }
    }

    /// <summary>The state of a run that has ended: what became of its stack, and its result.</summary>
    private static void End(RunRequest request, RunState state, bool kept, JobResult result)
    {
        var stage = state.StackId is null ? RunStage.NothingCreated : kept ? RunStage.Kept : RunStage.Deleted;
        (state with { Stage = stage, Result = result }).Save(request.StatePath);
    }

    /// <summary>
    /// One stack: provision, follow the job, publish. A failure of the node is a result; any other
    /// expected failure is returned for the caller to tear down before it goes on.
    /// </summary>
    private async Task<(JobResult Result, RunState State, TraasException? Error)> AttemptAsync(RunRequest request,
        RunState state, PrivateKeyFile key, GitHubContext? github, ProvisionStage provision, CancellationToken cancel)
    {
        try
        {
            var stack = await provision.RunAsync(request.Stack, id =>
            {
                // From here on the stack is the run's, and the state says so before anything else happens.
                state = state with { Stage = RunStage.Created, StackId = id };
                state.Save(request.StatePath);
            }, cancel).ConfigureAwait(false);
            state = Provisioned(request, state, stack);
            state.Save(request.StatePath);
            (var result, state) = await FollowJobAsync(request.StatePath, state, key, cancel).ConfigureAwait(false);
            if (github is not null && File.Exists(Path.Combine(request.OutDir, ArtifactFiles.JUnit)))
            {
                log.Information("publishing to {Target}", github);
                await new PublishStage(context, github, log).RunAsync(JobArtifacts.Load(request.OutDir),
                    request.KnownFailures, request.ReportAs, CancellationToken.None).ConfigureAwait(false);
            }
            return (result, state, null);
        }
        catch (TraasException e) when (e.ExitCode == ExitCodes.NodeFailure)
        {
            log.Error("{Message}", e.Message);
            return (JobResult.NodeFailure, state, null);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            log.Warning("cancelled while the stack was being created");
            return (JobResult.Cancelled, state, null);
        }
        catch (TraasException e)
        {
            return (JobResult.Failed, state, e);
        }
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

    private static RunState Creating(RunRequest request, string name) => new()
    {
        Stage = RunStage.Creating,
        StackName = name,
        Cloud = request.Cloud,
        Region = request.Region,
        Keep = request.Keep,
        OutDir = request.OutDir,
    };

    private static RunState Provisioned(RunRequest request, RunState state, Stack stack)
    {
        var target = UndercloudTarget.FromOutputs(stack.Id, stack.Outputs, request.SshUser, request.SshPort);
        return state with
        {
            Stage = RunStage.Provisioned,
            StackName = stack.Name,
            StackId = stack.Id,
            JobType = request.JobType ?? stack.Outputs.GetValueOrDefault("toci_jobtype")?.ToString() ?? "traas job",
            Host = target.Host,
            Port = target.Port,
            User = target.User,
            LogPath = target.LogPath,
            MarkerPath = target.MarkerPath,
            KeyFile = request.KeyFile,
            KnownHosts = request.KnownHosts,
            HostKey = request.HostKey,
            Collect = request.Collect,
            JobTimeoutMinutes = request.JobTimeoutMinutes,
            ConnectTimeoutMinutes = request.ConnectTimeoutMinutes,
            CollectTimeoutMinutes = request.CollectTimeoutMinutes,
        };
    }
}
