using System.Globalization;
using Serilog;
using Traas.Tool.Cli;
using Traas.Tool.OpenStack;

namespace Traas.Tool.Commands;

/// <summary>
/// `traas-ci reap --older-than HOURS`: deletes the stacks tagged traas-ci created longer ago than
/// that (a held environment someone forgot, a run killed before its teardown). Deletes are sent
/// without waiting: Heat finishes them. Exits 3 when a delete was refused.
/// </summary>
internal static class ReapCommand
{
    public static async Task<int> RunAsync(ReapOptions options, CliContext context, ILogger log, TimeProvider? time = null)
    {
        if (!(options.OlderThan >= 0))
            throw new TraasException(ExitCodes.BadInput, $"--older-than {options.OlderThan.ToString(CultureInfo.InvariantCulture)}: give a number of hours, 0 or more");
        using var session = CloudConnection.Open(options, context, log);
        var heat = new HeatClient(session);
        var cutoff = (time ?? TimeProvider.System).GetUtcNow() - TimeSpan.FromHours(options.OlderThan);
        var stacks = await heat.ListAsync(options.Tag, context.CancellationToken).ConfigureAwait(false);
        var old = stacks.Where(s => s.CreationTime is { } created && created <= cutoff && s.Status != "DELETE_IN_PROGRESS").ToList();
        log.Information("{Count} of {Total} stacks tagged {Tag} were created before {Cutoff:u}", old.Count, stacks.Count, options.Tag, cutoff);
        var failed = 0;
        foreach (var stack in old)
        {
            if (options.DryRun)
            {
                log.Information("would delete {StackName} ({Status}, created {Created:u})", stack.Name, stack.Status, stack.CreationTime);
                continue;
            }
            try
            {
                await heat.DeleteAsync(stack, context.CancellationToken).ConfigureAwait(false);
                log.Information("deleting {StackName} ({Status}, created {Created:u})", stack.Name, stack.Status, stack.CreationTime);
            }
            catch (TraasException e)
            {
                failed++;
                log.Error("could not delete {StackName}: {Message}", stack.Name, e.Message);
            }
        }
        return failed == 0 ? ExitCodes.Passed : ExitCodes.CloudError;
    }
}
