using CommandLine;

namespace Traas.Tool.Commands;

[Verb("delete", HelpText = "Delete a stack.")]
public sealed class DeleteOptions : CloudOptions
{
    [Value(0, MetaName = "NAME", Required = true, HelpText = "The stack's name or id.")]
    public string Name { get; init; } = "";

    [Option("wait", HelpText = "Wait until the stack is gone.")]
    public bool Wait { get; init; }
}
