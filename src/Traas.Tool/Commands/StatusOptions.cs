using CommandLine;

namespace Traas.Tool.Commands;

[Verb("status", HelpText = "Show a stack's status and outputs as JSON.")]
public sealed class StatusOptions : CloudOptions
{
    [Value(0, MetaName = "NAME", Required = true, HelpText = "The stack's name or id.")]
    public string Name { get; init; } = "";
}
