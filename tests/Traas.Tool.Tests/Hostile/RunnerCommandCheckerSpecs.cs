namespace Traas.Tool.Tests.Hostile;

/// <summary>The checker reads output as the runner does: these are the runner's own cases and the tricks of the review.</summary>
public sealed class RunnerCommandCheckerSpecs
{
    [Theory]
    [InlineData("::error::x", "error")]
    [InlineData("   ::warning file=a::x", "warning")]
    [InlineData("::ADD-MASK::secret", "ADD-MASK")]
    [InlineData(">>>   ##[error]legacy in mid-line", "error")]
    [InlineData("progress 50%\r::error::after a bare CR", "error")]
    [InlineData("\u200B::error::behind an invisible character", "error")]
    [InlineData("#\u00AD#[warning]split by a soft hyphen", "warning")]
    public void A_command_is_found_where_the_runner_finds_it(string output, string name) =>
        Assert.Contains(RunnerCommandChecker.Commands(output), c => c.Name == name);

    [Theory]
    [InlineData("   >>>   ::error::not at the start")]
    [InlineData("::nosuchcommand::x")]
    [InlineData("::error without the second pair")]
    [InlineData("##[nosuch]x")]
    [InlineData("\u2236:error::a ratio sign is not a colon")]
    public void Text_that_is_no_command_is_not_one(string output) => Assert.Empty(RunnerCommandChecker.Commands(output));

    [Fact]
    public void Stop_commands_hides_everything_but_its_token()
    {
        var commands = RunnerCommandChecker.Commands("::stop-commands::tok123\n::error::hidden\n##[warning]hidden\n::tok123::\n::error::seen");

        Assert.Equal(["stop-commands", "error"], commands.Select(c => c.Name));
        Assert.Equal("::error::seen", commands[1].Line);
    }
}
