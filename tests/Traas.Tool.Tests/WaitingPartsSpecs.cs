using System.Text.Json.Nodes;
using Traas.Tool.Config;
using Traas.Tool.GitHub;
using Traas.Tool.Model;
using Traas.Tool.Ssh;

namespace Traas.Tool.Tests;

/// <summary>The small parts of wait, collect and publish that need no server: globs, targets, keys, escapes.</summary>
public sealed class WaitingPartsSpecs
{
    [Theory]
    [InlineData("/home/centos/tripleo-root/workspace/logs/**", "/home/centos/tripleo-root/workspace/logs", "undercloud/var/log/a.log", true)]
    [InlineData("/home/centos/tripleo-root/workspace/logs/**", "/home/centos/tripleo-root/workspace/logs", "top.txt", true)]
    [InlineData("/var/log/*.log", "/var/log", "messages.log", true)]
    [InlineData("/var/log/*.log", "/var/log", "nova/api.log", false)]
    [InlineData("/var/log/**/*.log", "/var/log", "nova/api.log", true)]
    [InlineData("/var/log/**/*.log", "/var/log", "messages.log", true)]
    [InlineData("/var/log/app?.txt", "/var/log", "app1.txt", true)]
    [InlineData("/var/log/app?.txt", "/var/log", "app12.txt", false)]
    [InlineData("/etc/hosts", "/etc", "hosts", true)]
    [InlineData("/etc/hosts", "/etc", "hostsx", false)]
    [InlineData("/var/log/nova", "/var/log", "nova/compute.log", true)]
    [InlineData("/var/log/a+b(c).log", "/var/log", "a+b(c).log", true)]
    public void A_collect_glob_is_walked_from_its_fixed_folder_and_matches_below_it(string glob, string root, string relative, bool matches)
    {
        var (walkFrom, pattern) = RemoteGlob.Split(glob);

        Assert.Equal(root, walkFrom);
        Assert.Equal(matches, pattern.IsMatch(relative));
    }

    [Theory]
    [InlineData("workspace/logs/**", "/home/centos/tripleo-root/workspace/logs/**")]
    [InlineData("~/.ansible/*.log", "/home/centos/.ansible/*.log")]
    [InlineData("/var/log/messages", "/var/log/messages")]
    public void Relative_globs_start_at_the_logs_folder_and_tilde_at_home(string glob, string resolved) =>
        Assert.Equal(resolved, RemoteGlob.Resolve(glob, "/home/centos", "/home/centos/tripleo-root"));

    [Fact]
    public void The_target_comes_from_the_stack_outputs_and_a_port_option_wins()
    {
        var outputs = new Dictionary<string, JsonNode?>
        {
            ["undercloud_floating_ip"] = "203.0.113.7",
            ["undercloud_ssh_port"] = 2222,
            ["traas_log"] = "/srv/job/traas.log",
        };

        var fromOutputs = UndercloudTarget.FromOutputs("id-1", outputs, "centos", port: null);
        var overridden = UndercloudTarget.FromOutputs("id-1", outputs, "centos", port: 22);

        Assert.Equal(("203.0.113.7", 2222, "/srv/job/traas.log", UndercloudTarget.DefaultMarkerPath),
            (fromOutputs.Host, fromOutputs.Port, fromOutputs.LogPath, fromOutputs.MarkerPath));
        Assert.Equal(22, overridden.Port);
    }

    [Fact]
    public void A_stack_without_the_undercloud_address_is_a_node_failure_naming_its_outputs()
    {
        var e = Assert.Throws<TraasException>(() =>
            UndercloudTarget.FromOutputs("id-2", new Dictionary<string, JsonNode?> { ["traas_log"] = "x" }, "centos", null));

        Assert.Equal(ExitCodes.NodeFailure, e.ExitCode);
        Assert.Contains("no undercloud_floating_ip output (outputs: traas_log)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_that_is_not_a_key_is_bad_input_and_its_text_is_never_repeated()
    {
        const string secret = "-----BEGIN OPENSSH PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END OPENSSH PRIVATE KEY-----";
        var file = Path.GetTempFileName();
        File.WriteAllText(file, secret);
        try
        {
            var fromVariable = Assert.Throws<TraasException>(() => SshKey.Load(null, Settings(new() { [ToolSettings.SshKeyVariable] = secret })));
            var fromFile = Assert.Throws<TraasException>(() => SshKey.Load(file, Settings([])));
            var missing = Assert.Throws<TraasException>(() => SshKey.Load("/no/such/key", Settings([])));

            Assert.All([fromVariable, fromFile, missing], e => Assert.Equal(ExitCodes.BadInput, e.ExitCode));
            Assert.StartsWith("the key in TRAAS_SSH_KEY is not a private key traas-ci can read", fromVariable.Message, StringComparison.Ordinal);
            Assert.StartsWith($"{file} is not a private key traas-ci can read", fromFile.Message, StringComparison.Ordinal);
            Assert.Equal("--ssh-key /no/such/key: no such file; give the private key the stack's key_name belongs to", missing.Message);
            Assert.All([fromVariable, fromFile], e => Assert.DoesNotContain("c2VjcmV0", e.Message, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Workflow_commands_escape_what_the_runner_unescapes()
    {
        Assert.Equal("::error title=job%3A task [host]%2C 100%25::50%25 done%0D%0Anext line",
            WorkflowCommands.Error("job: task [host], 100%", "50% done\r\nnext line"));
    }

    [Fact]
    public void A_cut_text_closes_its_open_code_block_and_says_where_the_rest_is()
    {
        var text = "intro\n```\n" + string.Concat(Enumerable.Repeat("a line of output\n", 100));

        var cut = CommentBody.Cut(text, 300, "see the log");

        Assert.True(cut.Length <= 300, $"{cut.Length} characters");
        Assert.Contains("\n```\n\n… cut here to fit GitHub's limit; see the log.", cut, StringComparison.Ordinal);
    }

    [Fact]
    public void The_history_survives_a_run_url_holding_comment_delimiters()
    {
        var server = new Uri("https://github.com/");
        var earlier = new RunEntry(JobResult.Failed, "abc1234", "https://github.com/o/r--x/actions/runs/1--", DateTimeOffset.UnixEpoch);

        var body = CommentBody.Comment("job", new RunEntry(JobResult.Passed, "def5678", null, DateTimeOffset.UnixEpoch), "summary", [], [earlier]);

        var history = CommentHistory.Read(body, server);
        Assert.Equal(2, history.Entries.Count);
        Assert.Empty(history.Problems);
        Assert.Equal("https://github.com/o/r--x/actions/runs/1--", history.Entries[1].RunUrl);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(body, "-->"), m => body.IndexOf("traas-ci:history", StringComparison.Ordinal) < m.Index);
    }

    private static ToolSettings Settings(Dictionary<string, string> environment) => ToolSettings.FromEnvironment(environment);
}
