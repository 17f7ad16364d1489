using CommandLine;

namespace Traas.Tool.Commands;

[Verb("history",
    HelpText = "Build the job health page (OUT/health.html) from the repository's workflow runs and their "
        + "traas-state artifacts, or from a folder of run states (--from).")]
public sealed class HistoryOptions : VerbOptions
{
    [Option('o', "out", Default = "traas-health", HelpText = "Where health.html (and runs/, the downloads) go.")]
    public string Out { get; init; } = "";

    [Option("from",
        HelpText = "A folder of run states (run-state.json, with junit.xml and workflow-run.json when there), "
            + "in it or one folder down, instead of GitHub.")]
    public string? From { get; init; }

    [Option("workflow", HelpText = "Only the runs of this workflow (its file name, e.g. traas-periodic.yml).")]
    public string? Workflow { get; init; }

    [Option("runs", Default = 100, HelpText = "Workflow runs to look at, newest first (1 to 1000).")]
    public int Runs { get; init; }

    [Option("last", Default = 20, HelpText = "Runs listed per job type (1 to 200).")]
    public int Last { get; init; }

    [Option("max-artifact-mib", Default = 16,
        HelpText = "A state artifact bigger than this (MiB) is not downloaded (1 to 1024).")]
    public int MaxArtifactMib { get; init; }
}
