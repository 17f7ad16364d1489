using System.Reflection;
using NetArchTest.Rules;

namespace Traas.Tool.Tests.Architecture;

/// <summary>
/// The layers of Traas.Tool, bottom up: Model; the cross-cutting Config, Resilience and Logging;
/// the adapters OpenStack, Ssh and GitHub; Pipeline; Commands. Dependencies point down only,
/// adapters and cross-cutting folders never use each other, Traas.Reporting knows nothing of the
/// tool, and only the command line's surface is public.
/// </summary>
public sealed class ArchitectureSpecs
{
    private const string Root = "Traas.Tool";
    private static readonly string[] CrossCutting = [$"{Root}.Config", $"{Root}.Resilience", $"{Root}.Logging"];
    private static readonly string[] Adapters = [$"{Root}.OpenStack", $"{Root}.Ssh", $"{Root}.GitHub", $"{Root}.Gerrit"];
    private static readonly string Pipeline = $"{Root}.Pipeline";
    private static readonly string Commands = $"{Root}.Commands";

    private static Assembly Tool => typeof(Traas.Tool.Commands.TraasCli).Assembly;

    public static TheoryData<string, string[]> Layers()
    {
        var data = new TheoryData<string, string[]>
        {
            { $"{Root}.Model", [.. CrossCutting, .. Adapters, Pipeline, Commands] },
            { Pipeline, [Commands] },
        };
        foreach (var folder in CrossCutting)
            data.Add(folder, [.. CrossCutting.Where(f => f != folder), .. Adapters, Pipeline, Commands]);
        foreach (var adapter in Adapters)
            data.Add(adapter, [.. Adapters.Where(a => a != adapter), Pipeline, Commands]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void A_folder_depends_on_nothing_above_it_nor_beside_it(string folder, string[] forbidden)
    {
        var result = Types.InAssembly(Tool).That().ResideInNamespace(folder).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful, $"{folder} uses {string.Join(" or ", forbidden)}: {Failing(result)}");
    }

    [Fact]
    public void The_heat_client_does_not_use_template_processing()
    {
        // Templates use what they need of the cross-cutting folders; the client of the API never
        // needs templates, so the two folders of the adapter cannot form a cycle.
        var templates = $"{Root}.OpenStack.Templates";
        var result = Types.InAssembly(Tool).That().ResideInNamespace($"{Root}.OpenStack").And().DoNotResideInNamespace(templates)
            .ShouldNot().HaveDependencyOn(templates).GetResult();

        Assert.True(result.IsSuccessful, $"OpenStack uses {templates}: {Failing(result)}");
    }

    [Fact]
    public void Every_folder_of_the_tool_is_a_known_layer()
    {
        string[] known = [$"{Root}.Model", Pipeline, Commands, .. CrossCutting, .. Adapters];
        var strays = Tool.GetTypes().Select(t => t.Namespace ?? "")
            .Where(n => n != Root && n.StartsWith(Root, StringComparison.Ordinal)
                && !known.Any(k => n == k || n.StartsWith(k + ".", StringComparison.Ordinal)))
            .Distinct().ToList();

        Assert.True(strays.Count == 0, $"namespaces outside the layers: {string.Join(", ", strays)}");
    }

    [Fact]
    public void Traas_Reporting_knows_nothing_of_the_tool()
    {
        var result = Types.InAssembly(typeof(Traas.Reporting.ReportGenerator).Assembly).ShouldNot().HaveDependencyOn(Root).GetResult();

        Assert.True(result.IsSuccessful, $"Traas.Reporting uses the tool: {Failing(result)}");
    }

    [Fact]
    public void Traas_Reporting_Input_is_its_bottom_and_uses_none_of_the_folders_above_it()
    {
        var reporting = typeof(Traas.Reporting.ReportGenerator).Assembly;
        const string Input = "Traas.Reporting.Input";
        var above = reporting.GetTypes().Select(t => t.Namespace ?? "")
            .Where(n => n.StartsWith("Traas.Reporting.", StringComparison.Ordinal) && n != Input)
            .Distinct().ToArray();

        var result = Types.InAssembly(reporting).That().ResideInNamespace(Input).ShouldNot()
            .HaveDependencyOnAny(above).GetResult();

        Assert.Contains("Traas.Reporting.Parsing", above);
        Assert.True(result.IsSuccessful, $"Traas.Reporting.Input uses a folder above it: {Failing(result)}");
    }

    [Fact]
    public void Nothing_outside_Commands_is_public()
    {
        var result = Types.InAssembly(Tool).That().DoNotResideInNamespace(Commands).ShouldNot().BePublic().GetResult();

        Assert.True(result.IsSuccessful, $"public outside {Commands}: {Failing(result)}");
    }

    [Fact]
    public void Source_lines_are_at_most_120_characters()
    {
        var src = Path.Combine(OpenStackSandbox.Repo, "src");
        var longLines = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Number: i + 1, line.Length)))
            .Where(x => x.Length > 120)
            .Select(x => $"{Path.GetRelativePath(src, x.File)}:{x.Number} ({x.Length})")
            .ToList();

        Assert.True(longLines.Count == 0, $"{longLines.Count} lines over 120 characters (.editorconfig max_line_length):\n"
            + string.Join("\n", longLines.Take(50)));
    }

    private static string Failing(TestResult result) => string.Join(", ", result.FailingTypeNames ?? []);
}
