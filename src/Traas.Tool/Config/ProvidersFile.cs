using YamlDotNet.RepresentationModel;

namespace Traas.Tool.Config;

/// <summary>
/// The providers file (--providers): where traas-ci may run stacks, in the order it tries them.
///
///     providers:
///       - cloud: east            # a cloud of clouds.yaml
///         region: RegionOne      # optional: the cloud's first
///         max-stacks: 4          # optional: the most traas-ci stacks there at once
///         job-types: [periodic-tripleo-ci-centos-9-ovb-3ctlr_1comp-featureset001]   # optional: all
/// </summary>
internal static class ProvidersFile
{
    public static IReadOnlyList<Provider> Load(string path)
    {
        var root = BoundedYaml.LoadFile(path, "--providers");
        var list = root is YamlMappingNode top && top.Children.TryGetValue(new YamlScalarNode("providers"), out var p)
            ? p as YamlSequenceNode
            : null;
        if (list is null || list.Children.Count == 0)
            throw Bad(path, root?.Start.Line ?? 1, "give a list `providers:` with at least one entry (cloud, region, "
                + "max-stacks, job-types)");
        return list.Children.Select(entry => Entry(path, entry)).ToList();
    }

    private static Provider Entry(string path, YamlNode entry)
    {
        var line = entry.Start.Line;
        if (entry is not YamlMappingNode map)
            throw Bad(path, line, "each provider is a mapping with cloud, region, max-stacks, job-types");
        var known = new[] { "cloud", "region", "max-stacks", "job-types" };
        foreach (var key in map.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? ""))
        {
            if (!known.Contains(key, StringComparer.Ordinal))
                throw Bad(path, line, $"'{key}' is not a provider field; give {string.Join(", ", known)}");
        }
        string? Scalar(string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var node)
            ? node is YamlScalarNode { Value: { } value } ? value
                : throw Bad(path, node.Start.Line, $"{key} is a single value")
            : null;
        var cloud = Scalar("cloud") ?? throw Bad(path, line, "a provider needs its cloud (a cloud of clouds.yaml)");
        int? max = null;
        if (Scalar("max-stacks") is { } text)
        {
            max = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
                ? n
                : throw Bad(path, line, $"max-stacks '{text}' is not a whole number of 1 or more");
        }
        List<string> jobTypes = [];
        if (map.Children.TryGetValue(new YamlScalarNode("job-types"), out var types))
        {
            jobTypes = types is YamlSequenceNode sequence
                && sequence.Children.All(t => t is YamlScalarNode { Value.Length: > 0 })
                ? [.. sequence.Children.Cast<YamlScalarNode>().Select(t => t.Value!)]
                : throw Bad(path, types.Start.Line, "job-types is a list of job type names");
        }
        return new Provider(cloud, Scalar("region")) { MaxStacks = max, JobTypes = jobTypes };
    }

    private static TraasException Bad(string path, long line, string problem) =>
        new(ExitCodes.BadInput, $"--providers {path}:{line}: {problem}");
}
