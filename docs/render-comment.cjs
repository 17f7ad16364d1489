// Renders a pull request comment's markdown as GitHub shows it, roughly: GitHub's fonts and colours,
// its alert blocks (> [!WARNING]), tables and code blocks. Usage: node render-comment.cjs FILE > page.html
const fs = require("fs");
const path = require("path");
const { marked } = require(path.join(__dirname, "..", "tests", "github-contract", "node_modules", "marked"));

const markdown = fs.readFileSync(process.argv[2], "utf8")
  .replace(/^> \[!WARNING\]\n((?:> .*\n?)*)/m, (_, body) => `<div class="alert">\n\n**⚠ Warning**\n\n${body.replace(/^> /gm, "")}\n</div>\n`);
// The picture shows the earlier runs too.
const html = marked.parse(markdown).replace("<details>", "<details open>");
process.stdout.write(`<!doctype html><meta charset="utf-8"><style>
body { font: 14px -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; margin: 16px; background: #fff; }
.comment { border: 1px solid #d1d9e0; border-radius: 6px; max-width: 840px; }
.head { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px; color: #59636e; border-radius: 6px 6px 0 0; }
.head b { color: #1f2328; }
.body { padding: 8px 16px 16px; line-height: 1.5; }
h2 { font-size: 1.5em; border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; }
h3 { font-size: 1.25em; }
table { border-collapse: collapse; } th, td { border: 1px solid #d1d9e0; padding: 4px 12px; }
tr:nth-child(2n) { background: #f6f8fa; }
code, pre { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f6f8fa; border-radius: 6px; }
code { padding: .2em .4em; } pre { padding: 12px; overflow: auto; } pre code { padding: 0; }
.alert { border-left: .25em solid #9a6700; padding: 0 1em; margin-bottom: 16px; }
.alert p:first-child strong { color: #9a6700; }
a { color: #0969da; text-decoration: none; }
</style><div class="comment"><div class="head"><b>github-actions</b> bot commented</div><div class="body">
${html}</div></div>`);
