using System.Diagnostics;
using Traas.Tool.Config;
using Traas.Tool.Model;

namespace Traas.Tool.Tests.Hostile;

/// <summary>
/// Every YAML input of the CLI fed a billion laughs (also through merge keys), a recursive alias, nesting past
/// the limit (also through aliases), a merge key of a plain value and a sequence as a key: exit 2, one error line naming the file, no stack trace, in
/// bounded time. Each runs through the whole CLI, in-process, and fails before any network.
/// </summary>
public sealed class YamlBombSpecs : IDisposable
{
    private const string Template = "heat_template_version: 2018-08-31\nresources: {}\n";
    private const string Cloud = "clouds:\n  c:\n    auth: {auth_url: 'http://127.0.0.1:1/v3', username: u, "
        + "password: p, project_name: p}\n";

    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);

    private readonly string _work = Directory.CreateTempSubdirectory("traas-yaml-bombs-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>What a bomb is: lines of mapping entries, to indent where the input wants them.</summary>
    public static readonly Dictionary<string, string> Bombs = new()
    {
        // 9 levels of 9: 387,420,489 strings once expanded, from 11 lines.
        ["billion laughs"] = string.Join('\n', Enumerable.Range(0, 10).Select(level => level == 0
            ? "lol0: &lol0 [" + string.Join(", ", Enumerable.Repeat("\"lol\"", 9)) + "]"
            : $"lol{level}: &lol{level} [" + string.Join(", ", Enumerable.Repeat($"*lol{level - 1}", 9)) + "]")),
        ["recursive sequence alias"] = "loop: &loop [1, *loop]",
        ["recursive mapping alias"] = "loop: &loop {self: *loop}",
        ["nesting 10,000 deep"] = "deep: " + new string('[', 10_000) + new string(']', 10_000),
        ["nesting deep through aliases"] = string.Join('\n', Enumerable.Range(0, 80).Select(level => level == 0
            ? "d0: &d0 [x]"
            : $"d{level}: &d{level} [*d{level - 1}]")),
        // The same through merge keys: each level merges the one below nine times.
        ["billion laughs through merge keys"] = string.Join('\n', Enumerable.Range(0, 10).Select(level => level == 0
            ? "m0: &m0 {" + string.Join(", ", Enumerable.Range(0, 9).Select(i => $"k{i}: lol")) + "}"
            : $"m{level}: &m{level} {{<<: [" + string.Join(", ", Enumerable.Repeat($"*m{level - 1}", 9)) + "]}")),
        ["a merge key of a plain value"] = "merged: {<<: 5}",
        ["a sequence as a key"] = "? [a, b]\n: 1",
        ["an aliased mapping as a key"] = "key: &key {a: 1}\n*key : 2",
    };

    private static readonly string[] Limits =
        ["billion laughs", "recursive sequence alias", "recursive mapping alias", "nesting 10,000 deep",
            "nesting deep through aliases", "billion laughs through merge keys"];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var input in new[] { "template", "environment", "clouds.yaml", "secure.yaml", "known-failures" })
        {
            foreach (var bomb in Bombs.Keys)
                data.Add(input, bomb);
        }
        // A file a template reads (nested template, get_file) is sent as it is when it is not YAML, as
        // heatclient does; past a limit it is an error all the same.
        foreach (var input in new[] { "nested template", "get_file" })
        {
            foreach (var bomb in Limits)
                data.Add(input, bomb);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_YAML_input_is_one_clear_line_and_exit_2(string input, string bomb)
    {
        var (args, environment, file) = await ArrangeAsync(input, Bombs[bomb]);

        var clock = Stopwatch.StartNew();
        var run = await CliRun.RunAsync(args, environment: environment);
        clock.Stop();

        Assert.True(run.ExitCode == ExitCodes.BadInput, $"exit {run.ExitCode}: {run.Stderr}");
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("traas-ci: error: ", line, StringComparison.Ordinal);
        Assert.Contains(file, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < Bounded, $"took {clock.Elapsed}");
        if (Limits.Contains(bomb))
            Assert.Matches(@"line \d+|:\d+: ", line);
    }

    [Fact]
    public async Task A_file_a_template_reads_with_a_sequence_as_a_key_is_sent_as_it_is_as_heatclient_does()
    {
        var (args, environment, _) = await ArrangeAsync("get_file", Bombs["a sequence as a key"]);

        var run = await CliRun.RunAsync(args, environment: environment);

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
    }

    [Fact]
    public async Task The_limits_are_the_documented_ones()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(OpenStackSandbox.Repo, "README.md"));

        Assert.Equal(100_000, BoundedYaml.MaxNodes);
        Assert.Equal(64, BoundedYaml.MaxDepth);
        Assert.Contains("100,000 nodes", readme, StringComparison.Ordinal);
        Assert.Contains("64 deep", readme, StringComparison.Ordinal);
    }

    private async Task<(string[] Args, Dictionary<string, string> Environment, string File)> ArrangeAsync(
        string input, string bomb)
    {
        var environment = new Dictionary<string, string> { ["HOME"] = _work, ["XDG_CONFIG_DIRS"] = _work };
        var ok = await WriteAsync("ok.yaml", Template);
        switch (input)
        {
            case "template":
                var template = await WriteAsync("bomb.yaml", Template + bomb + "\n");
                return (["validate", "-t", template], environment, template);
            case "environment":
                var env = await WriteAsync("bomb-env.yaml", "parameter_defaults:\n" + Indent(bomb) + "\n");
                return (["validate", "-t", ok, "-e", env], environment, env);
            case "nested template":
                var nested = await WriteAsync("nested.yaml", Template + bomb + "\n");
                var parent = await WriteAsync("parent.yaml", Template.Replace("resources: {}",
                    "resources:\n  inner:\n    type: nested.yaml", StringComparison.Ordinal));
                return (["validate", "-t", parent], environment, nested);
            case "get_file":
                var data = await WriteAsync("data.yaml", bomb + "\n");
                var reader = await WriteAsync("reader.yaml", Template.Replace("resources: {}",
                    "outputs:\n  data:\n    value: {get_file: data.yaml}", StringComparison.Ordinal));
                return (["validate", "-t", reader], environment, data);
            case "clouds.yaml":
                environment["OS_CLIENT_CONFIG_FILE"] = await WriteAsync("clouds.yaml", Cloud + bomb + "\n");
                return (["status", "x", "--os-cloud", "c"], environment, environment["OS_CLIENT_CONFIG_FILE"]);
            case "secure.yaml":
                environment["OS_CLIENT_CONFIG_FILE"] = await WriteAsync("clouds.yaml", Cloud);
                environment["OS_CLIENT_SECURE_FILE"] = await WriteAsync("secure.yaml", bomb + "\n");
                return (["status", "x", "--os-cloud", "c"], environment, environment["OS_CLIENT_SECURE_FILE"]);
            default:
                var known = await WriteAsync("known-failures.yaml", "- name: n\n  regex: r\n" + Indent(bomb) + "\n");
                var artifacts = await ArtifactsAsync();
                environment["GITHUB_TOKEN"] = "ghs_unused";
                environment["GITHUB_REPOSITORY"] = "traas-ci/demo";
                environment["GITHUB_SHA"] = new string('a', 40);
                // Nothing listens there: the known failures are read before any request.
                environment["GITHUB_API_URL"] = "http://127.0.0.1:1";
                return (["publish", "--artifacts", artifacts, "--known-failures", known], environment, known);
        }
    }

    private async Task<string> ArtifactsAsync()
    {
        var folder = Path.Combine(_work, "artifacts");
        var report = await CliRun.RunAsync(["report", CliRun.LogPath("failing-job.log"), "--out", folder]);
        Assert.True(report.ExitCode == ExitCodes.JobFailed, report.Stderr);
        return folder;
    }

    private async Task<string> WriteAsync(string name, string text)
    {
        var path = Path.Combine(_work, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private static string Indent(string lines) =>
        string.Join('\n', lines.Split('\n').Select(line => "  " + line));
}
