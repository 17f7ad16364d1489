using System.Text.Json.Nodes;
using Octokit;
using Octokit.Internal;
using Traas.Tool.GitHub;
using YamlDotNet.RepresentationModel;

namespace Traas.Tool.Tests.GitHub;

/// <summary>
/// Which workflow runs leave a baseline and which are taken as one: only runs of the branch's own code
/// (a push, a schedule, a workflow_dispatch in this repository). A pull request's run, whose log the
/// pull request's code can write, is neither; else a fork's branch named main could choose the lines
/// that never show as new on main. BaselineSpecs has the whole search against GitHub's contract.
/// </summary>
public sealed class BaselineRunSpecs
{
    private const string Repository = "traas-ci/demo";

    [Theory]
    [InlineData("push", Repository, true)]
    [InlineData("schedule", Repository, true)]
    [InlineData("workflow_dispatch", "TRAAS-CI/Demo", true)]
    [InlineData("pull_request", "mallory/demo", false)]
    [InlineData("pull_request", Repository, false)]
    [InlineData("pull_request_target", Repository, false)]
    [InlineData("push", "mallory/demo", false)]
    [InlineData("workflow_run", Repository, false)]
    public void Only_a_successful_run_of_the_branch_own_code_in_this_repository_is_taken(string trigger, string head,
        bool taken)
    {
        var run = Run(trigger, head);

        Assert.Equal(taken, GitHubBaselines.IsBaselineRun(run, "main", Repository));
    }

    [Fact]
    public void A_run_of_another_branch_or_that_did_not_succeed_or_with_no_head_repository_is_not_taken()
    {
        Assert.False(GitHubBaselines.IsBaselineRun(Run("push", Repository, branch: "feature"), "main", Repository));
        Assert.False(GitHubBaselines.IsBaselineRun(Run("push", Repository, conclusion: "failure"), "main", Repository));
        Assert.False(GitHubBaselines.IsBaselineRun(Run("push", null), "main", Repository));
    }

    [Theory]
    [InlineData("push", "PASSED", true)]
    [InlineData("schedule", "PASSED", true)]
    [InlineData("workflow_dispatch", "PASSED", true)]
    [InlineData("pull_request", "PASSED", false)]
    [InlineData("pull_request_target", "PASSED", false)]
    [InlineData("push", "FAILED", false)]
    public void Action_yml_keeps_a_passing_log_as_a_baseline_only_for_a_run_of_the_branch_own_code(string trigger,
        string result, bool kept)
    {
        var context = new JsonObject
        {
            ["github"] = new JsonObject { ["event_name"] = trigger },
            ["steps"] = new JsonObject
            {
                ["run"] = new JsonObject { ["outputs"] = new JsonObject { ["result"] = result } },
            },
        };

        var condition = BaselineStepCondition();

        Assert.Equal(kept, WorkflowExpression.Truthy(WorkflowExpression.Evaluate(condition, context)));
    }

    private static string BaselineStepCondition()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(OpenStackSandbox.Repo, "action.yml")))
            yaml.Load(reader);
        var steps = (YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["runs"])["steps"];
        var step = steps.Cast<YamlMappingNode>().Single(s => s.Children.TryGetValue("with", out var with)
            && ((YamlMappingNode)with).Children.TryGetValue("name", out var name)
            && ((YamlScalarNode)name).Value!.StartsWith("traas-baseline-", StringComparison.Ordinal));
        return ((YamlScalarNode)step["if"]).Value!;
    }

    /// <summary>A completed run as GET /repos/{owner}/{repo}/actions/runs lists it, read as the tool reads it.</summary>
    private static WorkflowRun Run(string trigger, string? head, string branch = "main", string conclusion = "success")
    {
        var run = new JsonObject
        {
            ["id"] = 91,
            ["head_branch"] = branch,
            ["head_sha"] = "0123456789abcdef0123456789abcdef01234567",
            ["event"] = trigger,
            ["status"] = "completed",
            ["conclusion"] = conclusion,
            ["repository"] = RepositoryJson(Repository),
            ["head_repository"] = head is null ? null : RepositoryJson(head),
        };
        return new SimpleJsonSerializer().Deserialize<WorkflowRun>(run.ToJsonString());
    }

    private static JsonObject RepositoryJson(string fullName) => new()
    {
        ["name"] = fullName.Split('/')[1],
        ["full_name"] = fullName,
        ["owner"] = new JsonObject { ["login"] = fullName.Split('/')[0] },
    };
}
