using Traas.Tool.GitHub;
using Traas.Tool.Logging;

namespace Traas.Tool.Tests.Hostile;

/// <summary>Text from the node, once through the one escaping function, holds no command the runner would run, and still reads the same.</summary>
public sealed class InertSpecs
{
    public static TheoryData<string> Tricks => new()
    {
        "::error title=PWNED::x",
        "   ::add-mask::the",
        "::stop-commands::silence",
        "::ERROR::upper case",
        "a line\r::warning::after a bare CR",
        "a line\r\n::notice::after CRLF\n::debug::after LF",
        "text ##[error]in mid-line",
        "###[group]three hashes",
        "\u200B::error::behind a zero-width space",
        "\u00AD::error::behind a soft hyphen",
        "#\u00AD#[warning]split by a soft hyphen",
        "\0::error::behind NUL",
        ":\u0301:error::a combining mark between the colons",
        "##[add-mask]legacy mask",
    };

    [Theory]
    [MemberData(nameof(Tricks))]
    public void No_line_of_inert_text_is_a_workflow_command(string text) =>
        Assert.Empty(RunnerCommandChecker.Commands(WorkflowCommands.Inert(text)));

    [Theory]
    [MemberData(nameof(Tricks))]
    public void A_log_message_holding_the_nodes_text_runs_nothing(string text)
    {
        var stderr = new StringWriter();
        using (var log = ToolLog.Create(stderr, verbose: false, WorkflowCommands.Inert))
            log.Error("the node said {Text}", text);

        Assert.Empty(RunnerCommandChecker.Commands(stderr.ToString()));
    }

    [Theory]
    [InlineData("TASK [tripleo-ci : deploy] ***")]
    [InlineData("2019-04-08 06:44:05 | ok: [undercloud] => (item=a:b)")]
    [InlineData("fatal: [subnode-1]: FAILED! => {\"msg\": \"a::b\"}")]
    [InlineData("# comment ## not a command [x]")]
    public void Ordinary_lines_are_left_as_they_are(string line) => Assert.Equal(line, WorkflowCommands.Inert(line));

    [Fact]
    public void Control_characters_of_a_message_are_shown_as_escapes()
    {
        var stderr = new StringWriter();
        using (var log = ToolLog.Create(stderr, verbose: false, WorkflowCommands.Inert))
            log.Error("marker {Text}", "\u001b]0;title\u0007\rback");

        Assert.Equal("traas-ci: error: marker \\x1b]0;title\\x07\\rback\n", stderr.ToString());
    }
}
