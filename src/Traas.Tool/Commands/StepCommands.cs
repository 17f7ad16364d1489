using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>`traas-ci wait` and `traas-ci collect`: one step of an interrupted run, from its state file.</summary>
internal static class StepCommands
{
    public static async Task<int> WaitAsync(WaitOptions options, PipelineContext context, ILogger log,
        CancellationToken cancel)
    {
        if (options.JobTimeout is { } minutes)
            OptionChecks.Minutes("--job-timeout", minutes);
        var result = await new JobRun(context, log)
            .ResumeWaitAsync(options.StatePath(), options.SshKey, options.JobTimeout, cancel)
            .ConfigureAwait(false);
        return result.ExitCode();
    }

    public static async Task<int> CollectAsync(CollectOptions options, PipelineContext context, ILogger log,
        CancellationToken cancel)
    {
        var collected = await new JobRun(context, log).ResumeCollectAsync(options.StatePath(), options.SshKey,
            run => options.Limits(options.Given, run), cancel)
            .ConfigureAwait(false);
        return collected ? ExitCodes.Passed : ExitCodes.PostFailure;
    }
}
