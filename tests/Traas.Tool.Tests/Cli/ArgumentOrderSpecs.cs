using Traas.Tool.Commands;
using Traas.Tool.Model;

namespace Traas.Tool.Tests.Cli;

/// <summary>
/// Every verb reads its line in every order `openstack stack create` accepts: options before and
/// after the positionals, repeated options, `--name=value`, `--` ending the options. A line that
/// could be read two ways, or has one positional too many, is a clear error, never a silent guess.
/// </summary>
public sealed class ArgumentOrderSpecs
{
    public static TheoryData<string, string[]> Provision => new()
    {
        { "openstack's order", ["provision", "-t", "T", "-e", "E1", "-e", "E2", "NAME"] },
        { "name first", ["provision", "NAME", "-t", "T", "-e", "E1", "-e", "E2"] },
        { "name between", ["provision", "-e", "E1", "NAME", "-t", "T", "-e", "E2"] },
        { "equals signs", ["provision", "--template=T", "--environment=E1", "-eE2", "NAME"] },
        { "after --", ["provision", "-t", "T", "-e", "E1", "-e", "E2", "--", "NAME"] },
    };

    [Theory]
    [MemberData(nameof(Provision))]
    public void Provision_reads_the_name_template_and_environments_in_any_order(string order, string[] args)
    {
        var options = Assert.IsType<ProvisionOptions>(TraasCli.Parse(args));

        Assert.True(options.Name == "NAME", order);
        Assert.Equal("T", options.Template);
        Assert.Equal(["E1", "E2"], options.Environments);
    }

    public static TheoryData<string, string[], string[], string[]> Repeated => new()
    {
        { "--parameter before the name", ["--parameter", "k=v", "NAME"], ["k=v"], ["traas-ci"] },
        { "two --parameter", ["--parameter", "k1=v1", "--parameter", "k2=v2", "NAME"], ["k1=v1", "k2=v2"], ["traas-ci"] },
        { "--tag before the name", ["--tag", "x", "NAME"], [], ["traas-ci", "x"] },
        { "--tags a,b", ["NAME", "--tags", "a,b"], [], ["traas-ci", "a", "b"] },
        { "--tag and --tags", ["--tags", "a,b", "--tag", "c", "NAME"], [], ["traas-ci", "c", "a", "b"] },
    };

    [Theory]
    [MemberData(nameof(Repeated))]
    public void Repeated_options_never_swallow_the_name(string order, string[] args, string[] parameters, string[] tags)
    {
        var provision = Assert.IsType<ProvisionOptions>(TraasCli.Parse(["provision", "-t", "T", .. args]));
        var run = Assert.IsType<RunOptions>(TraasCli.Parse(["run", .. args]));

        Assert.True(provision.Name == "NAME" && run.Name == "NAME", order);
        Assert.Equal(parameters, provision.Parameters);
        Assert.Equal(parameters, run.Parameters);
        Assert.Equal(tags, provision.AllTags);
        Assert.Equal(tags, run.AllTags);
    }

    [Theory]
    [InlineData("--collect", "G")]
    [InlineData("--tag", "x")]
    [InlineData("-e", "E")]
    [InlineData("--parameter-file", "k=f")]
    public void Run_keeps_the_name_after_any_repeatable_option(string option, string value)
    {
        var run = Assert.IsType<RunOptions>(TraasCli.Parse(["run", option, value, "NAME"]));

        Assert.Equal("NAME", run.Name);
    }

    [Theory]
    [InlineData(new[] { "delete", "--wait", "NAME" }, "NAME", true)]
    [InlineData(new[] { "delete", "NAME", "--wait", "--os-cloud", "c" }, "NAME", true)]
    [InlineData(new[] { "delete", "--state", "s.json" }, null, false)]
    public void Delete_reads_its_name_wait_and_state_in_any_order(string[] args, string? name, bool wait)
    {
        var delete = Assert.IsType<DeleteOptions>(TraasCli.Parse(args));

        Assert.Equal(name, delete.Name);
        Assert.Equal(wait, delete.Wait);
    }

    [Theory]
    [InlineData("status", "NAME", "--os-cloud", "c")]
    [InlineData("status", "--os-cloud", "c", "NAME")]
    [InlineData("status", "--os-cloud=c", "--", "NAME")]
    public void Status_reads_its_name_before_or_after_the_cloud(params string[] args)
    {
        var status = Assert.IsType<StatusOptions>(TraasCli.Parse(args));

        Assert.Equal(("NAME", "c"), (status.Name, status.Cloud));
    }

    [Theory]
    [InlineData("validate", "-t", "T", "-e", "E1", "-e", "E2", "--heat", "--parameter", "a=1", "--parameter-file", "f=p")]
    [InlineData("validate", "-e", "E1", "--parameter", "a=1", "--heat", "-e", "E2", "--parameter-file=f=p", "-t", "T")]
    public void Validate_reads_its_template_environments_and_parameters_in_any_order(params string[] args)
    {
        var validate = Assert.IsType<ValidateOptions>(TraasCli.Parse(args));

        Assert.Equal("T", validate.Template);
        Assert.Equal(["E1", "E2"], validate.Environments);
        Assert.Equal(["a=1"], validate.Parameters);
        Assert.Equal(["f=p"], validate.ParameterFiles);
        Assert.True(validate.Heat);
    }

    [Theory]
    [InlineData("report", "x.log", "--out", "o", "--subunit", "a", "--subunit", "b")]
    [InlineData("report", "--subunit", "a", "--out", "o", "--subunit", "b", "x.log")]
    [InlineData("report", "--out=o", "--subunit=a", "--subunit=b", "--", "x.log")]
    public void Report_reads_its_log_and_repeated_streams_in_any_order(params string[] args)
    {
        var report = Assert.IsType<ReportCommandOptions>(TraasCli.Parse(args));

        Assert.Equal(("x.log", "o"), (report.Log, report.Out));
        Assert.Equal(["a", "b"], report.Subunit);
        Assert.Contains("out", report.Given);
        Assert.DoesNotContain("job-name", report.Given);
    }

    [Fact]
    public void Report_reads_a_dash_as_standard_input_and_a_negative_number_as_a_value()
    {
        var report = Assert.IsType<ReportCommandOptions>(TraasCli.Parse(["report", "-", "--job-name", "j"]));
        var reap = Assert.IsType<ReapOptions>(TraasCli.Parse(["reap", "--older-than", "-1"]));

        Assert.Equal("-", report.Log);
        Assert.Equal(-1, reap.OlderThan);
    }

    [Theory]
    [InlineData("wait", "--state", "s.json", "--ssh-key", "k", "--job-timeout", "5")]
    [InlineData("wait", "--job-timeout=5", "--ssh-key", "k", "--state", "s.json")]
    public void Wait_reads_its_state_key_and_timeout_in_any_order(params string[] args)
    {
        var wait = Assert.IsType<WaitOptions>(TraasCli.Parse(args));

        Assert.Equal(("s.json", "k", 5.0), (wait.State, wait.SshKey, wait.JobTimeout));
    }

    [Theory]
    [InlineData("collect", "--collect-max-files", "10", "--state", "s.json")]
    [InlineData("collect", "--state", "s.json", "--collect-max-files=10")]
    public void Collect_reads_its_state_and_limits_in_any_order(params string[] args)
    {
        var collect = Assert.IsType<CollectOptions>(TraasCli.Parse(args));

        Assert.Equal(("s.json", 10), (collect.State, collect.CollectMaxFiles));
        Assert.Contains("collect-max-files", collect.Given);
    }

    [Theory]
    [InlineData("publish", "--artifacts", "a", "--report-as", "status", "--redact", "x", "--redact", "/y+/")]
    [InlineData("publish", "--redact=x", "--report-as=status", "--redact", "/y+/", "--artifacts", "a")]
    public void Publish_reads_its_options_in_any_order(params string[] args)
    {
        var publish = Assert.IsType<PublishOptions>(TraasCli.Parse(args));

        Assert.Equal(("a", "status"), (publish.Artifacts, publish.ReportAs));
        Assert.Equal(["x", "/y+/"], publish.Redact);
    }

    [Theory]
    [InlineData("reap", "--older-than", "12", "--tag", "x", "--dry-run")]
    [InlineData("reap", "--dry-run", "--tag=x", "--older-than=12")]
    public void Reap_reads_its_options_in_any_order(params string[] args)
    {
        var reap = Assert.IsType<ReapOptions>(TraasCli.Parse(args));

        Assert.Equal((12.0, "x", true), (reap.OlderThan, reap.Tag, reap.DryRun));
    }

    [Theory]
    [InlineData("--retry-infra", "6", "--retry-infra 6: give 0 (no retry) to 5")]
    [InlineData("--retry-infra", "-1", "--retry-infra -1: give 0 (no retry) to 5")]
    [InlineData("--attempts", "0", "--attempts 0: give 1 to 10")]
    [InlineData("--attempts", "11", "--attempts 11: give 1 to 10")]
    public async Task Run_refuses_attempts_and_retries_out_of_bounds_before_anything_else(string option, string value,
        string message)
    {
        var run = await CliRun.RunAsync(["run", "NAME", "-t", "no-such-template.yaml", option, value]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal($"traas-ci: error: {message}", run.Stderr.TrimEnd('\n'));
    }

    public static TheoryData<string[], string> Refused => new()
    {
        { ["provision", "a", "b", "-t", "T"], "provision takes 1 positional argument; 'b' is one too many" },
        { ["run", "-e", "a.yaml", "b.yaml"], "'b.yaml' would be the stack's name, but it looks like a file" },
        { ["run", "x", "y"], "run takes 1 positional argument; 'y' is one too many" },
        { ["status", "a", "b"], "status takes 1 positional argument; 'b' is one too many" },
        { ["publish", "extra"], "publish takes no positional argument, but got 'extra'" },
        { ["run", "-e"], "-e needs a value" },
        { ["run", "--tag", "--keep", "always"], "--tag needs a value; for one that starts with '-', write --tag=VALUE" },
        { ["run", "--no-such-option"], "run has no option --no-such-option" },
        // --max-stacks limits the stacks a provider holds: only the verbs that create stacks take it.
        { ["status", "x", "--max-stacks", "2"], "status has no option --max-stacks" },
        { ["delete", "x", "--max-stacks", "2"], "delete has no option --max-stacks" },
        { ["validate", "-t", "T", "--max-stacks", "2"], "validate has no option --max-stacks" },
        { ["reap", "--max-stacks", "2"], "reap has no option --max-stacks" },
        { ["run", "--keep", "always", "--keep", "never"], "--keep is given twice; give it once" },
        { ["provision", "NAME"], "--template is required" },
        { ["run", "--timeout", "soon"], "--timeout soon: give a whole number" },
        { ["no-such-verb"], "'no-such-verb' is not a verb of traas-ci" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_line_that_cannot_be_read_one_way_is_one_clear_line_and_exit_2(string[] args, string message)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        var line = Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("traas-ci: error: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.EndsWith(args[0] == "no-such-verb" ? "try `traas-ci --help`" : $"try `traas-ci {args[0]} --help`", line,
            StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Theory]
    [InlineData("run", "-h")]
    [InlineData("run", "--help")]
    [InlineData("help", "run")]
    [InlineData("--help", "run")]
    [InlineData("run", "NAME", "-e", "E", "--help")]
    public async Task Help_of_a_verb_lists_its_options_on_stdout(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(ExitCodes.Passed, run.ExitCode);
        Assert.Contains("--toci-jobtype", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--collect-max-files", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("reap", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_without_a_verb_lists_the_verbs(string help)
    {
        var run = await CliRun.RunAsync([help]);

        Assert.Equal(ExitCodes.Passed, run.ExitCode);
        foreach (var verb in new[] { "run", "provision", "wait", "collect", "report", "publish", "delete", "status", "validate", "reap" })
            Assert.Contains(verb, run.Stdout, StringComparison.Ordinal);
    }
}
