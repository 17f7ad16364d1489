using Serilog;
using Traas.Tool.Cli;
using Traas.Tool.OpenStack;
using Traas.Tool.OpenStack.Templates;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>`traas-ci provision`: the provision stage on its own; outputs as JSON on stdout.</summary>
internal static class ProvisionCommand
{
    public static async Task<int> RunAsync(ProvisionOptions options, CliContext context, ILogger log)
    {
        var request = StackRequest.Build(options.Name, options.Template, [.. options.Environments], [.. options.Parameters],
            [.. options.ParameterFiles], options.Timeout, [.. options.Tags]);
        using var session = CloudConnection.Open(options, context, log);
        var stack = await new ProvisionStage(new HeatClient(session), log, PollInterval(context))
            .RunAsync(request, created: _ => { }, context.CancellationToken).ConfigureAwait(false);
        await context.Stdout.WriteLineAsync(stack.OutputsJson().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
        return ExitCodes.Passed;
    }

    /// <summary>How often a stack is polled; TRAAS_POLL_SECONDS (default 5).</summary>
    internal static TimeSpan PollInterval(CliContext context) =>
        double.TryParse(context.Environment.GetValueOrDefault("TRAAS_POLL_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(5);
}
