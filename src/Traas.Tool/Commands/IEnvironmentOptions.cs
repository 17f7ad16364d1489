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

    /// <summary>The registry that maps the traas templates' own types, looked for beside the template.</summary>
    internal const string DefaultRegistry = "traas-resource-registry.yaml";

    /// <summary>
    /// The environments of run, provision and validate alike: the ones given, or when none is, the
    /// <see cref="DefaultRegistry"/> beside the template, if it is there (without it no OS::TraaS:: type resolves).
    /// </summary>
    internal static List<string> Resolve(IEnumerable<string> given, string template)
    {
        List<string> environments = [.. given];
        if (environments.Count > 0)
            return environments;
        var registry = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(template))!, DefaultRegistry);
        return File.Exists(registry) ? [registry] : [];
    }
}
