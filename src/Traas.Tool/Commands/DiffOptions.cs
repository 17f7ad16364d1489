using CommandLine;

namespace Traas.Tool.Commands;

[Verb("diff", HelpText = "Show what is new in a failed log against the log of a passing run (new-lines.md, "
    + "new-lines.json).")]
public sealed class DiffOptions : VerbOptions
{
    [Option("baseline", Required = true, HelpText = "The log of a passing run of the same job (its traas.log).")]
    public string Baseline { get; init; } = "";

    [Value(0, MetaName = "FAILED", Required = true, HelpText = "The failed run's log (its traas.log).")]
    public string Failed { get; init; } = "";

    [Option('o', "out", Default = ArtifactFiles.DefaultFolder,
        HelpText = "Folder for new-lines.md and new-lines.json.")]
    public string Out { get; init; } = "";

    [Option("threshold", Default = 0.3,
        HelpText = "A line is new when its cosine distance to every baseline line is above this (0 to below 1).")]
    public double Threshold { get; init; }

    [Option("context", Default = 3, HelpText = "Lines of context before and after new lines (0 to 100).")]
    public int Context { get; init; }

    [Option("console-url", Default = ArtifactFiles.Console,
        HelpText = "Where links in new-lines.md point (console.html, or its published address).")]
    public string ConsoleUrl { get; init; } = "";
}
