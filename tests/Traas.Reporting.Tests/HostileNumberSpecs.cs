using Traas.Reporting.Model;
using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>
/// Numbers in a log are the node's to write: digits too many for an int, or digits of another script (a regex's
/// \d takes them), never stop the report with an exception (report exited 70 with no artifacts).
/// </summary>
public sealed class HostileNumberSpecs
{
    private const string Recap = "PLAY RECAP ***\nundercloud : ok={0} changed=0 unreachable=0 failed=0 skipped=0\n";

    public static TheoryData<string, string> Logs => new()
    {
        { "an exit status past an int", "PLAY [p] ***\nTASK [t] ***\nok: [undercloud]\ntraas: ended now\nexit 99999999999\n" },
        { "an exit status in Arabic-Indic digits", "traas: ended now\nexit \u0663\n" },
        { "an xtrace exit past an int", "+ exit 99999999999\n" },
        { "a recap count past an int", "PLAY [p] ***\nTASK [t] ***\nok: [undercloud]\n"
            + string.Format(System.Globalization.CultureInfo.InvariantCulture, Recap, "99999999999") },
        { "a recap count in Devanagari digits", "PLAY [p] ***\nTASK [t] ***\nok: [undercloud]\n"
            + string.Format(System.Globalization.CultureInfo.InvariantCulture, Recap, "\u0967\u0968") },
        { "tempest totals past an int", "Ran: 99999999999 tests in 12.5 sec.\n - Passed: 99999999999\n - Failed: 0\n" },
        { "a unittest count past an int", "Ran 99999999999 tests in 1.5s\n\nFAILED (failures=99999999999)\n" },
        { "a profile_tasks time past an int of hours",
            "Thursday 01 March 2018  10:00:00 +0000 (99999999999:00:01.234)       0:00:05.678 ****\n" },
    };

    [Theory]
    [MemberData(nameof(Logs))]
    public void A_number_no_int_holds_or_in_other_digits_is_read_without_an_exception(string what, string log)
    {
        var report = ReportRun.OfText(log).Report;

        Assert.True(Enum.IsDefined(report.Outcome), what);
    }

    [Fact]
    public void An_exit_status_past_an_int_is_a_failure_not_a_pass()
    {
        var report = ReportRun.OfText("traas: ended now\nexit 4294967296\n").Report;

        Assert.Equal(JobOutcome.Failed, report.Outcome);
    }
}
