using CommandLine;

namespace Traas.Tool.Commands;

/// <summary>Options of the verbs that follow the job on the undercloud: how to reach it, how long to wait, where to put things.</summary>
public abstract class JobOptions : CloudOptions
{
    [Option("ssh-key", HelpText = "Private key for the undercloud (default: the key in TRAAS_SSH_KEY, else ~/.ssh/id_ed25519 or id_rsa).")]
    public string? SshKey { get; init; }

    [Option("state", HelpText = "The run state file (default: OUT/run-state.json).")]
    public string? State { get; init; }

    [Option('o', "out", Default = "traas-artifacts", HelpText = "Folder for traas.log, the collected logs, the artifacts and the run state.")]
    public string Out { get; init; } = "traas-artifacts";

    public string StatePath => State ?? Path.Combine(Out, Pipeline.RunState.DefaultFile);
}
