using System.Diagnostics;
using System.Text.Json.Nodes;
using Traas.Tool.Model;

namespace Traas.Tool.Tests.Hostile;

/// <summary>
/// A run state is input: each field the verbs use, made hostile, is one line naming the field and the
/// file, exit 2, no stack trace, before any network or SSH.
/// </summary>
public sealed class HostileRunStateSpecs : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("traas-hostile-state-").FullName;

    public HostileRunStateSpecs()
    {
        Directory.CreateDirectory(OutDir);
        File.Copy(CliRun.LogPath("passing-job.log"), LocalLog);
    }

    private string OutDir => Path.Combine(_work, "out");

    private string LocalLog => Path.Combine(OutDir, "traas.log");

    private string StatePath => Path.Combine(_work, "run-state.json");

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>
    /// A case: the verb, the field the line must name, and what is done to a good state (as JSON text,
    /// so that what no JSON writer would write, a bare NaN, can be written too).
    /// </summary>
    public sealed record Case(string Name, string Verb, string Field, Func<JsonObject, string> Hostile)
    {
        public override string ToString() => Name;
    }

    private static Func<JsonObject, string> Set(string field, JsonNode? value) => state =>
    {
        state[field] = value;
        return state.ToJsonString();
    };

    private static Func<JsonObject, string> Without(string field) => state =>
    {
        state.Remove(field);
        return state.ToJsonString();
    };

    private static Func<JsonObject, string> Raw(string field, string json) => state =>
    {
        state[field] = "@@";
        return state.ToJsonString().Replace("\"@@\"", json, StringComparison.Ordinal);
    };

    public static TheoryData<Case> Cases() => new()
    {
        new("a negative log_offset", "report", "log_offset", Set("log_offset", -1)),
        new("a huge log_offset", "wait", "log_offset", Set("log_offset", long.MaxValue)),
        new("a log_offset past the local copy of a wait", "wait", "log_offset", state =>
        {
            state["stage"] = "waiting";
            state["log_offset"] = 10_000_000;
            return state.ToJsonString();
        }),
        new("a log_offset that is no whole number", "collect", "log_offset", Raw("log_offset", "1e30")),
        new("port 0", "collect", "port", Set("port", 0)),
        new("port 99999", "wait", "port", Set("port", 99999)),
        new("a port as text", "wait", "port", Set("port", "22")),
        new("an empty out_dir", "report", "out_dir", Set("out_dir", "")),
        new("an out_dir with a NUL", "report", "out_dir", Set("out_dir", "/tmp/a\0b")),
        new("a huge job timeout", "wait", "job_timeout_minutes", Raw("job_timeout_minutes", "1e300")),
        new("a job timeout past the double range", "wait", "job_timeout_minutes",
            Raw("job_timeout_minutes", "1e400")),
        new("a negative job timeout", "wait", "job_timeout_minutes", Set("job_timeout_minutes", -5)),
        new("a bare NaN job timeout", "wait", "job_timeout_minutes", Raw("job_timeout_minutes", "NaN")),
        new("a NaN job timeout as text", "wait", "job_timeout_minutes", Set("job_timeout_minutes", "NaN")),
        new("a zero job timeout", "wait", "job_timeout_minutes", Set("job_timeout_minutes", 0)),
        new("a negative connect timeout", "collect", "connect_timeout_minutes", Set("connect_timeout_minutes", -1)),
        new("a missing connect timeout", "wait", "connect_timeout_minutes", Without("connect_timeout_minutes")),
        new("a missing collect timeout", "collect", "collect_timeout_minutes", Without("collect_timeout_minutes")),
        new("a wrong stage name", "delete", "stage", Set("stage", "exploded")),
        new("a stage as a number", "wait", "stage", Set("stage", 3)),
        new("a wrong keep", "delete", "keep", Set("keep", "sometimes")),
        new("a wrong result", "report", "result", Set("result", "GREAT")),
        new("a newer version", "delete", "version", Set("version", 2)),
        new("an empty collect glob", "collect", "collect", Set("collect", new JsonArray("logs/**", null))),
        new("collect as text", "collect", "collect", Set("collect", "logs/**")),
        new("a wait that starts at the end of time", "wait", "wait_started",
            Set("wait_started", "9999-12-31T23:59:59+00:00")),
        new("a missing user", "collect", "user", Without("user")),
        new("an empty log_path", "wait", "log_path", Set("log_path", "")),
        new("no known_hosts and no pinned key", "wait", "known_hosts", Set("known_hosts", "")),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_field_is_one_line_naming_it_and_the_file_and_exit_2(Case hostile)
    {
        await File.WriteAllTextAsync(StatePath, hostile.Hostile(GoodState()));

        var run = await RunAsync(hostile.Verb);

        AssertOneLine(run);
        Assert.Contains($"{StatePath}: {hostile.Field} ", run.Stderr + " ", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "delete", "a list")]
    [InlineData("42", "wait", "a number")]
    [InlineData("null", "report", "null")]
    [InlineData("\"state\"", "collect", "a string")]
    public async Task A_state_that_is_no_JSON_object_is_one_line_saying_what_it_holds(string json, string verb,
        string holds)
    {
        await File.WriteAllTextAsync(StatePath, json);

        var run = await RunAsync(verb);

        AssertOneLine(run);
        Assert.Contains($"{StatePath} is not a traas-ci run state: it holds {holds}", run.Stderr,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("{\"job_type\": 5, \"result\": [\"PASSED\"]}")]
    [InlineData("not json")]
    public async Task Publish_goes_by_junit_xml_when_the_state_beside_it_is_not_usable(string json)
    {
        var report = await CliRun.RunAsync(["report", LocalLog, "--out", OutDir]);
        Assert.True(report.ExitCode == ExitCodes.Passed, report.Stderr);
        await File.WriteAllTextAsync(Path.Combine(OutDir, "run-state.json"), json);
        var missing = Path.Combine(_work, "no-known-failures.yaml");

        // The known failures are read after the artifacts, and before any request.
        var run = await CliRun.RunAsync(["publish", "--artifacts", OutDir, "--known-failures", missing],
            environment: new Dictionary<string, string>
            {
                ["GITHUB_TOKEN"] = "ghs_unused",
                ["GITHUB_REPOSITORY"] = "traas-ci/demo",
                ["GITHUB_SHA"] = new string('a', 40),
                ["GITHUB_API_URL"] = "http://127.0.0.1:1",
            });

        AssertOneLine(run);
        Assert.Contains($"--known-failures {missing}: no such file", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_of_megabytes_is_not_read_whole()
    {
        await File.WriteAllTextAsync(StatePath, "{\"stage\": \"waiting\"" + new string(' ', 4 * 1024 * 1024) + "}");

        var run = await RunAsync("report");

        AssertOneLine(run);
        Assert.Contains("larger than 1024 KiB", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_good_state_the_cases_start_from_is_read()
    {
        await File.WriteAllTextAsync(StatePath, GoodState().ToJsonString());

        var run = await RunAsync("report");

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.True(File.Exists(Path.Combine(OutDir, "junit.xml")));
    }

    [Fact]
    public async Task A_collected_copy_shorter_than_the_streamed_log_still_reports()
    {
        // The node may cut traas.log short before collect replaces the local copy with it.
        var state = GoodState();
        state["stage"] = "collected";
        state["log_offset"] = new FileInfo(LocalLog).Length * 2;
        await File.WriteAllTextAsync(StatePath, state.ToJsonString());

        var run = await RunAsync("report");

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
    }

    [Fact]
    public async Task A_teardown_still_reads_the_state_of_a_create_Heat_has_not_answered()
    {
        await File.WriteAllTextAsync(StatePath, new JsonObject
        {
            ["stage"] = "creating",
            ["stack_name"] = "traas-x",
            ["out_dir"] = OutDir,
            ["keep"] = "never",
        }.ToJsonString());

        var run = await RunAsync("delete");

        Assert.True(run.ExitCode == ExitCodes.Passed, run.Stderr);
        Assert.Contains("holds no stack", run.Stderr, StringComparison.Ordinal);
    }

    private JsonObject GoodState() => new()
    {
        ["version"] = 1,
        ["stage"] = "waited",
        ["stack_name"] = "traas-hostile",
        ["stack_id"] = "0b7f5f0e-1111-2222-3333-444455556666",
        ["cloud"] = "nowhere",
        ["job_type"] = "multinode-1ctlr-featureset004",
        // Nothing listens there: a state that passed its checks would fail to connect, not hang.
        ["host"] = "127.0.0.1",
        ["port"] = 1,
        ["user"] = "centos",
        ["log_path"] = "/home/centos/tripleo-root/traas.log",
        ["marker_path"] = "/home/centos/tripleo-root/traas.rc",
        ["known_hosts"] = Path.Combine(_work, "known_hosts"),
        ["log_offset"] = new FileInfo(LocalLog).Length,
        ["keep"] = "never",
        ["collect"] = new JsonArray("workspace/logs/**"),
        ["out_dir"] = OutDir,
        ["job_timeout_minutes"] = 240,
        ["connect_timeout_minutes"] = 30,
        ["collect_timeout_minutes"] = 10,
        ["wait_started"] = "2025-01-01T00:00:00+00:00",
    };

    private async Task<CliRun> RunAsync(string verb)
    {
        var clock = Stopwatch.StartNew();
        var run = await CliRun.RunAsync([verb, "--state", StatePath],
            environment: new Dictionary<string, string> { ["HOME"] = _work });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        return run;
    }

    private static void AssertOneLine(CliRun run)
    {
        Assert.True(run.ExitCode == ExitCodes.BadInput, $"exit {run.ExitCode}: {run.Stderr}");
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("traas-ci: error: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }
}
