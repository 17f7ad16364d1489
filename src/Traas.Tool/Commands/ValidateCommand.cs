using Serilog;
using Traas.Tool.Cli;
using Traas.Tool.OpenStack;
using Traas.Tool.OpenStack.Templates;

namespace Traas.Tool.Commands;

/// <summary>`traas-ci validate`: the offline lint, then optionally Heat's validate.</summary>
internal static class ValidateCommand
{
    public static async Task<int> RunAsync(ValidateOptions options, CliContext context, ILogger log)
    {
        // Reading the files is the first check: YAML errors (with their line) and missing get_file or registry files.
        var request = StackRequest.Build("validate", options.Template, [.. options.Environments], [], [], null, []);
        var problems = TemplateLint.Check(request);
        foreach (var problem in problems)
            log.Error("{Problem}", problem);
        if (problems.Count > 0)
            throw new TraasException(ExitCodes.BadInput, $"{options.Template}: {problems.Count} problem{(problems.Count == 1 ? "" : "s")} found; see above.");
        log.Information("{Template}: the offline checks pass ({Files} files read)", options.Template, request["files"]!.AsObject().Count);
        if (!options.Heat)
            return ExitCodes.Passed;
        using var session = CloudConnection.Open(options, context, log);
        await new HeatClient(session).ValidateAsync(request, context.CancellationToken).ConfigureAwait(false);
        log.Information("{Template}: Heat's validate passes in cloud {Cloud}", options.Template, session.Cloud.Name);
        return ExitCodes.Passed;
    }
}
