using Traas.Tool.Config;
using Traas.Tool.GitHub;
using Traas.Tool.Resilience;

namespace Traas.Tool.Pipeline;

/// <summary>What the pipeline may touch of the outside world, set up once by the command line.</summary>
/// <param name="Stdout">Machine output: outputs as JSON, the job's live log, workflow commands.</param>
/// <param name="Stdin">For `report -`.</param>
/// <param name="Environment">The process environment (clouds.yaml is looked for as openstacksdk does, from it).</param>
/// <param name="Settings">The TRAAS_* settings.</param>
/// <param name="Runner">The GitHub Actions runner, when there is one.</param>
internal sealed record PipelineContext(TextWriter Stdout, Func<Stream> Stdin,
    IReadOnlyDictionary<string, string> Environment, ToolSettings Settings, WorkflowRunner Runner)
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public string CurrentDirectory { get; init; } = System.Environment.CurrentDirectory;

    /// <summary>What is masked in artifacts and posted texts: the run adds secrets to it as it reads them.</summary>
    public Secrets Secrets { get; init; } = new();

    /// <summary>How GitHub calls are retried, from the TRAAS_GITHUB_* settings.</summary>
    public GitHubRetryOptions GitHubRetry =>
        new(Settings.GitHubRetries, Settings.GitHubMaxWait, Settings.GitHubBackoff);
}
