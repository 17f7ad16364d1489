using Serilog;
using Traas.Tool.Cli;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>`traas-ci wait` and `traas-ci collect`: one stage of an interrupted run, from its state file.</summary>
internal static class StepCommands
{
    public static async Task<int> WaitAsync(WaitOptions options, CliContext context, ILogger log)
    {
        var state = RunState.Load(options.StatePath);
        if (options.JobTimeout is { } minutes)
        {
            if (!(minutes > 0))
                throw new TraasException(ExitCodes.BadInput, $"--job-timeout {minutes.ToString(System.Globalization.CultureInfo.InvariantCulture)}: give a number of minutes above 0");
            state = state with { JobTimeoutMinutes = minutes };
        }
        var steps = new JobSteps(context, log, options.StatePath);
        using var session = steps.OpenSession(state, options.SshKey);
        if (state.LogOffset > 0)
            log.Information("resuming the wait on stack {StackName} at byte {Offset} of traas.log", state.StackName, state.LogOffset);
        var (_, result) = await steps.WaitAsync(state, session, context.CancellationToken).ConfigureAwait(false);
        return JobResults.Classify(result, null).ExitCode();
    }

    public static async Task<int> CollectAsync(CollectOptions options, CliContext context, ILogger log)
    {
        var state = RunState.Load(options.StatePath);
        var steps = new JobSteps(context, log, options.StatePath);
        using var session = steps.OpenSession(state, options.SshKey);
        var (_, result) = await steps.CollectAsync(state, session, null, context.CancellationToken).ConfigureAwait(false);
        return result.Failed ? ExitCodes.PostFailure : ExitCodes.Passed;
    }
}
