using Traas.Tool.GitHub;

namespace Traas.Tool.Tests;

/// <summary>How the live log reads in a GitHub Actions job, and outside one.</summary>
public sealed class LiveLogWriterSpecs
{
    private static readonly string[] Job =
    [
        "PLAYBOOK: quickstart.yml",
        "PLAY [Prepare the undercloud] ****************",
        "TASK [setup] *********",
        "ok: [undercloud]",
        "2019-01-01 10:00:00.123 | PLAY [Deploy 100% of it] ****",
        "changed: [undercloud]",
        "PLAY RECAP *********",
        "undercloud : ok=2 changed=1 unreachable=0 failed=0",
    ];

    [Fact]
    public void Under_actions_each_play_is_a_group_and_the_recap_stays_open()
    {
        var output = new StringWriter();
        var writer = new LiveLogWriter(output, githubActions: true);

        foreach (var line in Job)
            writer.WriteLine(line);
        writer.Complete();

        Assert.Equal(
        [
            "PLAYBOOK: quickstart.yml",
            "::group::PLAY [Prepare the undercloud]",
            "PLAY [Prepare the undercloud] ****************",
            "TASK [setup] *********",
            "ok: [undercloud]",
            "::endgroup::",
            "::group::PLAY [Deploy 100%25 of it]",
            "2019-01-01 10:00:00.123 | PLAY [Deploy 100% of it] ****",
            "changed: [undercloud]",
            "::endgroup::",
            "PLAY RECAP *********",
            "undercloud : ok=2 changed=1 unreachable=0 failed=0",
        ], Lines(output));
    }

    [Fact]
    public void A_group_left_open_by_an_unfinished_job_is_closed_once()
    {
        var output = new StringWriter();
        var writer = new LiveLogWriter(output, githubActions: true);

        writer.WriteLine("PLAY [p] ***");
        writer.Complete();
        writer.Complete();

        Assert.Equal(["::group::PLAY [p]", "PLAY [p] ***", "::endgroup::"], Lines(output));
    }

    [Theory]
    [InlineData("::add-mask::hunter2", "\u2236:add-mask::hunter2")]
    [InlineData("  ::set-env name=PATH::/evil", "  \u2236:set-env name=PATH::/evil")]
    [InlineData("##[error]fake", "##\uFF3Berror]fake")]
    [InlineData("progress 50%\r::error::after a bare CR", "progress 50%\n\u2236:error::after a bare CR")]
    public void A_log_line_that_looks_like_a_workflow_command_is_shown_but_cannot_run(string line, string shown)
    {
        var output = new StringWriter();

        new LiveLogWriter(output, githubActions: true).WriteLine(line);

        Assert.Equal(shown + "\n", output.ToString());
        Assert.Empty(RunnerCommandChecker.Commands(output.ToString()));
    }

    [Fact]
    public void Outside_actions_the_lines_are_written_as_they_are()
    {
        var output = new StringWriter();
        var writer = new LiveLogWriter(output, githubActions: false);

        foreach (var line in Job.Append("::add-mask::x"))
            writer.WriteLine(line);
        writer.Complete();

        Assert.Equal(Job.Append("::add-mask::x"), Lines(output));
    }

    private static string[] Lines(StringWriter output) => output.ToString().Split(Environment.NewLine)[..^1];
}
