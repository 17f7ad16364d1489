using System.Globalization;
using Traas.Tool.Commands;
using Traas.Tool.Model;

namespace Traas.Tool.Tests.Cli;

/// <summary>
/// A value is read as openstack's argparse reads it, and one that cannot be is one line naming the option, the
/// value and what to give: never a parser's type name, never a number read in the machine's culture.
/// </summary>
public sealed class OptionValueSpecs
{
    [Fact]
    public void A_value_that_starts_with_a_space_is_taken_as_given()
    {
        var provision = Assert.IsType<ProvisionOptions>(TraasCli.Parse(
            ["provision", "-t", " f", "--tag", " x", "--parameter", " a=b", "--parameter-file= k=f", "NAME"]));

        Assert.Equal(" f", provision.Template);
        Assert.Equal(["traas-ci", " x"], provision.AllTags);
        Assert.Equal([" a=b"], provision.Parameters);
        Assert.Equal([" k=f"], provision.ParameterFiles);
        Assert.Equal("NAME", provision.Name);
    }

    [Fact]
    public async Task A_template_that_starts_with_a_space_is_looked_for_under_that_name()
    {
        var run = await CliRun.RunAsync(["provision", "NAME", "-t", " no-such-template.yaml", "--tag", " x"]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("/ no-such-template.yaml does not exist", line, StringComparison.Ordinal);
        Assert.DoesNotContain("BadFormatTokenError", run.Stderr, StringComparison.Ordinal);
    }

    public static TheoryData<string[], string> WrongTypes => new()
    {
        { ["run", "--attempts", "abc"], "--attempts abc: give a whole number; try `traas-ci run --help`" },
        { ["run", "--timeout", "1.5"], "--timeout 1.5: give a whole number;" },
        { ["run", "--collect-max-files", "1,000"], "--collect-max-files 1,000: give a whole number, without ','" },
        { ["run", "--collect-max-mib", "x"], "--collect-max-mib x: give a whole number" },
        { ["run", "--job-timeout", "ten"], "--job-timeout ten: give a number;" },
        { ["run", "--hold-hours", "NaN"], "--hold-hours NaN: give a number;" },
        { ["diff", "F", "--baseline", "B", "--threshold", "0,3"],
            "--threshold 0,3: give a number, with '.' as the decimal point, never ','" },
        { ["reap", "--older-than", "1,5"], "--older-than 1,5: give a number, with '.' as the decimal point, never ','" },
        { ["wait", "--job-timeout=-1,5"], "--job-timeout -1,5: give a number, with '.' as the decimal point" },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task A_value_of_the_wrong_type_names_the_option_the_value_and_the_type(string[] args, string message)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong type", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_are_read_as_the_invariant_culture_writes_them_whatever_the_machine_s()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CommaCulture.Create();
            var reap = Assert.IsType<ReapOptions>(TraasCli.Parse(["reap", "--older-than", "1.5"]));
            var diff = Assert.IsType<DiffOptions>(TraasCli.Parse(["diff", "F", "--baseline", "B", "--threshold", "0.3"]));
            var run = Assert.IsType<RunOptions>(TraasCli.Parse(["run", "--job-timeout", "-0.5", "--attempts", "3"]));

            Assert.Equal((1.5, 0.3, -0.5, 3), (reap.OlderThan, diff.Threshold, run.JobTimeout, run.Attempts));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public async Task A_value_that_starts_with_a_dash_is_given_with_an_equals_sign_and_the_line_says_so()
    {
        var refused = await CliRun.RunAsync(["run", "--redact", "-secret-value"]);
        var taken = Assert.IsType<RunOptions>(TraasCli.Parse(["run", "--redact=-secret-value"]));

        Assert.Equal(ExitCodes.BadInput, refused.ExitCode);
        var line = Assert.Single(refused.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--redact needs a value; for one that starts with '-', write --redact=VALUE", line,
            StringComparison.Ordinal);
        // What follows --redact may be the secret itself.
        Assert.DoesNotContain("secret-value", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(["-secret-value"], taken.Redact);
    }
}
