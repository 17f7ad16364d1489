using Traas.Tool.Model;

namespace Traas.Tool.Tests;

/// <summary>`traas-ci validate`: the offline checks, and Heat's own validate against the sandbox.</summary>
public sealed class ValidateSpecs
{
    private static string Stack(string file) => Path.Combine(AppContext.BaseDirectory, "Stacks", file);

    private static string Template(string file) => Path.Combine(AppContext.BaseDirectory, "Templates", file);

    [Fact]
    public async Task A_template_with_its_registry_and_nested_files_passes()
    {
        var run = await CliRun.RunAsync(["validate", "-t", Template("registry-subdir/stack.yaml"), "-e", Template("registry-subdir/envs/sub/registry.yaml")]);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.Contains("the offline checks pass (3 files read)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_traas_templates_pass_with_the_registry_and_the_example_environment_given_as_repeated_e()
    {
        var templates = Path.Combine(TemplateProcessingSpecs.RepoRoot(), "templates");

        var run = await CliRun.RunAsync(["validate", "-t", Path.Combine(templates, "traas.yaml"),
            "-e", Path.Combine(templates, "traas-resource-registry.yaml"), "-e", Path.Combine(templates, "example-environments", "rdo-cloud-env.yaml")]);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
    }

    [Fact]
    public async Task Without_e_the_registry_beside_the_template_is_read_as_run_reads_it()
    {
        var run = await CliRun.RunAsync(["validate", "-t", Path.Combine(TemplateProcessingSpecs.RepoRoot(), "templates", "traas.yaml")]);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.Contains("the offline checks pass", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_traas_templates_without_their_registry_name_every_unmapped_type()
    {
        // traas.yaml alone in a folder: no registry beside it, and none given.
        var folder = Directory.CreateTempSubdirectory("traas-validate-").FullName;
        File.Copy(Path.Combine(TemplateProcessingSpecs.RepoRoot(), "templates", "traas.yaml"), Path.Combine(folder, "traas.yaml"));
        try
        {
            var run = await CliRun.RunAsync(["validate", "-t", Path.Combine(folder, "traas.yaml")]);

            Assert.Equal(ExitCodes.BadInput, run.ExitCode);
            Assert.All(["PublicNetwork", "PrivateNetwork", "Swap", "Undercloud", "OvercloudNodes", "TociJob"],
                t => Assert.Contains($"type OS::TraaS::{t}, which no resource_registry maps", run.Stderr, StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task I_see_every_dangling_reference_and_unmapped_type_at_once()
    {
        var run = await CliRun.RunAsync(["validate", "-t", Stack("lint-problems.yaml")]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        string[] expected =
        [
            "resource node has type OS::TraaS::Undercloud, which no resource_registry maps",
            "resource node depends_on missing_volume, which is not a resource of this template.",
            "get_param flavour, which is not a parameter of this template.",
            "get_resource no_such_port, which is not a resource of this template.",
            "get_attr no_such_server, which is not a resource of this template.",
            "5 problems found",
        ];
        Assert.All(expected, e => Assert.Contains(e, run.Stderr, StringComparison.Ordinal));
        Assert.DoesNotContain("OS::stack_name", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("depends_on network,", run.Stderr, StringComparison.Ordinal);
    }

    public static TheoryData<string[], string> UndeclaredParameters => new()
    {
        { ["--parameter", "not_in_template=1"], "--parameter gives not_in_template, which it does not declare" },
        { ["--parameter", "greeting=salut;not_in_template=1"], "--parameter gives not_in_template, which it does not declare" },
        { ["-e", Stack("undeclared.yaml")], "an environment's parameters gives not_in_template, which it does not declare" },
    };

    [Theory]
    [MemberData(nameof(UndeclaredParameters))]
    public async Task A_parameter_the_template_does_not_declare_is_refused_offline_as_Heat_refuses_it(string[] given,
        string message)
    {
        var run = await CliRun.RunAsync(["validate", "-t", Stack("hello.yaml"), .. given]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains($"traas-ci: error: the template: {message} (Heat refuses it;", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Declared_parameters_and_parameter_defaults_pass_and_a_bad_parameter_option_is_one_line()
    {
        var folder = Directory.CreateTempSubdirectory("traas-validate-").FullName;
        File.WriteAllText(Path.Combine(folder, "greeting.txt"), "bonjour");
        // parameter_defaults may name any parameter: Heat passes them on to nested templates.
        File.WriteAllText(Path.Combine(folder, "defaults.yaml"), "parameter_defaults:\n  anything_at_all: 1\n");
        File.Copy(Stack("hello.yaml"), Path.Combine(folder, "hello.yaml"));
        var template = Path.Combine(folder, "hello.yaml");
        try
        {
            var declared = await CliRun.RunAsync(["validate", "-t", template, "--parameter", "greeting=salut",
                "-e", Path.Combine(folder, "defaults.yaml")]);
            var fromFile = await CliRun.RunAsync(["validate", "-t", template, "--parameter-file", "greeting=greeting.txt"]);
            var missingFile = await CliRun.RunAsync(["validate", "-t", template, "--parameter-file", "greeting=gone.txt"]);
            var malformed = await CliRun.RunAsync(["validate", "-t", template, "--parameter", "greeting"]);

            Assert.True(declared.ExitCode == ExitCodes.Passed, declared.Stderr);
            Assert.True(fromFile.ExitCode == ExitCodes.Passed, fromFile.Stderr);
            Assert.Equal((ExitCodes.BadInput, ExitCodes.BadInput), (missingFile.ExitCode, malformed.ExitCode));
            Assert.Contains($"--parameter-file greeting=gone.txt: cannot read {folder}/gone.txt", missingFile.Stderr,
                StringComparison.Ordinal);
            Assert.Contains("--parameter greeting is malformed: use the key=value form.", malformed.Stderr,
                StringComparison.Ordinal);
            Assert.All(new[] { missingFile, malformed }, r => Assert.Single(r.Stderr.TrimEnd().Split('\n')));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task An_unknown_template_version_is_reported()
    {
        var run = await CliRun.RunAsync(["validate", "-t", Stack("old-version.yaml")]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("heat_template_version '2012-12-12' is not one Heat knows", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_yaml_error_names_its_line()
    {
        var run = await CliRun.RunAsync(["validate", "-t", Stack("broken.yaml")]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("broken.yaml: line 5, column 4:", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_get_file_is_reported_with_its_path()
    {
        var folder = Directory.CreateTempSubdirectory("traas-validate-").FullName;
        File.WriteAllText(Path.Combine(folder, "t.yaml"), "heat_template_version: 2016-10-14\nresources:\n  c:\n    type: OS::Heat::SoftwareConfig\n    properties: {config: {get_file: scripts/missing.sh}}\n");
        try
        {
            var run = await CliRun.RunAsync(["validate", "-t", Path.Combine(folder, "t.yaml")]);

            Assert.Equal(ExitCodes.BadInput, run.ExitCode);
            Assert.Contains($"the file {folder}/scripts/missing.sh does not exist.", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>`traas-ci validate --heat` against the real Heat of the sandbox.</summary>
[Collection(OpenStackSandbox.Collection)]
public sealed class HeatValidateSpecs(OpenStackSandbox sandbox)
{
    private static string Stack(string file) => Path.Combine(AppContext.BaseDirectory, "Stacks", file);

    [Fact]
    public async Task Heats_validate_passes_on_a_good_template()
    {
        var run = await CliRun.RunAsync(["validate", "--heat", "-t", Stack("hello.yaml")], environment: sandbox.Environment);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.Contains("Heat's validate passes in cloud traas-sandbox", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Heats_validate_passes_on_the_traas_templates()
    {
        var templates = Path.Combine(TemplateProcessingSpecs.RepoRoot(), "templates");

        var run = await CliRun.RunAsync(["validate", "--heat", "-t", Path.Combine(templates, "traas.yaml"),
            "-e", Path.Combine(templates, "traas-resource-registry.yaml"), "-e", Path.Combine(templates, "example-environments", "rdo-cloud-env.yaml")],
            environment: sandbox.Environment);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
    }

    [Fact]
    public async Task With_several_providers_Heat_validates_in_each()
    {
        var run = await CliRun.RunAsync(["validate", "--heat", "-t", Stack("hello.yaml"), "--os-cloud", "traas-ops",
            "--os-region-name", "RegionTwo", "--os-region-name", "RegionOne"], environment: sandbox.Environment);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.Contains("Heat's validate passes in cloud traas-ops, region RegionTwo", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Heat's validate passes in cloud traas-ops, region RegionOne", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_several_providers_Heats_objection_names_the_provider()
    {
        var run = await CliRun.RunAsync(["validate", "--heat", "-t", Stack("heat-rejects.yaml"), "--os-cloud", "traas-ops",
            "--os-region-name", "RegionTwo", "--os-region-name", "RegionOne"], environment: sandbox.Environment);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("traas-ci: error: traas-ops/RegionTwo: Heat rejected the request to validate the template:", run.Stderr,
            StringComparison.Ordinal);
        Assert.DoesNotContain("RegionOne", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Heats_validate_takes_the_parameters_given()
    {
        var run = await CliRun.RunAsync(["validate", "--heat", "-t", Stack("hello.yaml"), "--parameter", "greeting=salut"],
            environment: sandbox.Environment);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.Contains("Heat's validate passes in cloud traas-sandbox", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Heats_objection_is_reported_in_one_line()
    {
        var run = await CliRun.RunAsync(["validate", "--heat", "-t", Stack("heat-rejects.yaml")], environment: sandbox.Environment);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("Heat rejected the request to validate the template:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("no_such_property", run.Stderr, StringComparison.Ordinal);
    }
}
