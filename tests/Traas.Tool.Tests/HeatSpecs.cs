using System.Text.Json.Nodes;
using Serilog;
using Traas.Tool.Model;
using Traas.Tool.OpenStack;
using Traas.Tool.OpenStack.Templates;
using Traas.Tool.Resilience;

namespace Traas.Tool.Tests;

/// <summary>Keystone and Heat calls against the real services of the sandbox.</summary>
[Collection(OpenStackSandbox.Collection)]
public sealed class HeatSpecs(OpenStackSandbox sandbox)
{
    private static readonly ILogger Log = new LoggerConfiguration().CreateLogger();

    private const string Template = """
        heat_template_version: 2016-10-14
        parameters:
          greeting: {type: string, default: hello}
        resources:
          value:
            type: OS::Heat::Value
            properties: {value: {get_param: greeting}}
        outputs:
          said: {value: {get_attr: [value, value]}}
        """;

    [Fact]
    public async Task Heats_validate_refuses_a_parameter_the_template_does_not_declare_as_validate_does_offline()
    {
        // The rule TemplateLint applies before Heat is asked, held to Heat's own answer: the request goes to
        // Heat's /validate without the offline checks, with the parameters a create would send.
        var folder = Directory.CreateTempSubdirectory("traas-heat-").FullName;
        var template = Path.Combine(folder, "hello.yaml");
        File.WriteAllText(template, Template);
        using var session = new CloudSession(sandbox.Cloud(), new RetryOptions(), Log);
        var heat = new HeatClient(session);
        JsonObject Request(string parameter) =>
            StackRequest.Build("validate", template, [], [parameter], [], null, []);

        var (declared, undeclared) = (Request("greeting=salut"), Request("not_in_template=1"));
        Directory.Delete(folder, recursive: true);

        await heat.ValidateAsync(declared, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<TraasException>(
            () => heat.ValidateAsync(undeclared, CancellationToken.None));

        Assert.Equal(ExitCodes.BadInput, refused.ExitCode);
        Assert.Contains("not_in_template", refused.Message, StringComparison.Ordinal);
        Assert.Single(TemplateLint.Check(undeclared));
        Assert.Empty(TemplateLint.Check(declared));
    }

    [Fact]
    public async Task I_can_get_a_token_and_the_heat_endpoint_of_my_project()
    {
        using var session = new CloudSession(sandbox.Cloud(), new RetryOptions(), Log);

        var token = await session.Keystone.GetTokenAsync(CancellationToken.None);

        Assert.Equal($"http://127.0.0.1:28004/v1/{token.ProjectId}", token.Catalog.Endpoint("orchestration", "public", "RegionOne"));
        Assert.InRange((token.ExpiresAt - token.IssuedAt).TotalSeconds, 55, 65);
    }

    [Fact]
    public async Task I_get_a_clear_error_and_no_password_when_keystone_refuses_mine()
    {
        var cloud = sandbox.Cloud();
        var wrong = cloud with { Auth = new Dictionary<string, string>(cloud.Auth) { ["password"] = "not-the-password-x7" } };
        using var session = new CloudSession(wrong, new RetryOptions(), Log);

        var error = await Assert.ThrowsAsync<TraasException>(() => session.Keystone.GetTokenAsync(CancellationToken.None));

        Assert.Equal(ExitCodes.CloudError, error.ExitCode);
        Assert.StartsWith("Keystone at http://127.0.0.1:25000/v3 refused the credentials of cloud 'traas-sandbox' (traas)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password-x7", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(cloud.Auth["password"], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task I_can_create_a_stack_follow_its_events_read_its_outputs_and_delete_it()
    {
        using var session = new CloudSession(sandbox.Cloud(), new RetryOptions(), Log);
        var heat = new HeatClient(session);
        var name = $"spec-{Guid.NewGuid():N}"[..20];

        await heat.CreateAsync(Request(name, Template, new JsonObject { ["greeting"] = "bonjour" }), CancellationToken.None);
        var stack = await WaitAsync(heat, name, TimeSpan.FromMinutes(2));
        var events = await heat.EventsAsync(stack, null, 2, CancellationToken.None);
        await heat.DeleteAsync(stack, CancellationToken.None);

        Assert.Equal("CREATE_COMPLETE", stack.Status);
        Assert.Equal("bonjour", (string?)stack.Outputs["said"]);
        Assert.Contains(events, e => e.ResourceName == "value" && e.Status == "CREATE_COMPLETE");
        Assert.Equal("CREATE_COMPLETE", events[^1].Status);
        Assert.Equal(name, events[^1].ResourceName);
    }

    [Fact]
    public async Task I_can_list_the_stacks_that_carry_a_tag()
    {
        using var session = new CloudSession(sandbox.Cloud(), new RetryOptions(), Log);
        var heat = new HeatClient(session);
        var tag = $"tag-{Guid.NewGuid():N}"[..16];
        var name = $"tagged-{Guid.NewGuid():N}"[..20];
        var request = Request(name, Template, []);
        request["tags"] = tag;
        await heat.CreateAsync(request, CancellationToken.None);

        var tagged = await heat.ListAsync(tag, CancellationToken.None);
        var other = await heat.ListAsync("no-stack-has-this-tag", CancellationToken.None);
        await heat.DeleteAsync((await heat.FindAsync(name, CancellationToken.None))!, CancellationToken.None);

        Assert.Equal([name], tagged.Select(s => s.Name));
        Assert.Empty(other);
    }

    [Fact]
    public async Task Heat_gets_the_changes_run_adds_joined_with_those_an_environment_gives_not_instead_of_them()
    {
        // Heat takes a request parameter over an environment's parameter_defaults: the request must carry
        // the environment's changes too, or they are silently not tested.
        using var session = new CloudSession(sandbox.Cloud(), new RetryOptions(), Log);
        var heat = new HeatClient(session);
        var name = $"joined-{Guid.NewGuid():N}"[..20];
        var folder = Path.Combine(AppContext.BaseDirectory, "Templates", "joined-changes");
        var request = StackRequest.Build(name, Path.Combine(folder, "stack.yaml"), [Path.Combine(folder, "env.yaml")], [],
            [], 10, [],
            [
                new RunParameter("zuul_changes", "org/dep:main:refs/pull/7/head", "--zuul-changes or Depends-On", true),
                new RunParameter("ci_changes", "openstack/tripleo-ci:333", "--ci-changes or Depends-On", true),
            ]);

        // And why run refuses an environment's parameters: Heat merges them over the request's own.
        var overridden = StackRequest.Build(name + "-x", Path.Combine(folder, "stack.yaml"),
            [Path.Combine(folder, "fixed.yaml")], ["zuul_changes=org/dep:main:refs/pull/7/head"], [], 10, []);

        await heat.CreateAsync(request, CancellationToken.None);
        await heat.CreateAsync(overridden, CancellationToken.None);
        var stack = await WaitAsync(heat, name, TimeSpan.FromMinutes(2));
        var other = await WaitAsync(heat, name + "-x", TimeSpan.FromMinutes(2));
        await heat.DeleteAsync(stack, CancellationToken.None);
        await heat.DeleteAsync(other, CancellationToken.None);

        Assert.Equal(("CREATE_COMPLETE", "CREATE_COMPLETE"), (stack.Status, other.Status));
        Assert.Equal("org/dep:main:refs/pull/7/head^openstack/tripleo-heat-templates:master:refs/changes/42/4242/1"
            + "|openstack/tripleo-ci:333^openstack/tripleo-ci:222", (string?)stack.Outputs["changes"]);
        Assert.Equal("openstack/tripleo-heat-templates:master:refs/changes/42/4242/1|", (string?)other.Outputs["changes"]);
    }

    [Fact]
    public async Task A_taken_stack_name_is_a_clear_error()
    {
        using var session = new CloudSession(sandbox.Cloud(), new RetryOptions(), Log);
        var heat = new HeatClient(session);
        var name = $"taken-{Guid.NewGuid():N}"[..20];
        await heat.CreateAsync(Request(name, Template, []), CancellationToken.None);

        var error = await Assert.ThrowsAsync<TraasException>(() => heat.CreateAsync(Request(name, Template, []), CancellationToken.None));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal($"a stack named '{name}' already exists in cloud 'traas-sandbox': delete it (traas-ci delete {name}) or choose another name.", error.Message);
        await heat.DeleteAsync((await heat.FindAsync(name, CancellationToken.None))!, CancellationToken.None);
    }

    private static JsonObject Request(string name, string template, JsonObject parameters) => new()
    {
        ["stack_name"] = name,
        ["template"] = template,
        ["parameters"] = parameters,
        ["disable_rollback"] = true,
        ["timeout_mins"] = 10,
    };

    private static async Task<Stack> WaitAsync(HeatClient heat, string name, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var stack = await heat.FindAsync(name, CancellationToken.None) ?? throw new InvalidOperationException($"stack {name} vanished");
            if (!stack.IsInProgress)
                return stack;
            Assert.True(DateTime.UtcNow < deadline, $"stack {name} still {stack.Status} after {limit}");
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
    }
}
