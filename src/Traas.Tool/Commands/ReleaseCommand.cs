using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>`traas-ci release NAME|--all-expired`: deletes held stacks (exit 1 when NAME is not there).</summary>
internal static class ReleaseCommand
{
    public static async Task<int> RunAsync(ReleaseOptions options, PipelineContext context, ILogger log,
        CancellationToken cancel)
    {
        if (options.Name is null == !options.AllExpired)
        {
            throw new TraasException(ExitCodes.BadInput,
                "release takes a held stack's NAME or --all-expired (one of them); `traas-ci holds` lists them");
        }
        await new HoldVerbs(context, log).ReleaseAsync(options.Providers(), options.Name, cancel).ConfigureAwait(false);
        return ExitCodes.Passed;
    }
}
