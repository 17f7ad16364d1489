using Traas.Reporting.History;
using Traas.Tool.GitHub;

namespace Traas.Tool.Pipeline;

/// <summary>
/// The job health page: the runs (fetched from GitHub Actions into OUT/runs/, or a folder of run
/// states) through Traas.Reporting's page writer into OUT/health.html.
/// </summary>
internal sealed class HistoryStage(PipelineContext context, ILogger log)
{
    public const string PageFile = "health.html";

    public const string RunsFolder = "runs";

    public async Task<string> RunAsync(HistoryRequest request, GitHubContext? github,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(request.OutDir);
        var from = request.From;
        if (from is null)
        {
            if (github is null)
            {
                throw new TraasException(ExitCodes.BadInput,
                    "no GitHub context: history needs GITHUB_TOKEN and GITHUB_REPOSITORY (as GitHub Actions sets "
                        + "them), or --from DIR, a folder of run states");
            }
            from = Path.Combine(request.OutDir, RunsFolder);
            Directory.CreateDirectory(from);
            var client = new GitHubRunHistory(github,
                context.GitHubRetry, log,
                context.Time);
            try
            {
                await client.DownloadAsync(from, request.Limits, request.Workflow, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Octokit.ApiException e)
            {
                // The page cannot be built without the runs: one line, and what to check.
                throw new TraasException(ExitCodes.CloudError,
                    $"GitHub did not list the runs of {github.Owner}/{github.Repository}"
                        + $"{(request.Workflow is { } w ? $" (workflow {w})" : "")}: {GitHubPublisher.Describe(e)}; "
                        + "check the token (actions: read) and --workflow");
            }
        }
        var runs = new HistoryReader(log).Read(from);
        var title = github is null ? "traas-ci job health" : $"traas-ci job health: {github.Owner}/{github.Repository}";
        var options = new HealthOptions { Title = title, Now = context.Time.GetUtcNow(), LastRuns = request.LastRuns };
        var page = Path.Combine(request.OutDir, PageFile);
        using (var writer = new StringWriter())
        {
            HealthPageWriter.Write(writer, runs, options);
            AtomicFile.WriteAllText(page, writer.ToString());
        }
        log.Information("wrote {Page}: {Runs} runs", page, runs.Count);
        return page;
    }
}
