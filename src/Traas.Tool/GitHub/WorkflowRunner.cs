namespace Traas.Tool.GitHub;

/// <summary>
/// The GitHub Actions runner this process may run under (GITHUB_ACTIONS=true): what it reads on
/// stdout as workflow commands (masks, annotations) and its step summary file. Outside Actions the
/// commands are not written.
/// </summary>
internal sealed class WorkflowRunner(TextWriter stdout, bool isActions, string? stepSummaryPath)
{
    public bool IsActions => isActions;

    /// <summary>$GITHUB_STEP_SUMMARY, when the runner gives one.</summary>
    public string? StepSummaryPath => stepSummaryPath;

    public static WorkflowRunner FromEnvironment(IReadOnlyDictionary<string, string> environment, TextWriter stdout) =>
        new(stdout, environment.GetValueOrDefault("GITHUB_ACTIONS") == "true",
            environment.GetValueOrDefault("GITHUB_STEP_SUMMARY") is { Length: > 0 } path ? path : null);

    /// <summary>Masks a secret in the job log from now on (each of its lines too).</summary>
    public void Mask(string secret)
    {
        if (!isActions)
            return;
        foreach (var line in WorkflowCommands.AddMask(secret))
            stdout.WriteLine(line);
    }

    public async Task WarningAsync(string message)
    {
        if (isActions)
            await stdout.WriteLineAsync(WorkflowCommands.Warning(message)).ConfigureAwait(false);
    }

    public async Task ErrorAsync(string title, string message)
    {
        if (isActions)
            await stdout.WriteLineAsync(WorkflowCommands.Error(title, message)).ConfigureAwait(false);
    }

    /// <summary>
    /// Machine output on stdout (outputs as JSON): under Actions, no line of it can be a workflow command.
    /// </summary>
    public async Task WriteOutputAsync(string text) =>
        await stdout.WriteLineAsync(isActions ? WorkflowCommands.Inert(text) : text).ConfigureAwait(false);

    /// <summary>The writer of the job's live log (a collapsible group per PLAY under Actions).</summary>
    public LiveLogWriter LiveLog() => new(stdout, isActions);
}
