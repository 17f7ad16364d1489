using System.Text.Json.Nodes;
using Traas.Tool.Model;

namespace Traas.Tool.Tests;

/// <summary>
/// traas-ci deletes only a stack whose ID it received from Heat's create answer. Each test makes a
/// stack with another client first (Debian's openstacksdk, as a user would), points traas-ci at its
/// name, and checks the stack is still there afterwards, untouched: same ID, still CREATE_COMPLETE,
/// never updated.
/// </summary>
[Collection(OpenStackSandbox.Collection)]
public sealed class StackOwnershipSpecs(OpenStackSandbox sandbox) : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("traas-own-").FullName;

    private string Out => Path.Combine(work, "artifacts");

    private string StatePath => Path.Combine(Out, "run-state.json");

    private Dictionary<string, string> Environment => new(sandbox.Environment) { ["TRAAS_POLL_SECONDS"] = "1" };

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public async Task Run_with_the_name_of_someone_elses_stack_says_the_name_is_taken_and_leaves_that_stack_alone()
    {
        var name = NewName("theirs");
        var theirs = CreateByHand(name);

        var run = await CliRun.RunAsync(["run", name, .. RunArgs()], environment: Environment);
        // The always() teardown of action.yml: `delete --state` on what the run left.
        var teardown = await CliRun.RunAsync(["delete", "--state", StatePath, "--wait"], environment: Environment);

        AssertUntouched(theirs, Show(name));
        Assert.True(run.ExitCode == ExitCodes.BadInput, run.Stderr);
        Assert.Contains($"a stack named '{name}' already exists", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("this run created no stack: nothing to tear down", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("deleting stack", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("nothing-created", (string?)State()["stage"]);
        Assert.True(string.IsNullOrEmpty((string?)State()["stack_id"]));
        Assert.True(teardown.ExitCode == ExitCodes.Passed, teardown.Stderr);
        Assert.Contains("holds no stack", teardown.Stderr, StringComparison.Ordinal);
        Delete(name);
    }

    [Fact]
    public async Task A_state_file_left_by_an_earlier_run_cannot_send_the_teardown_to_that_runs_stack()
    {
        var name = NewName("earlier");
        var earlier = CreateByHand(name);
        Directory.CreateDirectory(Out);
        // An earlier run in the same folder was killed while waiting on its stack.
        await File.WriteAllTextAsync(StatePath, new JsonObject
        {
            ["stage"] = "waiting",
            ["stack_name"] = name,
            ["stack_id"] = (string)earlier["id"]!,
            ["host"] = "127.0.0.1",
        }.ToJsonString());

        var run = await CliRun.RunAsync(["run", name, .. RunArgs()], environment: Environment);
        var teardown = await CliRun.RunAsync(["delete", "--state", StatePath, "--wait"], environment: Environment);

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.Stderr);
        Assert.True(teardown.ExitCode == ExitCodes.Passed, teardown.Stderr);
        AssertUntouched(earlier, Show(name));
        Delete(name);
    }

    [Fact]
    public async Task Provision_with_a_taken_name_fails_clearly_and_leaves_that_stack_alone()
    {
        var name = NewName("theirs");
        var theirs = CreateByHand(name);

        var run = await CliRun.RunAsync(["provision", name, "-t", Stack("hello.yaml")], environment: Environment);

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.Stderr);
        Assert.Contains($"a stack named '{name}' already exists", run.Stderr, StringComparison.Ordinal);
        AssertUntouched(theirs, Show(name));
        Delete(name);
    }

    [Fact]
    public async Task A_retry_whose_name_is_taken_deletes_only_the_stack_of_the_first_attempt()
    {
        var name = NewName("retry");
        // The second attempt's name belongs to someone else.
        var theirs = CreateByHand($"{name}-attempt2");
        var registry = Path.Combine(work, "failing-registry.yaml");
        File.Copy(Stack("failing-swap.yaml"), Path.Combine(work, "failing-swap.yaml"));
        await File.WriteAllTextAsync(registry, "resource_registry:\n  OS::TraaS::Swap: failing-swap.yaml\n");

        var run = await CliRun.RunAsync(["run", name, .. RunArgs(), "-e", registry, "--attempts", "2"], environment: Environment);

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.Stderr);
        Assert.Contains($"NODE_FAILURE: stack {name} is CREATE_FAILED", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"a stack named '{name}-attempt2' already exists", run.Stderr, StringComparison.Ordinal);
        // The first attempt's own stack is gone; the other one is as it was.
        Assert.Null(ShowOrNull(name));
        AssertUntouched(theirs, Show($"{name}-attempt2"));
        Delete($"{name}-attempt2");
    }

    [Fact]
    public async Task Killed_while_its_stack_is_created_the_always_teardown_deletes_it()
    {
        var name = NewName("killed");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "traas-ci.dll"), "run", name, .. RunArgs()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in Environment)
            start.Environment[key] = value;
        using var run = System.Diagnostics.Process.Start(start)!;
        _ = run.StandardOutput.ReadToEndAsync();
        _ = run.StandardError.ReadToEndAsync();
        // Killed (no chance to clean up) as soon as Heat has answered the create request.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!(File.Exists(StatePath) && !string.IsNullOrEmpty((string?)StateOrNull()?["stack_id"])))
        {
            Assert.True(DateTime.UtcNow < deadline && !run.HasExited, "the run never recorded its stack");
            await Task.Delay(50);
        }
        run.Kill(entireProcessTree: true);
        await run.WaitForExitAsync();

        var teardown = await CliRun.RunAsync(["delete", "--state", StatePath, "--wait"], environment: Environment);

        Assert.True(teardown.ExitCode == ExitCodes.Passed, teardown.Stderr);
        Assert.Contains($"stack {name} is deleted", teardown.Stderr, StringComparison.Ordinal);
        Assert.Null(ShowOrNull(name));
    }

    [Fact]
    public async Task A_create_whose_answer_never_came_is_found_by_the_runs_own_tag_and_never_by_name()
    {
        var ours = NewName("lost");
        var theirs = NewName("named");
        CreateByHand(ours, "traas-ci,traas-run-0123456789abcdef");
        var other = CreateByHand(theirs);
        Directory.CreateDirectory(Out);
        // Killed after the create request left, before Heat's answer: no ID, only the attempt's tag.
        await File.WriteAllTextAsync(StatePath, new JsonObject
        {
            ["stage"] = "creating",
            ["stack_name"] = theirs,
            ["run_tag"] = "traas-run-0123456789abcdef",
            ["out_dir"] = Out,
        }.ToJsonString());

        var teardown = await CliRun.RunAsync(["delete", "--state", StatePath, "--wait"], environment: Environment);

        Assert.True(teardown.ExitCode == ExitCodes.Passed, teardown.Stderr);
        Assert.Null(ShowOrNull(ours));
        AssertUntouched(other, Show(theirs));
        Delete(theirs);
    }

    private JsonNode? StateOrNull()
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(StatePath));
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private string[] RunArgs()
    {
        var options = sandbox.RunOptions.ToList();
        options[options.IndexOf("--known-hosts") + 1] = Path.Combine(work, "known_hosts");
        return ["-t", Path.Combine(OpenStackSandbox.Repo, "templates", "traas.yaml"), .. options, "--out", Out];
    }

    private JsonNode State() => JsonNode.Parse(File.ReadAllText(StatePath))!;

    private static void AssertUntouched(JsonNode before, JsonNode after)
    {
        Assert.Equal((string?)before["id"], (string?)after["id"]);
        Assert.Equal("CREATE_COMPLETE", (string?)after["status"]);
        Assert.Equal((string?)before["updated"], (string?)after["updated"]);
    }

    private JsonNode CreateByHand(string name, string? tags = null) =>
        JsonNode.Parse(PythonReference.Run("openstacksdk_stack.py",
            tags is null ? ["create", name, Stack("hello.yaml")] : ["create", name, Stack("hello.yaml"), tags], Environment))!;

    private JsonNode Show(string name) => ShowOrNull(name) ?? throw new Xunit.Sdk.XunitException($"stack {name} is gone");

    private JsonNode? ShowOrNull(string name) => JsonNode.Parse(PythonReference.Run("openstacksdk_stack.py", ["show", name], Environment));

    private void Delete(string name) => CliRun.RunAsync(["delete", name, "--wait"], environment: Environment).GetAwaiter().GetResult();

    private static string Stack(string file) => Path.Combine(AppContext.BaseDirectory, "Stacks", file);

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..16];
}
