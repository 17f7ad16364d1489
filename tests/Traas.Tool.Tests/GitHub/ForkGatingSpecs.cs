using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Traas.Tool.Tests.GitHub;

/// <summary>
/// .github/workflows/example-pr-gating.yml decides, for each pull_request_target event, which jobs run:
/// its if: and concurrency: expressions evaluated on the event's payload.
/// </summary>
public sealed class ForkGatingSpecs
{
    private const string Fork = "mallory/demo";
    private const string Base = "traas-ci/demo";
    private const string HeadSha = "0123456789abcdef0123456789abcdef01234567";
    private static readonly YamlMappingNode Workflow = Load();

    [Theory]
    [InlineData(Fork, "opened", null, new string[0], "")]
    [InlineData(Fork, "labeled", "run-traas", new[] { "run-traas" }, "traas")]
    [InlineData(Fork, "synchronize", null, new[] { "run-traas" }, "withdraw-approval")]
    [InlineData(Fork, "synchronize", null, new string[0], "")]
    [InlineData(Fork, "reopened", null, new[] { "run-traas" }, "")]
    [InlineData(Fork, "labeled", "bug", new[] { "run-traas", "bug" }, "")]
    [InlineData(Base, "opened", null, new string[0], "traas")]
    [InlineData(Base, "synchronize", null, new[] { "run-traas" }, "traas")]
    [InlineData(Base, "labeled", "run-traas", new[] { "run-traas" }, "traas")]
    [InlineData(Base, "labeled", "bug", new[] { "bug" }, "")]
    public void A_fork_runs_only_on_its_approval_and_a_push_withdraws_it(string head, string action, string? label,
        string[] labels, string runs)
    {
        var context = Event(head, action, label, labels);

        var jobs = Jobs().Where(job => If(job.Value) is not { } condition
            || WorkflowExpression.Truthy(WorkflowExpression.Evaluate(condition, context)));

        Assert.Equal(runs, string.Join(",", jobs.Select(j => j.Key)));
    }

    [Theory]
    [InlineData("synchronize", null, "traas-gating-7")]
    [InlineData("labeled", "run-traas", "traas-gating-7")]
    [InlineData("labeled", "bug", "traas-gating-7-label-555")]
    public void A_push_cancels_the_run_in_progress_and_another_label_cancels_nothing(string action, string? label,
        string group)
    {
        var concurrency = (YamlMappingNode)Workflow["concurrency"];

        var name = WorkflowExpression.Interpolate(((YamlScalarNode)concurrency["group"]).Value!,
            Event(Fork, action, label, ["run-traas"]));

        Assert.Equal(group, name);
        Assert.Equal("true", ((YamlScalarNode)concurrency["cancel-in-progress"]).Value);
    }

    [Theory]
    [InlineData(Fork, "labeled", "run-traas")]
    [InlineData(Base, "synchronize", null)]
    public void The_job_tests_the_events_head_commit_not_a_ref_that_a_later_push_moves(string head, string action,
        string? label)
    {
        var traas = (YamlMappingNode)Jobs().Single(j => j.Key == "traas").Value;
        var parameters = ((YamlScalarNode)((YamlMappingNode)traas["with"])["parameters"]).Value!;

        var given = WorkflowExpression.Interpolate(parameters, Event(head, action, label, ["run-traas"]));

        Assert.Equal($"zuul_changes={Base}:main:{HeadSha}", given.Trim());
    }

    [Fact]
    public void Withdrawing_runs_no_code_of_the_pull_request_and_can_only_write_to_pull_requests()
    {
        var withdraw = (YamlMappingNode)Jobs().Single(j => j.Key == "withdraw-approval").Value;

        Assert.Empty((YamlMappingNode)Workflow["permissions"]);
        var permissions = (YamlMappingNode)withdraw["permissions"];
        Assert.Equal("pull-requests=write", string.Join(",", permissions.Select(p => $"{p.Key}={p.Value}")));
        var steps = ((YamlSequenceNode)withdraw["steps"]).Cast<YamlMappingNode>().ToList();
        Assert.All(steps, step => Assert.False(step.Children.ContainsKey("uses"), "a step that runs an action"));
        Assert.All(steps, step => Assert.DoesNotContain("${{", ((YamlScalarNode)step["run"]).Value!, StringComparison.Ordinal));
        Assert.Contains("/labels/run-traas", ((YamlScalarNode)steps.Single()["run"]).Value!, StringComparison.Ordinal);
    }

    private static IEnumerable<KeyValuePair<string, YamlNode>> Jobs() =>
        ((YamlMappingNode)Workflow["jobs"]).Select(j => new KeyValuePair<string, YamlNode>(((YamlScalarNode)j.Key).Value!, j.Value));

    private static string? If(YamlNode job) =>
        ((YamlMappingNode)job).Children.TryGetValue("if", out var condition) ? ((YamlScalarNode)condition).Value : null;

    private static JsonObject Event(string head, string action, string? label, string[] labels)
    {
        var pullRequest = new JsonObject
        {
            ["number"] = 7,
            ["head"] = new JsonObject { ["sha"] = HeadSha, ["repo"] = new JsonObject { ["full_name"] = head } },
            ["labels"] = new JsonArray([.. labels.Select(l => (JsonNode)new JsonObject { ["name"] = l })]),
        };
        var payload = new JsonObject { ["action"] = action, ["pull_request"] = pullRequest };
        if (label is not null)
            payload["label"] = new JsonObject { ["name"] = label };
        return new JsonObject
        {
            ["github"] = new JsonObject
            {
                ["event_name"] = "pull_request_target",
                ["event"] = payload,
                ["repository"] = Base,
                ["base_ref"] = "main",
                ["run_id"] = "555",
            },
        };
    }

    private static YamlMappingNode Load()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(OpenStackSandbox.Repo, ".github", "workflows", "example-pr-gating.yml"));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }
}
