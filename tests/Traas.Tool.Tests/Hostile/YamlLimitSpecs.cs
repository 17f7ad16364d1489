using Traas.Tool.Config;
using Xunit.Abstractions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Traas.Tool.Tests.Hostile;

/// <summary>
/// How <see cref="BoundedYaml"/> counts: every alias as the nodes it stands for, nesting through
/// aliases too; and the real traas files, measured, far below its limits.
/// </summary>
public sealed class YamlLimitSpecs(ITestOutputHelper output)
{
    public static TheoryData<string> RealFiles()
    {
        var data = new TheoryData<string>();
        var templates = Path.Combine(OpenStackSandbox.Repo, "templates");
        foreach (var file in Directory.EnumerateFiles(templates, "*.yaml*", SearchOption.AllDirectories).Order())
            data.Add(Path.GetRelativePath(OpenStackSandbox.Repo, file));
        data.Add("src/Traas.Tool/Config/known-failures.yaml");
        return data;
    }

    [Theory]
    [MemberData(nameof(RealFiles))]
    public void The_traas_templates_environments_and_known_failures_stay_far_below_the_limits(string file)
    {
        var (nodes, depth) = Measure(File.ReadAllText(Path.Combine(OpenStackSandbox.Repo, file)));

        output.WriteLine($"{file}: {nodes} nodes, {depth} deep");
        Assert.InRange(nodes, 1, BoundedYaml.MaxNodes / 100);
        Assert.InRange(depth, 1, BoundedYaml.MaxDepth / 4);
    }

    [Fact]
    public void An_alias_counts_as_every_node_it_stands_for()
    {
        // The mapping, a, the sequence and its two items, b, and the sequence again through *x.
        var (nodes, depth) = Measure("a: &x [1, 2]\nb: *x\n");

        Assert.Equal(9, nodes);
        Assert.Equal(2, depth);
    }

    [Fact]
    public void Nesting_through_aliases_counts_as_deep_as_it_expands()
    {
        var (_, depth) = Measure("a: &a [[x]]\nb: &b [*a]\nc: [*b]\n");

        // c's sequence, *b's, *a's two: four under the top mapping.
        Assert.Equal(5, depth);
    }

    [Fact]
    public void The_first_node_past_the_limit_stops_the_load_with_its_line()
    {
        const string text = "a: &x [1, 2]\nb: *x\n";
        Assert.Equal(9, Measure(text, maxNodes: 9).Nodes);

        var error = Assert.Throws<YamlLimitException>(() => Measure(text, maxNodes: 8));

        Assert.Equal(2, error.Start.Line);
        Assert.Contains("more than 8 nodes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scalar_alias_may_be_a_key_and_an_anchor_defined_again_is_the_later_one()
    {
        var root = (YamlMappingNode)BoundedYaml.Load(new StringReader("k: &k name\n*k : 1\nv: &v [1]\nv2: &v [1, 2, 3]\nw: *v\n"))!;

        Assert.Equal("1", ((YamlScalarNode)root[new YamlScalarNode("name")]).Value);
        Assert.Equal(3, ((YamlSequenceNode)root[new YamlScalarNode("w")]).Children.Count);
    }

    [Theory]
    [InlineData("a: *x\nb: &x 1\n", "found an undefined alias")]
    [InlineData("--- &a [1]\n--- *a\n", "found an undefined alias")]
    [InlineData("? [a, b]\n: 1\n", "a sequence or mapping is used as a mapping key")]
    [InlineData("a: &m {k: v}\n*m : 1\n", "a sequence or mapping is used as a mapping key")]
    [InlineData("{[a]: 1}", "a sequence or mapping is used as a mapping key")]
    public void What_PyYAML_refuses_is_a_YAML_error_with_its_line(string text, string message)
    {
        var error = Assert.Throws<YamlException>(() => BoundedYaml.Load(new StringReader(text)));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.True(error.Start.Line > 0);
    }

    [Theory]
    [InlineData("a: &a [*a]\n")]
    [InlineData("a: &m {self: *m}\n")]
    [InlineData("a: &a [1, [2, {x: *a}]]\n")]
    [InlineData("a: &a [1]\nb: &a [*a]\n")]
    public void A_recursive_alias_is_refused_where_it_appears(string text)
    {
        var error = Assert.Throws<YamlLimitException>(() => BoundedYaml.Load(new StringReader(text)));

        Assert.Contains("recursive alias", error.Message, StringComparison.Ordinal);
    }

    private static (long Nodes, int Depth) Measure(string text, int maxNodes = BoundedYaml.MaxNodes)
    {
        var parser = new BoundedYamlParser(new Parser(new StringReader(text)), maxNodes);
        new YamlStream().Load(parser);
        return (parser.Nodes, parser.Depth);
    }
}
