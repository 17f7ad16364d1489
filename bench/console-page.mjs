// Opens a console.html in Debian's headless Chromium over the DevTools protocol (loopback only)
// and prints how long it takes to load, how many DOM nodes it has, and how long a jump to a
// line deep in the log takes. usage: node --experimental-websocket console-page.mjs PAGE LINE
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [page, line] = [resolve(process.argv[2]), Number(process.argv[3] ?? 1)];
const profile = mkdtempSync(join(tmpdir(), 'traas-bench-'));
const chrome = spawn('/usr/bin/chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`,
  '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', '--window-size=1200,800', 'about:blank'], { stdio: 'ignore' });
const sleep = ms => new Promise(r => setTimeout(r, ms));
try {
  while (!existsSync(join(profile, 'DevToolsActivePort')) || readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n').length < 2) await sleep(50);
  const port = readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0];
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const ws = new WebSocket(targets.find(t => t.type === 'page').webSocketDebuggerUrl);
  await new Promise(r => { ws.onopen = r; });
  let id = 0;
  const pending = new Map();
  ws.onmessage = m => { const d = JSON.parse(m.data); if (d.id && pending.has(d.id)) { pending.get(d.id)(d); pending.delete(d.id); } };
  const send = (method, params = {}) => new Promise(r => { const i = ++id; pending.set(i, r); ws.send(JSON.stringify({ id: i, method, params })); });
  const evaluate = async expression => (await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })).result?.result?.value;

  const started = Date.now();
  await send('Page.navigate', { url: `file://${page}` });
  while (await evaluate('document.readyState') !== 'complete') await sleep(100);
  const loaded = (Date.now() - started) / 1000;
  const nodes = await evaluate('document.getElementsByTagName("*").length');
  const jump = await evaluate(`(() => { const t = performance.now(); history.pushState(null, '', '#L${line}');
    window.dispatchEvent(new HashChangeEvent('hashchange')); return [performance.now() - t, !!document.getElementById('L${line}')]; })()`);
  console.log(`page MiB ${(readFileSync(page).length / 1048576).toFixed(0)}  load s ${loaded.toFixed(2)}  DOM nodes ${nodes}  jump to line ${line} ms ${jump[0].toFixed(0)} (found: ${jump[1]})`);
} finally {
  chrome.kill();
  rmSync(profile, { recursive: true, force: true });
}
