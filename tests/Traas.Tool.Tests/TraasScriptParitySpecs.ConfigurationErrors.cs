namespace Traas.Tool.Tests;

/// <summary>A job that cannot start as configured: status 87 and one "traas: configuration error: " line.</summary>
public sealed partial class TraasScriptParitySpecs
{
    private const int ConfigurationError = 87;

    [Fact]
    public async Task A_missing_toci_gate_test_sh_is_a_configuration_error_with_status_87_and_one_line()
    {
        // What tripleo-ci's master is now: toci_gate_test.sh was deleted in 2021.
        _tripleoCi.Push(_tripleoCi.Delete("toci_gate_test.sh").Commit("retired"), "refs/heads/master");
        var settings = Settings();
        settings["TRIPLEO_CI_BRANCH"] = "master";

        var run = await TraasScript.RunAsync(settings);

        Assert.True(run.ExitCode == ConfigurationError, run.WhatHappened);
        Assert.Equal(["traas: configuration error: toci_gate_test.sh not found in tripleo-ci at master: "
            + "set tripleo_ci_branch to a ref that has it"], run.ConfigurationErrors);
        Assert.Null(run.TociEnvironment);
    }

    [Fact]
    public async Task A_toci_gate_test_sh_that_cannot_be_run_is_a_configuration_error()
    {
        var notExecutable = _tripleoCi.At(_pinnedCi).Write("toci_gate_test.sh", Toci("not executable"))
            .Commit("mode 644");
        _tripleoCi.Push(notExecutable, "refs/heads/standin-644");
        var settings = Settings();
        settings["TRIPLEO_CI_BRANCH"] = notExecutable;

        var run = await TraasScript.RunAsync(settings);

        Assert.True(run.ExitCode == ConfigurationError, run.WhatHappened);
        Assert.Equal([$"traas: configuration error: toci_gate_test.sh in tripleo-ci at {notExecutable} "
            + "cannot be run (it is not executable): set tripleo_ci_branch to a ref that has it"],
            run.ConfigurationErrors);
    }

    [Fact]
    public async Task A_ref_the_remote_does_not_have_is_a_configuration_error()
    {
        var settings = Settings();
        settings["TRIPLEO_QUICKSTART_REF"] = "standin-no-such-branch";

        var run = await TraasScript.RunAsync(settings);

        Assert.True(run.ExitCode == ConfigurationError, run.WhatHappened);
        Assert.Equal([$"traas: configuration error: tripleo-quickstart has no ref standin-no-such-branch at "
            + $"{_quickstart.Url}: set tripleo_quickstart_ref to a branch, tag or commit ID that "
            + $"{_quickstart.Url} has"],
            run.ConfigurationErrors);
    }

    [Fact]
    public async Task A_remote_that_cannot_be_fetched_is_a_configuration_error()
    {
        var missing = new Uri(Path.Combine(_dir, "standin-missing.git")).AbsoluteUri;
        var settings = Settings();
        settings["TRIPLEO_QUICKSTART_EXTRAS_REMOTE"] = missing;

        var run = await TraasScript.RunAsync(settings);

        Assert.True(run.ExitCode == ConfigurationError, run.WhatHappened);
        var line = Assert.Single(run.ConfigurationErrors);
        Assert.StartsWith(
            $"traas: configuration error: cannot fetch tripleo-quickstart-extras from {missing} (fatal: ", line,
            StringComparison.Ordinal);
        Assert.EndsWith("): set tripleo_quickstart_extras_remote to a git remote this node can reach", line,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_TRAAS_TOCI_COMMAND_that_does_not_exist_is_a_configuration_error()
    {
        var settings = Settings();
        settings["TRAAS_SKIP_CLONE"] = "1";
        settings["TRAAS_TOCI_COMMAND"] = "standin-no-such-program --its-option";

        var run = await TraasScript.RunAsync(settings);

        Assert.True(run.ExitCode == ConfigurationError, run.WhatHappened);
        Assert.Equal(["traas: configuration error: TRAAS_TOCI_COMMAND runs standin-no-such-program, which is not "
            + "found or cannot be run: set TRAAS_TOCI_COMMAND to a command that exists"], run.ConfigurationErrors);
    }

    [Theory]
    [InlineData("no toci_gate_test.sh")]
    [InlineData("no such ref")]
    [InlineData("no such remote")]
    [InlineData("a malformed CI_CHANGES entry")]
    [InlineData("a change that does not apply")]
    public async Task Every_configuration_error_ends_with_the_exit_marker(string cause)
    {
        var settings = Settings();
        switch (cause)
        {
            case "no toci_gate_test.sh":
                settings["TRIPLEO_CI_BRANCH"] = _tripleoCi.Delete("toci_gate_test.sh").Commit("retired");
                _tripleoCi.Push(settings["TRIPLEO_CI_BRANCH"], "refs/heads/master");
                break;
            case "no such ref":
                settings["TRIPLEO_CI_BRANCH"] = "0000000000000000000000000000000000000000";
                break;
            case "no such remote":
                settings["TRIPLEO_CI_REMOTE"] = new Uri(Path.Combine(_dir, "standin-missing.git")).AbsoluteUri;
                break;
            case "a malformed CI_CHANGES entry":
                settings["CI_CHANGES"] = "openstack/tripleo-ci";
                break;
            default:
                settings["CI_CHANGES"] = $"openstack/tripleo-ci:{UploadConflictingChange()}";
                break;
        }

        var run = await TraasScript.RunAsync(settings);

        Assert.True(run.ExitCode == ConfigurationError, run.WhatHappened);
        Assert.Equal("87\n", run.Rc);
        var lines = run.LogLines;
        Assert.StartsWith(TraasScriptResult.ConfigurationErrorPrefix, lines[^3], StringComparison.Ordinal);
        Assert.StartsWith("traas: ended ", lines[^2], StringComparison.Ordinal);
        Assert.Equal("exit 87", lines[^1]);
        Assert.True(File.Exists(Path.Combine(Root, "traas.started")));
        Assert.True(File.Exists(Path.Combine(Root, "traas.ended")));
    }
}
