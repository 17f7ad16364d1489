using CommandLine;
using Traas.Tool.Model;

namespace Traas.Tool.Commands;

[Verb("diff", HelpText = "Show what is new in a failed log against the log of a passing run (new-lines.md, "
    + "new-lines.json).")]
public sealed class DiffOptions : VerbOptions
{
    [Option("baseline", Required = true, HelpText = "The log of a passing run of the same job (its traas.log).")]
    public string Baseline { get; init; } = "";

    [Value(0, MetaName = "FAILED", Required = true, HelpText = "The failed run's log (its traas.log).")]
    public string Failed { get; init; } = "";

    [Option('o', "out", Default = ArtifactFiles.DefaultFolder, HelpText = "Folder for new-lines.md and new-lines.json.")]
    public string Out { get; init; } = "";

    [Option("console-url", Default = ArtifactFiles.Console,
        HelpText = "Where links in new-lines.md point (console.html, or its published address).")]
    public string ConsoleUrl { get; init; } = "";
}
