using CommandLine;

namespace Traas.Tool.Commands;

/// <summary>The run state file, which the job verbs write and read and report and delete start from.</summary>
[OptionGroup]
public interface IStateOptions
{
    [Option("state", HelpText = "The run state file that `traas-ci run` keeps in OUT/run-state.json: wait, collect "
        + "and teardown go on from it (default: that file); report takes its traas.log, folder and job type; delete "
        + "its stack.")]
    string? State { get; init; }
}
