using System.Text;
using System.Xml.Linq;
using Traas.Tool.Model;

namespace Traas.Tool.Tests;

/// <summary>
/// However a run ends, it writes junit.xml (a job testcase with the reason), summary.md (the reason,
/// the root cause where Heat gave one), and in a pull request a check run and the sticky comment;
/// and secrets the job prints reach none of it. On the sandbox, through the GitHub contract.
/// </summary>
[Collection(OpenStackSandbox.Collection)]
public sealed class EveryRunReportsSpecs(OpenStackSandbox sandbox) : IDisposable
{
    private const string Head = "2222222222222222222222222222222222222222";

    private readonly string work = Directory.CreateTempSubdirectory("traas-reports-").FullName;

    private string Out => Path.Combine(work, "artifacts");

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public async Task A_job_that_cannot_start_as_configured_is_a_configuration_error_with_traas_shs_line()
    {
        await using var github = await ContractCheckedGitHubFake.StartAsync();

        var run = await RunAsync(github, NewName("conf"), "misconfigured");

        Assert.True(run.ExitCode == ExitCodes.ConfigurationError, run.Stderr);
        var summary = await File.ReadAllTextAsync(Path.Combine(Out, "summary.md"));
        Assert.Contains(": configuration error", summary, StringComparison.Ordinal);
        Assert.Contains("traas: configuration error: ", summary, StringComparison.Ordinal);
        Assert.Contains("no-toci_gate_test.sh", summary, StringComparison.Ordinal);
        Assert.Contains("traas: configuration error: ", JobCase().Element("failure")!.Attribute("message")!.Value, StringComparison.Ordinal);
        AssertPublished(github, "failure", "CONFIGURATION_ERROR");
        Assert.Contains("result: CONFIGURATION_ERROR (exit 7): traas: configuration error: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stack_that_never_comes_up_is_reported_with_its_root_cause_and_published()
    {
        await using var github = await ContractCheckedGitHubFake.StartAsync();
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Stacks", "failing-swap.yaml"), Path.Combine(work, "failing-swap.yaml"));
        var registry = Path.Combine(work, "failing-registry.yaml");
        await File.WriteAllTextAsync(registry, "resource_registry:\n  OS::TraaS::Swap: failing-swap.yaml\n");
        // A passing run of the base branch left a baseline: a job that never ran has nothing to compare with it.
        var baseline = new FakeWorkflowRun(80, Head, "traas.yml", DateTimeOffset.UtcNow.AddHours(-2), TimeSpan.FromHours(1));
        baseline.Artifacts.Add(new FakeArtifact(801, "traas-baseline-multinode-1ctlr-featureset004", [1, 2, 3]));
        github.WorkflowRuns.Add(baseline);

        var environment = Environment(github);
        environment["GITHUB_BASE_REF"] = "main";

        var run = await CliRun.RunAsync([.. RunArgs(NewName("node"), "pass"), "-e", registry, "--attempts", "1"],
            environment: environment);

        Assert.True(run.ExitCode == ExitCodes.NodeFailure, run.Stderr);
        var failure = JobCase().Element("failure")!;
        Assert.Contains("NODE_FAILURE: stack", failure.Attribute("message")!.Value, StringComparison.Ordinal);
        Assert.Equal("node failure", (string?)failure.Attribute("type"));
        var summary = await File.ReadAllTextAsync(Path.Combine(Out, "summary.md"));
        Assert.Contains(": node failure", summary, StringComparison.Ordinal);
        Assert.Contains("root cause", summary, StringComparison.Ordinal);
        Assert.Contains("Test Resource failed", summary, StringComparison.Ordinal);
        AssertPublished(github, "failure", "NODE_FAILURE");
        Assert.Empty(github.BlobDownloads);
        Assert.False(File.Exists(Path.Combine(Out, "new-lines.md")), "a job that never ran was compared with a baseline");
        Assert.DoesNotContain("New lines against", Assert.Single(github.Comments[21]).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_cancelled_before_its_stack_exists_is_reported_cancelled_and_published()
    {
        await using var github = await ContractCheckedGitHubFake.StartAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var run = await CliRun.RunAsync([.. RunArgs(NewName("cancel"), "pass")], environment: Environment(github),
            cancellationToken: cancelled.Token);

        Assert.True(run.ExitCode == ExitCodes.Cancelled, run.Stderr);
        Assert.NotNull(JobCase().Element("error"));
        Assert.Contains(": cancelled", await File.ReadAllTextAsync(Path.Combine(Out, "summary.md")), StringComparison.Ordinal);
        AssertPublished(github, "cancelled", "CANCELLED");
    }

    [Fact]
    public async Task A_cloud_that_does_not_answer_is_exit_3_and_reported_and_published_as_a_node_failure()
    {
        await using var github = await ContractCheckedGitHubFake.StartAsync();
        var clouds = Path.Combine(work, "clouds.yaml");
        // Keystone's port with nothing on it: every request is refused.
        await File.WriteAllTextAsync(clouds, File.ReadAllText(sandbox.CloudsYaml).Replace(":25000/", ":1/", StringComparison.Ordinal));
        var environment = Environment(github);
        environment["OS_CLIENT_CONFIG_FILE"] = clouds;
        environment["TRAAS_RETRIES"] = "0";
        var args = RunArgs(NewName("down"), "pass").ToList();
        args[args.IndexOf("--os-client-config-file") + 1] = clouds;

        var run = await CliRun.RunAsync([.. args], environment: environment);

        Assert.True(run.ExitCode == ExitCodes.CloudError, run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("cannot reach", JobCase().Element("failure")!.Attribute("message")!.Value, StringComparison.Ordinal);
        // The job never ran: the class is the cloud's, never the job failure that blames the change.
        var summary = await File.ReadAllTextAsync(Path.Combine(Out, "summary.md"));
        Assert.Contains(": node failure", summary, StringComparison.Ordinal);
        Assert.Contains("**Class:** infrastructure failure", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("job failure", summary, StringComparison.Ordinal);
        var state = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Out, "run-state.json")))!;
        Assert.Equal("NODE_FAILURE", (string?)state["result"]);
        AssertPublished(github, "failure", "NODE_FAILURE");
    }

    [Fact]
    public async Task Secrets_the_job_prints_are_in_no_artifact_and_no_posted_text()
    {
        await using var github = await ContractCheckedGitHubFake.StartAsync();
        var password = sandbox.Cloud().Auth["password"];
        const string KeyBody = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW";
        var printed = $"+ export OS_PASSWORD={password}\n+ openstack --os-password {password} stack list\n"
            + $"-----BEGIN OPENSSH PRIVATE KEY-----\n{KeyBody}\n-----END OPENSSH PRIVATE KEY-----\n"
            + $"TASK [a task that leaks] ***\nfatal: [undercloud]: FAILED! => {{\"msg\": \"login failed for {password}\"}}";
        var extra = Path.Combine(work, "print.yaml");
        await File.WriteAllTextAsync(extra, "parameter_defaults:\n  standin_print: |\n"
            + string.Concat(printed.Split('\n').Select(l => $"    {l}\n")));

        var run = await RunAsync(github, NewName("leak"), "fail", "-e", extra);

        Assert.True(run.ExitCode == ExitCodes.JobFailed, run.Stderr);
        // The job did print them: the node's own log has them.
        Assert.Contains(password, await File.ReadAllTextAsync(RemoteLog()), StringComparison.Ordinal);
        var files = Directory.EnumerateFiles(Out, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith("standin-print.log", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file));
            Assert.False(text.Contains(password, StringComparison.Ordinal), $"the password is in {file}");
            Assert.False(text.Contains(KeyBody, StringComparison.Ordinal), $"the private key is in {file}");
        }
        var posted = string.Join("\n", github.Requests.Select(r => r.Body?.ToJsonString() ?? ""));
        Assert.Contains("***", posted, StringComparison.Ordinal);
        Assert.DoesNotContain(password, posted, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyBody, posted, StringComparison.Ordinal);
        // Only the masks themselves name the password: the runner reads them and hides it.
        var shown = run.Stdout.Split('\n').Where(l => !l.StartsWith("::add-mask::", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(shown, l => l.Contains(password, StringComparison.Ordinal));
        Assert.DoesNotContain(shown, l => l.Contains(KeyBody, StringComparison.Ordinal));
    }

    private void AssertPublished(ContractCheckedGitHubFake github, string conclusion, string label)
    {
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        var (_, create, _) = Assert.Single(github.CheckRuns);
        Assert.Equal(conclusion, (string?)create["conclusion"]);
        Assert.Equal(Head, (string?)create["head_sha"]);
        var comment = Assert.Single(Assert.Single(github.Comments).Value);
        Assert.Contains(label, comment.Body, StringComparison.Ordinal);
    }

    private XElement JobCase() => XDocument.Load(Path.Combine(Out, "junit.xml")).Root!.Descendants("testcase")
        .Single(c => (string?)c.Attribute("name") == "toci job");

    private string RemoteLog() => (string)System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Out, "run-state.json")))!["log_path"]!;

    private Dictionary<string, string> Environment(ContractCheckedGitHubFake github)
    {
        var eventPath = Path.Combine(work, "event.json");
        File.WriteAllText(eventPath, "{\"pull_request\": {\"number\": 21, \"head\": {\"sha\": \"" + Head + "\"}}}");
        var environment = new Dictionary<string, string>(sandbox.Environment) { ["TRAAS_POLL_SECONDS"] = "1" };
        foreach (var (key, value) in github.Environment(eventPath))
            environment[key] = value;
        environment["TRAAS_GITHUB_RETRIES"] = "1";
        return environment;
    }

    private Task<CliRun> RunAsync(ContractCheckedGitHubFake github, string name, string outcome, params string[] extra) =>
        CliRun.RunAsync([.. RunArgs(name, outcome), .. extra], environment: Environment(github));

    private string[] RunArgs(string name, string outcome)
    {
        var job = Path.Combine(work, $"job-{outcome}.yaml");
        File.WriteAllText(job, $"parameter_defaults:\n  standin_outcome: {outcome}\n  standin_seconds: 3\n");
        var options = sandbox.RunOptions.ToList();
        options[options.IndexOf("--known-hosts") + 1] = Path.Combine(work, "known_hosts");
        return ["run", name, "-t", Path.Combine(OpenStackSandbox.Repo, "templates", "traas.yaml"), .. options, "-e", job, "--out", Out,
            "--no-depends-on"];
    }

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..16];
}
