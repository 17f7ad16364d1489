using System.Text.Json.Nodes;
using Serilog;
using Traas.Tool.Cli;
using Traas.Tool.OpenStack;

namespace Traas.Tool.Commands;

/// <summary>`traas-ci status NAME`: the stack's status and outputs as JSON.</summary>
internal static class StatusCommand
{
    public static async Task<int> RunAsync(StatusOptions options, CliContext context, ILogger log)
    {
        using var session = CloudConnection.Open(options, context, log);
        var stack = await new HeatClient(session).FindAsync(options.Name, context.CancellationToken).ConfigureAwait(false)
            ?? throw new TraasException(ExitCodes.BadInput, $"there is no stack '{options.Name}' in cloud '{session.Cloud.Name}'.");
        var json = new JsonObject
        {
            ["name"] = stack.Name,
            ["id"] = stack.Id,
            ["status"] = stack.Status,
            ["status_reason"] = stack.StatusReason,
            ["outputs"] = stack.OutputsJson(),
        };
        await context.Stdout.WriteLineAsync(json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
        return ExitCodes.Passed;
    }
}
