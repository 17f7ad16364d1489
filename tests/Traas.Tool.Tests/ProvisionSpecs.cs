using System.Text.Json.Nodes;
using Traas.Tool.Model;

namespace Traas.Tool.Tests;

/// <summary>`traas-ci provision`, `status` and `delete` against the real Keystone and Heat of the sandbox.</summary>
[Collection(OpenStackSandbox.Collection)]
public sealed class ProvisionSpecs(OpenStackSandbox sandbox)
{
    private static string Stack(string file) => Path.Combine(AppContext.BaseDirectory, "Stacks", file);

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    private Dictionary<string, string> Environment => new(sandbox.Environment) { ["TRAAS_POLL_SECONDS"] = "1" };

    private Task<CliRun> RunAsync(params string[] args) => CliRun.RunAsync(args, environment: Environment);

    [Fact]
    public async Task I_can_provision_a_stack_see_its_outputs_and_status_then_delete_it()
    {
        var name = NewName("prov");

        var provision = await RunAsync("provision", name, "-t", Stack("hello.yaml"), "--parameter", "greeting=bonjour", "--os-cloud", "traas-sandbox", "--tag", "traas-ci");
        var status = await RunAsync("status", name, "--os-cloud", "traas-sandbox");
        var delete = await RunAsync("delete", name, "--wait", "--os-cloud", "traas-sandbox");
        var gone = await RunAsync("status", name, "--os-cloud", "traas-sandbox");

        Assert.Equal(ExitCodes.Passed, provision.ExitCode);
        Assert.Equal("bonjour", (string?)JsonNode.Parse(provision.Stdout)!["said"]);
        Assert.Contains($"[{name}]: CREATE_COMPLETE  Stack CREATE completed successfully", provision.Stderr, StringComparison.Ordinal);
        Assert.Contains($"[{name}.value]: CREATE_COMPLETE", provision.Stderr, StringComparison.Ordinal);
        Assert.Equal("CREATE_COMPLETE", (string?)JsonNode.Parse(status.Stdout)!["status"]);
        Assert.Equal(ExitCodes.Passed, delete.ExitCode);
        Assert.Equal(ExitCodes.NoSuchStack, gone.ExitCode);
        Assert.Contains($"there is no stack '{name}'", gone.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_e_the_registry_beside_the_template_maps_its_types_as_run_maps_them()
    {
        // A template whose only resource has a type that just the registry beside it maps, as traas.yaml's do.
        var folder = Directory.CreateTempSubdirectory("traas-provision-").FullName;
        File.Copy(Stack("hello.yaml"), Path.Combine(folder, "hello.yaml"));
        File.WriteAllText(Path.Combine(folder, "stack.yaml"), """
            heat_template_version: 2016-10-14
            resources:
              greeter: {type: "OS::TraaS::Greeter", properties: {greeting: salut}}
            outputs:
              said: {value: {get_attr: [greeter, said]}}
            """);
        File.WriteAllText(Path.Combine(folder, "traas-resource-registry.yaml"),
            "resource_registry:\n  OS::TraaS::Greeter: hello.yaml\n");
        var name = NewName("reg");

        var run = await RunAsync("provision", name, "-t", Path.Combine(folder, "stack.yaml"));
        await RunAsync("delete", name, "--wait");
        Directory.Delete(folder, recursive: true);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.Equal("salut", (string?)JsonNode.Parse(run.Stdout)!["said"]);
    }

    [Fact]
    public async Task A_failure_deep_in_a_nested_stack_is_a_node_failure_with_its_root_cause()
    {
        var name = NewName("fail");

        var run = await RunAsync("provision", name, "-t", Stack("failing-parent.yaml"));
        await RunAsync("delete", name, "--wait");

        Assert.Equal(ExitCodes.NodeFailure, run.ExitCode);
        Assert.Contains($"NODE_FAILURE: stack {name} is CREATE_FAILED", run.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"root cause:\n  [^\n]*undercloud-[^.\n]*\.toci_job \(OS::Heat::TestResource\): CREATE_FAILED: [^\n]*Test Resource failed", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provision_that_outlives_two_tokens_still_succeeds()
    {
        // Keystone here issues tokens for 60 s, renewed 15 s before they expire; this stack takes 100 s to create.
        var name = NewName("long");

        var run = await RunAsync("provision", name, "-t", Stack("slow-but-fine.yaml"), "-v");
        await RunAsync("delete", name, "--wait");

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.Equal("done", (string?)JsonNode.Parse(run.Stdout)!["result"]);
        Assert.True(System.Text.RegularExpressions.Regex.Matches(run.Stderr, "renewing the Keystone token").Count >= 2,
            "the token was not renewed at least twice during a 100 s create");
    }

    [Fact]
    public async Task A_stack_that_outlives_its_timeout_fails_with_heats_reason()
    {
        var name = NewName("slow");

        var run = await RunAsync("provision", name, "-t", Stack("slow.yaml"), "--timeout", "1");
        await RunAsync("delete", name, "--wait");

        Assert.Equal(ExitCodes.NodeFailure, run.ExitCode);
        Assert.Contains("timed out", run.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    public static TheoryData<string, string[], int, string> BadInputs => new()
    {
        { "unknown cloud", ["--os-cloud", "no-such-cloud"], ExitCodes.BadInput, "cloud 'no-such-cloud' was not found in" },
        { "missing template", ["-t", "/nonexistent/traas.yaml"], ExitCodes.BadInput, "the template /nonexistent/traas.yaml does not exist." },
        { "YAML syntax error", ["-t", "{stacks}/broken.yaml"], ExitCodes.BadInput, "broken.yaml: line 5, column 4:" },
        { "undeclared parameter", ["-t", "{stacks}/hello.yaml", "-e", "{stacks}/undeclared.yaml"], ExitCodes.BadInput, "does not declare" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task I_get_one_clear_line_and_the_documented_exit_code_for_bad_input(string what, string[] args, int exitCode, string message)
    {
        string[] defaults = ["-t", Stack("hello.yaml")];
        var expanded = args.Select(a => a.Replace("{stacks}", Path.Combine(AppContext.BaseDirectory, "Stacks"), StringComparison.Ordinal)).ToArray();
        var run = await RunAsync(["provision", NewName("bad"), .. (expanded.Contains("-t") ? [] : defaults), .. expanded]);

        Assert.True(exitCode == run.ExitCode, $"{what}: exit {run.ExitCode}, stderr: {run.Stderr}");
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.TrimEnd().Split('\n'), l => l.StartsWith("traas-ci: error:", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        AssertNoSecrets(run);
    }

    [Fact]
    public async Task A_wrong_password_is_a_clear_error_without_the_password()
    {
        var clouds = Path.Combine(sandbox.StateDir, "wrong-clouds.yaml");
        File.WriteAllText(clouds, File.ReadAllText(sandbox.CloudsYaml).Replace(sandbox.Cloud().Auth["password"], "wrong-pw-93xq", StringComparison.Ordinal));

        var run = await CliRun.RunAsync(["provision", NewName("pw"), "-t", Stack("hello.yaml"), "--os-cloud", "traas-sandbox"],
            environment: new Dictionary<string, string>(Environment) { ["OS_CLIENT_CONFIG_FILE"] = clouds });

        Assert.Equal(ExitCodes.CloudError, run.ExitCode);
        Assert.Contains("refused the credentials of cloud 'traas-sandbox' (traas)", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-pw-93xq", run.Stdout + run.Stderr, StringComparison.Ordinal);
        AssertNoSecrets(run);
    }

    [Fact]
    public async Task A_taken_stack_name_is_a_clear_error()
    {
        var name = NewName("dup");
        await RunAsync("provision", name, "-t", Stack("hello.yaml"));

        var again = await RunAsync("provision", name, "-t", Stack("hello.yaml"));
        await RunAsync("delete", name, "--wait");

        Assert.Equal(ExitCodes.BadInput, again.ExitCode);
        Assert.Contains($"a stack named '{name}' already exists", again.Stderr, StringComparison.Ordinal);
        AssertNoSecrets(again);
    }

    [Fact]
    public async Task In_github_actions_the_secrets_are_masked_first()
    {
        var run = await CliRun.RunAsync(["status", "no-such-stack"],
            environment: new Dictionary<string, string>(Environment) { ["GITHUB_ACTIONS"] = "true" });

        Assert.StartsWith($"::add-mask::{sandbox.Cloud().Auth["password"]}", run.Stdout, StringComparison.Ordinal);
    }

    private void AssertNoSecrets(CliRun run)
    {
        var cloud = sandbox.Cloud();
        foreach (var secret in cloud.Secrets)
            Assert.DoesNotContain(secret, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provision_tags_its_stacks_traas_ci_so_that_reap_sees_them()
    {
        var name = NewName("tagged");
        await RunAsync("provision", name, "-t", Stack("hello.yaml"), "--tags", "a,b");

        var dryRun = await RunAsync("reap", "--older-than", "0", "--dry-run");
        var other = await RunAsync("reap", "--older-than", "0", "--dry-run", "--tag", "b");
        await RunAsync("delete", name, "--wait");

        Assert.Contains($"would delete {name} (", dryRun.Stderr, StringComparison.Ordinal);
        Assert.Contains($"would delete {name} (", other.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reap_deletes_only_the_traas_ci_stacks_older_than_the_limit()
    {
        var tagged = NewName("reap");
        var untagged = NewName("keep");
        await RunAsync("provision", tagged, "-t", Stack("hello.yaml"), "--tag", "traas-ci");
        // Not traas-ci's (provision tags its own): another client's stack, without the tag.
        PythonReference.Run("openstacksdk_stack.py", ["create", untagged, Stack("hello.yaml")], Environment);

        var young = await RunAsync("reap", "--older-than", "5");
        var stillThere = await RunAsync("status", tagged);
        var reap = await RunAsync("reap", "--older-than", "0");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var gone = await RunAsync("status", tagged);
        var kept = await RunAsync("status", untagged);
        await RunAsync("delete", untagged, "--wait");

        Assert.True(young.ExitCode == ExitCodes.Passed, young.Stderr);
        Assert.Contains("0 of ", young.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Passed, stillThere.ExitCode);
        Assert.True(reap.ExitCode == ExitCodes.Passed, reap.Stderr);
        Assert.Contains($"deleting {tagged} (CREATE_COMPLETE, created ", reap.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(untagged, reap.Stderr, StringComparison.Ordinal);
        Assert.True(gone.ExitCode == ExitCodes.NoSuchStack || gone.Stdout.Contains("DELETE_", StringComparison.Ordinal), gone.Stdout + gone.Stderr);
        Assert.Equal(ExitCodes.Passed, kept.ExitCode);
    }
}
