using CommandLine;

namespace Traas.Tool.Commands;

[Verb("reap",
    HelpText = "Delete the stacks tagged traas-ci that are older than --older-than hours "
        + "(leaked or held environments).")]
public sealed class ReapOptions : CloudOptions
{
    [Option("older-than", Required = true, HelpText = "Hours: stacks created longer ago than this are deleted.")]
    public double OlderThan { get; init; }

    [Option("tag", Default = "traas-ci",
        HelpText = "Only stacks with this tag (traas-ci tags every stack it creates).")]
    public string Tag { get; init; } = "";

    [Option("dry-run", HelpText = "Only list what would be deleted.")]
    public bool DryRun { get; init; }
}
