using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Traas.Tool.Config;

/// <summary>
/// Passes a parser's events on, counting the nodes and the nesting they stand for with every alias
/// expanded, and throws at the first event past <see cref="BoundedYaml"/>'s limits. It also refuses
/// what PyYAML (which openstacksdk and python-heatclient use) refuses and YamlDotNet would load: an
/// alias to an anchor not defined before it, and a sequence or mapping as a mapping key.
/// </summary>
internal sealed class BoundedYamlParser(IParser inner, int maxNodes = BoundedYaml.MaxNodes,
    int maxDepth = BoundedYaml.MaxDepth) : IParser
{
    /// <summary>What an anchored node stands for wherever an alias repeats it.</summary>
    private sealed record Anchored(long Nodes, int Height, bool IsCollection);

    /// <summary>An open sequence or mapping.</summary>
    private sealed class Open(string? anchor, bool isMapping)
    {
        public string? Anchor { get; } = anchor;

        public bool IsMapping { get; } = isMapping;

        public long Nodes { get; set; } = 1;

        /// <summary>Levels of collections, this one included.</summary>
        public int Height { get; set; } = 1;

        public long Children { get; set; }
    }

    private readonly Dictionary<string, Anchored> _anchors = new(StringComparer.Ordinal);
    private readonly List<Open> _open = [];

    /// <summary>Nodes produced so far, aliases expanded.</summary>
    public long Nodes { get; private set; }

    /// <summary>The deepest nesting seen so far, aliases expanded.</summary>
    public int Depth { get; private set; }

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
            return false;
        Count(inner.Current!);
        return true;
    }

    private void Count(ParsingEvent e)
    {
        switch (e)
        {
            case DocumentStart:
                // Anchors belong to their document.
                _anchors.Clear();
                break;
            case Scalar scalar:
                Child(e, isCollection: false);
                Produce(e, 1, 0);
                Remember(scalar.Anchor, new Anchored(1, 0, IsCollection: false));
                break;
            case AnchorAlias alias:
                Expand(alias);
                break;
            case MappingStart or SequenceStart:
                Child(e, isCollection: true);
                if (_open.Count + 1 > maxDepth)
                    throw TooDeep(e);
                Depth = Math.Max(Depth, _open.Count + 1);
                Nodes++;
                CheckNodes(e);
                var anchor = ((NodeEvent)e).Anchor;
                _open.Add(new Open(anchor.IsEmpty ? null : anchor.Value, e is MappingStart));
                break;
            case MappingEnd or SequenceEnd:
                var closed = _open[^1];
                _open.RemoveAt(_open.Count - 1);
                if (_open.Count > 0)
                    AddTo(_open[^1], closed.Nodes, closed.Height);
                if (closed.Anchor is not null)
                    _anchors[closed.Anchor] = new Anchored(closed.Nodes, closed.Height, IsCollection: true);
                break;
        }
    }

    private void Expand(AnchorAlias alias)
    {
        var name = alias.Value.Value;
        if (_open.Exists(o => o.Anchor == name))
        {
            throw new YamlLimitException(alias.Start,
                $"the alias *{name} stands for a node that contains it (a recursive alias), which has no end; "
                    + "replace the alias with what it should repeat.");
        }
        if (!_anchors.TryGetValue(name, out var anchored))
        {
            // Not named: an unquoted password that starts with '*' is read as an alias, and would be shown.
            throw new YamlException(alias.Start, alias.End,
                "found an undefined alias (a value that starts with '*' is an alias in YAML: quote a value).");
        }
        Child(alias, anchored.IsCollection);
        if (_open.Count + anchored.Height > maxDepth)
            throw TooDeep(alias);
        Depth = Math.Max(Depth, _open.Count + anchored.Height);
        Produce(alias, anchored.Nodes, anchored.Height);
    }

    /// <summary>A node starts in the innermost open collection: as a key, it must be a scalar.</summary>
    private void Child(ParsingEvent e, bool isCollection)
    {
        if (_open.Count == 0)
            return;
        var parent = _open[^1];
        if (parent.IsMapping && parent.Children % 2 == 0 && isCollection)
        {
            throw new YamlException(e.Start, e.End,
                "a sequence or mapping is used as a mapping key; keys must be strings (or other scalars).");
        }
        parent.Children++;
    }

    private void Produce(ParsingEvent e, long nodes, int height)
    {
        Nodes += nodes;
        CheckNodes(e);
        if (_open.Count > 0)
            AddTo(_open[^1], nodes, height);
    }

    private static void AddTo(Open parent, long nodes, int height)
    {
        parent.Nodes += nodes;
        parent.Height = Math.Max(parent.Height, height + 1);
    }

    private void Remember(AnchorName anchor, Anchored anchored)
    {
        if (!anchor.IsEmpty)
            _anchors[anchor.Value] = anchored;
    }

    private void CheckNodes(ParsingEvent e)
    {
        if (Nodes <= maxNodes)
            return;
        throw new YamlLimitException(e.Start,
            $"the YAML stands for more than {maxNodes.ToString(CultureInfo.InvariantCulture)} nodes once its "
                + "aliases are expanded (a \"billion laughs\"?), more than traas-ci reads; "
                + "repeat less through aliases, or split the file.");
    }

    private YamlLimitException TooDeep(ParsingEvent e) => new(e.Start,
        $"the YAML nests sequences and mappings more than {maxDepth.ToString(CultureInfo.InvariantCulture)} "
            + "deep (aliases expanded), more than traas-ci reads; flatten it.");
}
