"""Reads a junit.xml with python3-junitparser (the reader GitHub test-report actions use)
and prints, per suite, the counts it declares and the counts of its testcases' results."""
import json
import sys

from junitparser import Error, Failure, JUnitXml, Skipped

xml = JUnitXml.fromfile(sys.argv[1])
suites = []
for suite in xml:
    cases = list(suite)
    results = [type(r) for case in cases for r in case.result]
    suites.append({
        "name": suite.name,
        "tests": suite.tests, "failures": suite.failures, "errors": suite.errors, "skipped": suite.skipped,
        "cases": len(cases),
        "case_failures": results.count(Failure), "case_errors": results.count(Error), "case_skipped": results.count(Skipped),
    })
print(json.dumps({"tests": xml.tests, "failures": xml.failures, "errors": xml.errors, "suites": suites}))
