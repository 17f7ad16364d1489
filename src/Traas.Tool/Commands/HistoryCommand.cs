using Traas.Tool.GitHub;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>`traas-ci history`: the job health page. Exits 0 when it wrote the page, 2 on bad input.</summary>
internal static class HistoryCommand
{
    public static async Task<int> RunAsync(HistoryOptions options, PipelineContext context, ILogger log,
        CancellationToken cancel)
    {
        Range("--runs", options.Runs, 1, 1000);
        Range("--last", options.Last, 1, 200);
        Range("--max-artifact-mib", options.MaxArtifactMib, 1, 1024);
        // The page is about the repository, not a commit: outside Actions, GITHUB_SHA need not be set.
        var environment = new Dictionary<string, string>(context.Environment);
        environment.TryAdd("GITHUB_SHA", "history");
        var github = options.From is null ? GitHubContext.FromEnvironment(environment) : null;
        var request = new HistoryRequest(options.Out)
        {
            From = options.From,
            Workflow = options.Workflow,
            LastRuns = options.Last,
            Limits = new HistoryLimits { Runs = options.Runs, ArtifactBytes = options.MaxArtifactMib * 1024L * 1024 },
        };
        var page = await new HistoryStage(context, log).RunAsync(request, github, cancel).ConfigureAwait(false);
        await context.Stdout.WriteLineAsync(page).ConfigureAwait(false);
        return ExitCodes.Passed;
    }

    private static void Range(string option, int value, int min, int max)
    {
        if (value < min || value > max)
            throw new TraasException(ExitCodes.BadInput, $"{option} {value}: give a number from {min} to {max}");
    }
}
