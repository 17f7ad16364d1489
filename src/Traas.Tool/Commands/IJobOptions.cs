using CommandLine;

namespace Traas.Tool.Commands;

/// <summary>What the verbs that follow the job on the undercloud take: its key, and where things go.</summary>
[OptionGroup]
public interface IJobOptions : IStateOptions
{
    [Option("ssh-key",
        HelpText = "Private key for the undercloud "
            + "(default: the key in TRAAS_SSH_KEY, else ~/.ssh/id_ed25519 or id_rsa).")]
    string? SshKey { get; init; }

    [Option('o', "out", Default = ArtifactFiles.DefaultFolder,
        HelpText = "Folder for traas.log, the collected logs, the artifacts and the run state.")]
    string Out { get; init; }
}

internal static class JobOptionsExtensions
{
    public static string StatePath(this IJobOptions options) =>
        options.State ?? Path.Combine(options.Out, ArtifactFiles.RunState);
}
