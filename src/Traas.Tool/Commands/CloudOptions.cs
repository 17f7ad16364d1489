using CommandLine;

namespace Traas.Tool.Commands;

/// <summary>Options every verb that talks to a cloud takes, named as the openstack client names them.</summary>
public abstract class CloudOptions : VerbOptions
{
    [Option("os-cloud",
        HelpText = "The cloud in clouds.yaml (default: OS_CLOUD, or the only cloud, or the OS_* variables).")]
    public string? Cloud { get; init; }

    [Option("os-region-name", HelpText = "The region (default: the cloud's first).")]
    public string? Region { get; init; }

    [Option("os-client-config-file", HelpText = "The clouds.yaml to read, as OS_CLIENT_CONFIG_FILE names it "
        + "(default: OS_CLIENT_CONFIG_FILE, then openstacksdk's places).")]
    public string? CloudsFile { get; init; }
}
