using CommandLine;

namespace Traas.Tool.Commands;

/// <summary>
/// Environment files, as `openstack stack create -e` takes them
/// (options declared on an interface are read by CommandLineParser).
/// </summary>
[OptionGroup]
public interface IEnvironmentOptions
{
    [Option('e', "environment", HelpText = "An environment file; repeat it, later ones override earlier ones.")]
    IEnumerable<string> Environments { get; init; }
}
