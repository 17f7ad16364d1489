using CommandLine;

namespace Traas.Tool.Commands;

/// <summary>Options every verb that talks to a cloud takes, named as the openstack client names them.</summary>
public abstract class CloudOptions : VerbOptions
{
    [Option("os-cloud", HelpText = "The cloud in clouds.yaml (default: OS_CLOUD, or the only cloud, or the OS_* "
        + "variables). Repeat it for several providers, tried in order.")]
    public IEnumerable<string> Clouds { get; init; } = [];

    [Option("os-region-name", HelpText = "The region (default: the cloud's first). Repeat it: one per "
        + "--os-cloud, or several regions of one --os-cloud.")]
    public IEnumerable<string> Regions { get; init; } = [];

    [Option("os-client-config-file", HelpText = "The clouds.yaml to read, as OS_CLIENT_CONFIG_FILE names it "
        + "(default: OS_CLIENT_CONFIG_FILE, then openstacksdk's places).")]
    public string? CloudsFile { get; init; }

    [Option("providers", HelpText = "A YAML file of providers (cloud, region, max-stacks, job-types), tried in "
        + "order; instead of --os-cloud.")]
    public string? ProvidersFile { get; init; }

    /// <summary>--max-stacks, on the verbs that create stacks (<see cref="StackOptions"/>); null elsewhere.</summary>
    private protected virtual int? StackLimit => null;

    /// <summary>The first provider's cloud: the one a single-cloud verb talks to.</summary>
    public string? Cloud => Clouds.FirstOrDefault();

    /// <summary>The first provider's region.</summary>
    public string? Region => Regions.FirstOrDefault();

    /// <summary>
    /// The providers, in the order they are tried: the providers file, or each --os-cloud with its
    /// --os-region-name, or the one default cloud.
    /// </summary>
    internal IReadOnlyList<Provider> Providers()
    {
        if (StackLimit is < 1)
            throw new TraasException(ExitCodes.BadInput, $"--max-stacks {StackLimit}: give 1 or more");
        List<string> clouds = [.. Clouds];
        List<string> regions = [.. Regions];
        if (ProvidersFile is { } file)
        {
            if (clouds.Count > 0 || regions.Count > 0 || StackLimit is not null)
            {
                throw new TraasException(ExitCodes.BadInput,
                    $"--providers {file}: give the providers there, or with --os-cloud, not both");
            }
            return Traas.Tool.Config.ProvidersFile.Load(file);
        }
        IEnumerable<(string? Cloud, string? Region)> pairs = (clouds.Count, regions.Count) switch
        {
            (0, 0) => [(null, null)],
            (0, _) => regions.Select(r => ((string?)null, (string?)r)),
            (1, _) when regions.Count > 1 => regions.Select(r => ((string?)clouds[0], (string?)r)),
            (_, 0 or 1) => clouds.Select(c => ((string?)c, regions.FirstOrDefault())),
            _ when clouds.Count == regions.Count => clouds.Zip(regions, (c, r) => ((string?)c, (string?)r)),
            _ => throw new TraasException(ExitCodes.BadInput,
                $"{clouds.Count} --os-cloud and {regions.Count} --os-region-name: give one region per cloud, "
                    + "one region for all, or several regions of one cloud"),
        };
        return [.. pairs.Select(p => new Provider(p.Cloud, p.Region) { MaxStacks = StackLimit }).Distinct()];
    }
}
