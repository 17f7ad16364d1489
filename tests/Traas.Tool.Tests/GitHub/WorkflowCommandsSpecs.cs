using Traas.Tool.GitHub;

namespace Traas.Tool.Tests.GitHub;

/// <summary>Workflow commands as the runner reads them (actions/runner ActionCommand.cs, ActionCommandManager.cs).</summary>
public sealed class WorkflowCommandsSpecs
{
    [Fact]
    public void A_multi_line_secret_is_masked_whole_and_line_by_line_and_no_line_of_it_is_printed_in_clear()
    {
        var secret = "-----BEGIN KEY-----\r\nline one 100%\nline %0A two\n-----END KEY-----";

        var output = string.Join("\n", WorkflowCommands.AddMask(secret)) + "\n";

        // Every line the runner reads is an add-mask command: none is printed as it is.
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var commands = RunnerCommandChecker.Commands(output);
        Assert.Equal(lines.Length, commands.Count);
        Assert.All(commands, c => Assert.Equal("add-mask", c.Name));
        // The runner masks each command's data, and each line of it, trimmed.
        var masks = commands.Select(c => Unescape(c.Line["::add-mask::".Length..]))
            .SelectMany(data => new[] { data }.Concat(data.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            .ToHashSet();
        Assert.Contains(secret, masks);
        Assert.All(secret.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries), line => Assert.Contains(line, masks));
    }

    [Fact]
    public void A_one_line_secret_is_one_command_with_its_percent_escaped()
    {
        Assert.Equal(["::add-mask::p%25ss:word"], WorkflowCommands.AddMask("p%ss:word"));
    }

    /// <summary>The runner's unescaping of a command's data, in its order (%25 last).</summary>
    private static string Unescape(string data) =>
        data.Replace("%0D", "\r", StringComparison.Ordinal).Replace("%0A", "\n", StringComparison.Ordinal).Replace("%25", "%", StringComparison.Ordinal);
}
