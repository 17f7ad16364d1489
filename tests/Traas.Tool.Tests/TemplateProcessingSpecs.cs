using System.Text.Json.Nodes;
using Traas.Tool.Model;
using Traas.Tool.OpenStack.Templates;

namespace Traas.Tool.Tests;

/// <summary>
/// The body of stack create, differential against Debian's python3-heatclient: template, files,
/// environment, environment_files and parameters must equal theirs as JSON.
/// </summary>
public sealed class TemplateProcessingSpecs
{
    public sealed record Case(string Name, string Template, string[] Environments, string[] Parameters, string[] ParameterFiles)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases => new()
    {
        new("nested template with its own get_file", "nested-get-file/main.yaml", [], [], []),
        new("resource_registry in an environment in a subfolder", "registry-subdir/stack.yaml", ["registry-subdir/envs/sub/registry.yaml"], [], []),
        new("environments overriding each other", "overriding-environments/stack.yaml",
            ["overriding-environments/first.yaml", "overriding-environments/second.yaml"], [], []),
        new("parameters and parameter_defaults", "parameter-defaults/stack.yaml", ["parameter-defaults/env.yaml"], ["volume_id=vol-1"], []),
        new("--parameter with ';' and --parameter-file relative to the template", "parameter-file/stack.yaml", [],
            ["a=1;b=two;c=x;c=y"], ["key_data=params/key.pub", "motd=params/motd.txt"]),
        new("repeated --parameter becomes a list", "parameter-file/stack.yaml", [], ["c=x", "c=y", "a=1"], ["motd=params/motd.txt"]),
        new("non-ASCII, floats, booleans, dates and a binary get_file", "odd-content/stack.yaml", [], [], []),
        new("anchors and merge keys in a template and an environment", "merge-keys/stack.yaml", ["merge-keys/env.yaml"], [],
            []),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void I_build_the_same_stack_create_body_as_python_heatclient(Case testCase)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "Templates");
        string Full(string path) => Path.Combine(root, path);

        var expected = HeatClientReference(Full(testCase.Template), [.. testCase.Environments.Select(Full)], testCase.Parameters, testCase.ParameterFiles);
        var ours = StackRequest.Build("s", Full(testCase.Template), [.. testCase.Environments.Select(Full)], testCase.Parameters, testCase.ParameterFiles, null, []);
        foreach (var key in new[] { "stack_name", "disable_rollback" })
            ours.Remove(key);

        Assert.Equal(Canonical(expected), Canonical(ours));
    }

    [Fact]
    public void I_build_the_same_body_as_python_heatclient_for_the_traas_templates_with_the_example_environment()
    {
        var templates = Path.Combine(RepoRoot(), "templates");
        string[] environments = [Path.Combine(templates, "traas-resource-registry.yaml"), Path.Combine(templates, "example-environments", "rdo-cloud-env.yaml")];
        string[] parameters = ["toci_jobtype=multinode-1ctlr-featureset010", "zuul_changes=openstack/tripleo-heat-templates:master:refs/changes/42/4242/1"];

        var expected = HeatClientReference(Path.Combine(templates, "traas.yaml"), environments, parameters, []);
        var ours = StackRequest.Build("s", Path.Combine(templates, "traas.yaml"), environments, parameters, [], null, []);
        foreach (var key in new[] { "stack_name", "disable_rollback" })
            ours.Remove(key);

        Assert.Equal(Canonical(expected), Canonical(ours));
        Assert.True(ours["files"]!.AsObject().Count >= 12, "every nested template and script is in the files map");
    }

    public static TheoryData<string[]> UserParameterShapes => new()
    {
        // One --parameter holding several, which heatclient splits on ';'.
        { ["volume_id=vol-1;key_name=my key"] },
        // A key given twice, which heatclient makes a list of.
        { ["volume_id=vol-1", "volume_id=vol-2"] },
    };

    /// <summary>
    /// What `run` adds from its own options (--toci-jobtype here) does not change what heatclient makes of the
    /// user's own --parameter values: before, a lone "a=1;b=2" was no longer split once run added one.
    /// </summary>
    [Theory]
    [MemberData(nameof(UserParameterShapes))]
    public void The_users_parameters_mean_what_heatclient_makes_of_them_whatever_run_adds(string[] parameters)
    {
        var templates = Path.Combine(RepoRoot(), "templates");
        var template = Path.Combine(templates, "traas.yaml");
        string[] environments = [Path.Combine(templates, "traas-resource-registry.yaml")];

        var expected = HeatClientReference(template, environments, parameters, [])["parameters"]!.AsObject();
        expected["toci_jobtype"] = "multinode-1ctlr-featureset010";
        var ours = StackRequest.Build("s", template, environments, parameters, [], null, [],
            [new RunParameter("toci_jobtype", "multinode-1ctlr-featureset010", "--toci-jobtype")]);

        Assert.Equal(Canonical(expected), Canonical(ours["parameters"]));
    }

    [Fact]
    public void Changes_run_adds_join_the_users_own_before_them_as_zuul_puts_the_change_under_test_last()
    {
        var template = Full("parameter-defaults/stack.yaml");

        var ours = StackRequest.Build("s", template, [], ["zuul_changes=org/repo:main:refs/pull/5/head"], [], null, [],
            [new RunParameter("zuul_changes", "org/dep:main:refs/pull/7/head", "--zuul-changes or Depends-On", true)]);

        Assert.Equal("org/dep:main:refs/pull/7/head^org/repo:main:refs/pull/5/head",
            (string?)ours["parameters"]!["zuul_changes"]);
    }

    [Fact]
    public void Changes_run_adds_join_an_environments_own_which_a_request_parameter_would_replace()
    {
        var template = Full("joined-changes/stack.yaml");
        RunParameter[] own =
        [
            new("zuul_changes", "org/dep:main:refs/pull/7/head", "--zuul-changes or Depends-On", true),
            new("ci_changes", "openstack/tripleo-ci:333", "--ci-changes or Depends-On", true),
        ];

        var ours = StackRequest.Build("s", template, [Full("joined-changes/env.yaml")], [], [], null, [], own);

        // Heat takes a request parameter over an environment's parameter_defaults (HeatSpecs shows it).
        Assert.Equal("org/dep:main:refs/pull/7/head^openstack/tripleo-heat-templates:master:refs/changes/42/4242/1",
            (string?)ours["parameters"]!["zuul_changes"]);
        Assert.Equal("openstack/tripleo-ci:333^openstack/tripleo-ci:222", (string?)ours["parameters"]!["ci_changes"]);
    }

    [Fact]
    public void A_run_option_for_a_key_an_environments_parameters_set_is_one_clear_error()
    {
        var template = Full("joined-changes/stack.yaml");
        RunParameter[] own = [new("zuul_changes", "org/dep:main:refs/pull/7/head", "--zuul-changes or Depends-On", true)];

        var error = Assert.Throws<TraasException>(() =>
            StackRequest.Build("s", template, [Full("joined-changes/fixed.yaml")], [], [], null, [], own));

        // Heat merges the environment over the request (HeatSpecs shows it): the changes would not be tested.
        Assert.Equal((ExitCodes.BadInput, "--zuul-changes or Depends-On gives zuul_changes=org/dep:main:refs/pull/7/head, "
            + "and an environment (-e) sets zuul_changes in its parameters, which Heat takes over the request's: move it "
            + "to parameter_defaults"), (error.ExitCode, error.Message));
    }

    [Fact]
    public void An_option_of_run_and_a_parameter_that_disagree_are_one_clear_error_and_agreeing_ones_are_not()
    {
        var template = Full("parameter-defaults/stack.yaml");
        RunParameter[] own = [new("toci_jobtype", "bar", "--toci-jobtype")];

        var error = Assert.Throws<TraasException>(() =>
            StackRequest.Build("s", template, [], ["toci_jobtype=foo"], [], null, [], own));
        var agreed = StackRequest.Build("s", template, [], ["toci_jobtype=bar"], [], null, [], own);

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal("--toci-jobtype gives toci_jobtype=bar, and --parameter or --parameter-file gives it \"foo\"; "
            + "give toci_jobtype once", error.Message);
        Assert.Equal("bar", (string?)agreed["parameters"]!["toci_jobtype"]);
    }

    [Theory]
    [InlineData("=x", "--parameter =x has no key: use the key=value form.")]
    [InlineData("x", "--parameter x is malformed: use the key=value form.")]
    public void A_parameter_without_a_key_is_one_clear_error(string parameter, string message)
    {
        var error = Assert.Throws<TraasException>(() =>
            StackRequest.Build("s", Full("parameter-defaults/stack.yaml"), [], [parameter], [], null, []));

        Assert.Equal((ExitCodes.BadInput, message), (error.ExitCode, error.Message));
    }

    private static string Full(string path) => Path.Combine(AppContext.BaseDirectory, "Templates", path);

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Traas.Ci.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Traas.Ci.sln not found");
    }

    [Fact]
    public void Get_file_and_nested_types_become_file_urls_with_their_content_in_files()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "Templates", "nested-get-file");

        var body = StackRequest.Build("s", Path.Combine(root, "main.yaml"), [], [], [], null, []);

        var childUrl = new Uri(Path.Combine(root, "nested", "child.yaml")).AbsoluteUri;
        Assert.Equal(childUrl, (string?)body["template"]!["resources"]!["child"]!["type"]);
        Assert.Equal("#!/bin/bash\necho \"run by traas\"\n", (string?)body["files"]![new Uri(Path.Combine(root, "nested", "scripts", "run.sh")).AbsoluteUri]);
        Assert.StartsWith("{\"heat_template_version\": \"2016-10-14\", ", (string?)body["files"]![childUrl], StringComparison.Ordinal);
    }

    [Fact]
    public void I_get_a_clear_error_for_a_missing_template_file()
    {
        var error = Assert.Throws<TraasException>(() => StackRequest.Build("s", "/nonexistent/traas.yaml", [], [], [], null, []));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith("the template /nonexistent/traas.yaml does not exist.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_yaml_syntax_error_names_the_line()
    {
        var file = Path.Combine(Path.GetTempPath(), $"traas-bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, "heat_template_version: 2016-10-14\nresources:\n  a:\n    type: OS::Heat::Value\n   properties: {value: 1}\n");
        try
        {
            var error = Assert.Throws<TraasException>(() => StackRequest.Build("s", file, [], [], [], null, []));

            Assert.StartsWith($"{file}: line 5, column 4:", error.Message, StringComparison.Ordinal);
            Assert.EndsWith("The template is not valid YAML; fix it and run again.", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_template_that_includes_itself_is_a_clear_error()
    {
        var folder = Directory.CreateTempSubdirectory("traas-cycle-").FullName;
        File.WriteAllText(Path.Combine(folder, "a.yaml"), "heat_template_version: 2016-10-14\nresources:\n  b: {type: b.yaml}\n");
        File.WriteAllText(Path.Combine(folder, "b.yaml"), "heat_template_version: 2016-10-14\nresources:\n  a: {type: a.yaml}\n");
        try
        {
            var error = Assert.Throws<TraasException>(() => StackRequest.Build("s", Path.Combine(folder, "a.yaml"), [], [], [], null, []));

            Assert.Contains("refers to itself", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Canonical(JsonNode? node) => Sort(node)?.ToJsonString() ?? "null";

    /// <summary>Keys sorted, numbers compared as numbers (1e+19 and 1E+19 are one JSON number); strings exactly.</summary>
    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject map => new JsonObject(map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
        JsonArray list => new JsonArray(list.Select(Sort).ToArray()),
        JsonValue number when number.GetValueKind() == System.Text.Json.JsonValueKind.Number =>
            JsonValue.Create(double.Parse(number.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)),
        _ => node?.DeepClone(),
    };

    private static JsonObject HeatClientReference(string template, string[] environments, string[] parameters, string[] parameterFiles)
    {
        var spec = new JsonObject
        {
            ["template"] = template,
            ["environments"] = new JsonArray(environments.Select(e => (JsonNode)e).ToArray()),
            ["parameters"] = new JsonArray(parameters.Select(e => (JsonNode)e).ToArray()),
            ["parameter_files"] = new JsonArray(parameterFiles.Select(e => (JsonNode)e).ToArray()),
        };
        var stdout = PythonReference.Run("heatclient_stack_create.py", [spec.ToJsonString()]);
        return JsonNode.Parse(stdout)!.AsObject();
    }
}
