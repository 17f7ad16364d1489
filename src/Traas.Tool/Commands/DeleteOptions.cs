using CommandLine;

namespace Traas.Tool.Commands;

[Verb("delete", HelpText = "Delete a stack.")]
public sealed partial class DeleteOptions : CloudOptions, IStateOptions
{
    [Value(0, MetaName = "NAME", HelpText = "The stack's name or id (default: the stack of --state).")]
    public string? Name { get; init; }

    [Option("wait", HelpText = "Wait until the stack is gone.")]
    public bool Wait { get; init; }
}
