using CommandLine;

namespace Traas.Tool.Commands;

[Verb("delete", HelpText = "Delete a stack.")]
public sealed class DeleteOptions : CloudOptions
{
    [Value(0, MetaName = "NAME", HelpText = "The stack's name or id (default: the stack of --state).")]
    public string? Name { get; init; }

    [Option("state",
        HelpText = "The run state of an interrupted `traas-ci run` (e.g. traas-artifacts/run-state.json): "
            + "delete its stack.")]
    public string? State { get; init; }

    [Option("wait", HelpText = "Wait until the stack is gone.")]
    public bool Wait { get; init; }
}
