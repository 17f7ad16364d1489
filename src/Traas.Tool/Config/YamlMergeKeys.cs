using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Traas.Tool.Config;

/// <summary>
/// YAML 1.1's merge key (<c>&lt;&lt;: *base</c>, <c>&lt;&lt;: [*a, *b]</c>), resolved in a loaded tree as PyYAML's
/// safe_load resolves it, which openstacksdk (clouds.yaml) and Heat (templates, environments) read with: the
/// mapping's own keys win, then the merged mappings' in their order (the first that has a key gives it), each
/// merged mapping resolved first, and the keys come in PyYAML's order. A quoted "&lt;&lt;" is an ordinary key.
/// </summary>
/// <remarks>
/// Not YamlDotNet's MergingParser: it splices the merged events into the mapping, so that a key both merged and
/// given again is a duplicate key, and the load fails where PyYAML takes the override. The tree is bounded
/// already (<see cref="BoundedYamlParser"/> counts every alias as the nodes it stands for), and so is what
/// merging makes of it.
/// </remarks>
internal static class YamlMergeKeys
{
    private const string MergeTag = "tag:yaml.org,2002:merge";

    /// <summary>Resolves every merge key below <paramref name="root"/>, in place.</summary>
    /// <exception cref="YamlException">A merge key's value is not a mapping or a list of mappings.</exception>
    public static void Resolve(YamlNode root) =>
        Resolve(root, new HashSet<YamlNode>(ReferenceEqualityComparer.Instance));

    private static void Resolve(YamlNode node, HashSet<YamlNode> done)
    {
        // An anchored node stands in several places: it is resolved once.
        if (!done.Add(node))
            return;
        if (node is YamlSequenceNode sequence)
        {
            foreach (var item in sequence.Children)
                Resolve(item, done);
            return;
        }
        if (node is not YamlMappingNode mapping)
            return;
        foreach (var (key, value) in mapping.Children)
        {
            Resolve(key, done);
            Resolve(value, done);
        }
        var merge = mapping.Children.Keys.FirstOrDefault(IsMergeKey);
        if (merge is null)
            return;
        // As PyYAML's flatten_mapping and construct_mapping: the merged mappings last to first, then the mapping's
        // own keys, each later value taking the place of an earlier one (so the order of keys is PyYAML's too).
        var pairs = Sources(mapping.Children[merge]).Reverse().SelectMany(source => source.Children)
            .Concat(mapping.Children.Where(pair => !ReferenceEquals(pair.Key, merge)))
            .ToList();
        var keys = new List<YamlNode>();
        var values = new Dictionary<YamlNode, YamlNode>();
        foreach (var (key, value) in pairs)
        {
            if (!values.ContainsKey(key))
                keys.Add(key);
            values[key] = value;
        }
        mapping.Children.Clear();
        foreach (var key in keys)
            mapping.Children.Add(key, values[key]);
    }

    private static bool IsMergeKey(YamlNode key) => key is YamlScalarNode { Value: "<<" } scalar
        && (scalar.Tag.IsEmpty ? scalar.Style is ScalarStyle.Plain or ScalarStyle.Any : scalar.Tag.Value == MergeTag);

    private static IEnumerable<YamlMappingNode> Sources(YamlNode value) => value switch
    {
        YamlMappingNode single => [single],
        YamlSequenceNode list when list.Children.All(item => item is YamlMappingNode) =>
            list.Children.Cast<YamlMappingNode>(),
        _ => throw new YamlException(value.Start, value.End,
            "a merge key (<<) takes a mapping or a list of mappings, such as <<: *base or <<: [*a, *b]."),
    };
}
