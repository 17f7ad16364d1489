using System.Xml.Linq;
using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>
/// pytest's output read as pytest writes it: a node id `path/file.py::Class::test[param]` whole, named in
/// junit.xml as pytest's own junit.xml names it (`mangle_test_address`: the file as a dotted module and the
/// classes, then the test), and its `= FAILURES =` block (a `___ head line ___` rule, the `E   ` lines of
/// the exception, `path:line: Error`) as the failure's message and text.
/// </summary>
public sealed class PytestSpecs
{
    private static XElement Case(ReportRun run, string name) =>
        XDocument.Parse(run.JUnit).Descendants("testcase").Single(c => (string?)c.Attribute("name") == name);

    [Fact]
    public void The_real_tox_log_keeps_its_node_ids_whole_and_its_failure_carries_the_assertion()
    {
        var run = ReportRun.OfFile(Path.Combine(RepoPaths.RealLogs, "tox-nimi-python-pytest-failed.log"));

        var failing = Case(run, "test_add_all_metadata_simple");
        Assert.Equal("build.helper.metadata_add_all", (string?)failing.Attribute("classname"));
        var failure = failing.Element("failure")!;
        var message = (string)failure.Attribute("message")!;
        Assert.StartsWith("AssertionError:\n  functions = {   'makeAFoo': {   'codegen_method': 'public',", message, StringComparison.Ordinal);
        // The block's start and end, with what is cut between them counted.
        Assert.Contains("\n    def test_add_all_metadata_simple():\n", failure.Value, StringComparison.Ordinal);
        Assert.Matches(@"\n\[\.\.\. \d+ lines cut: see console\.html\]\n", failure.Value);
        Assert.EndsWith("build/helper/metadata_add_all.py:208: AssertionError", failure.Value, StringComparison.Ordinal);
        Assert.Equal("build.helper.documentation_helper",
            (string?)Case(run, "build.helper.documentation_helper.as_rest_table").Attribute("classname"));
        var test = Assert.Single(run.Report.TempestFailures);
        Assert.Equal("build/helper/metadata_add_all.py::test_add_all_metadata_simple", test.Id);
        Assert.Contains("`build/helper/metadata_add_all.py::test_add_all_metadata_simple` ([line 13](console.html#L13)): AssertionError: functions = {",
            run.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"py::", run.JUnit, StringComparison.Ordinal);
    }

    [Fact]
    public void Classes_params_setup_errors_and_the_progress_column_are_read_as_pytest_writes_them()
    {
        var log = string.Join('\n',
            "============================= test session starts ==============================",
            "collected 4 items",
            "",
            "tests/unit/test_api.py::TestApi::test_get[a-1] PASSED                     [ 25%]",
            "tests/unit/test_api.py::TestApi::test_get[b-2] FAILED                     [ 50%]",
            "tests/unit/test_api.py::test_db ERROR                                     [ 75%]",
            "tests/unit/test_api.py::test_last PASSED                                  [100%]",
            "",
            "==================================== ERRORS ====================================",
            "__________________________ ERROR at setup of test_db ___________________________",
            "",
            "    @pytest.fixture",
            "    def db():",
            ">       raise ConnectionError('no database at 10.0.0.9')",
            "E       ConnectionError: no database at 10.0.0.9",
            "",
            "tests/unit/conftest.py:12: ConnectionError",
            "=================================== FAILURES ===================================",
            "____________________________ TestApi.test_get[b-2] _____________________________",
            "",
            "self = <test_api.TestApi object at 0x7f>, name = 'b', value = 2",
            "",
            "    def test_get(self, name, value):",
            ">       assert get(name) == value",
            "E       assert 3 == 2",
            "E        +  where 3 = get('b')",
            "",
            "tests/unit/test_api.py:20: AssertionError",
            "=========================== short test summary info ============================",
            "FAILED tests/unit/test_api.py::TestApi::test_get[b-2] - assert 3 == 2",
            "ERROR tests/unit/test_api.py::test_db - ConnectionError: no database at 10.0.0.9",
            "================ 1 failed, 2 passed, 1 error in 0.12s ================",
            "");

        var run = ReportRun.OfText(log);

        var get = Case(run, "test_get[b-2]");
        Assert.Equal("tests.unit.test_api.TestApi", (string?)get.Attribute("classname"));
        Assert.Equal("assert 3 == 2\n +  where 3 = get('b')", (string)get.Element("failure")!.Attribute("message")!);
        Assert.Equal("tests.unit.test_api.TestApi", (string?)Case(run, "test_get[a-1]").Attribute("classname"));
        var db = Case(run, "test_db").Element("failure")!;
        Assert.Equal("ConnectionError: no database at 10.0.0.9", (string)db.Attribute("message")!);
        Assert.Contains("tests/unit/conftest.py:12: ConnectionError", db.Value, StringComparison.Ordinal);
        Assert.Equal((4, 2), (run.Report.TempestTestCount, run.Report.TempestFailedCount));
    }

    [Fact]
    public void A_quiet_runs_failure_is_read_from_its_block_alone()
    {
        var log = string.Join('\n',
            "tests/test_x.py .F.                                                      [100%]",
            "",
            "=================================== FAILURES ===================================",
            "___________________________________ test_y ____________________________________",
            "",
            "    def test_y():",
            ">       assert parse('1') == 2",
            "E       ValueError: invalid literal for int() with base 10: 'x'",
            "",
            "tests/test_x.py:8: ValueError",
            "========================= 1 failed, 2 passed in 0.05s =========================",
            "");

        var run = ReportRun.OfText(log);

        var test = Assert.Single(run.Report.TempestFailures);
        Assert.Equal("test_y", test.Id);
        Assert.Equal("ValueError: invalid literal for int() with base 10: 'x'", test.Reason);
        Assert.Equal(1, run.Report.TempestFailedCount);
    }
}
