using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>
/// `traas-ci reap --older-than HOURS`: deletes expired holds and old traas-ci stacks without a hold, on
/// every provider; never an unexpired hold. Exits 3 when a delete was refused.
/// </summary>
internal static class ReapCommand
{
    public static async Task<int> RunAsync(ReapOptions options, PipelineContext context, ILogger log,
        CancellationToken cancel)
    {
        if (!(options.OlderThan >= 0))
        {
            throw new TraasException(ExitCodes.BadInput,
                $"--older-than {options.OlderThan.ToString(CultureInfo.InvariantCulture)}: "
                    + "give a number of hours, 0 or more");
        }
        var refused = await new HoldVerbs(context, log).ReapAsync(options.Providers(), options.Tag,
            TimeSpan.FromHours(options.OlderThan), options.DryRun, cancel).ConfigureAwait(false);
        return refused == 0 ? ExitCodes.Passed : ExitCodes.CloudError;
    }
}
