// Opens a console.html in Debian's headless Chromium over the DevTools protocol (loopback only)
// and prints one row: the page's size and its ratio to the log, the first paint (the page's own
// paint timing), the load (readyState complete) and the moment the page has settled (no data-busy:
// failed sections shown), the DOM's element count, a jump to LINE (from the hashchange until the
// line is in the page, the page idle and a frame drawn), and two searches for the log's last line.
// usage: node --experimental-websocket console-page.mjs PAGE LOG LINE LABEL
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [page, log, line, label] = [resolve(process.argv[2]), resolve(process.argv[3]), Number(process.argv[4]), process.argv[5]];
const profile = mkdtempSync(join(tmpdir(), 'traas-bench-'));
const chrome = spawn('/usr/bin/chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`,
  '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', '--window-size=1200,800', 'about:blank'],
  { stdio: 'ignore', detached: true });
const sleep = ms => new Promise(r => setTimeout(r, ms));
const MiB = 1048576;
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
  const evaluate = async expression => {
    const reply = await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (reply.result?.exceptionDetails) throw new Error(`${expression}: ${JSON.stringify(reply.result.exceptionDetails)}`);
    return reply.result?.result?.value;
  };
  const idle = '!document.documentElement.hasAttribute("data-busy")';

  await send('Page.navigate', { url: `file://${page}` });
  while (await evaluate('document.readyState') !== 'complete') await sleep(20);
  while (!await evaluate(idle)) await sleep(20);
  const timing = await evaluate(`(() => {
    const nav = performance.getEntriesByType('navigation')[0], paint = {};
    performance.getEntriesByType('paint').forEach(p => { paint[p.name] = p.startTime; });
    return { paint: paint['first-paint'], contentful: paint['first-contentful-paint'], load: nav.loadEventEnd, settled: performance.now() };
  })()`);
  const nodes = await evaluate('document.getElementsByTagName("*").length');
  // Settled: the line is in the page and the page is idle; then one frame is drawn.
  const jump = await evaluate(`new Promise(resolve => {
    const t = performance.now(), root = document.documentElement;
    const done = () => document.getElementById('L${line}') && !root.hasAttribute('data-busy');
    const finish = () => requestAnimationFrame(() => setTimeout(() => {
      const el = document.getElementById('L${line}'), r = el && el.getBoundingClientRect();
      resolve([performance.now() - t, !!el && r.top >= 0 && r.bottom <= innerHeight]);
    }));
    history.pushState(null, '', '#L${line}');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    if (done()) return finish();
    const watch = new MutationObserver(() => { if (done()) { watch.disconnect(); finish(); } });
    watch.observe(root, { attributes: true, childList: true, subtree: true });
  })`);
  // A search for the log's last line: the first one inflates every block, the second reuses them.
  const search = async () => evaluate(`new Promise(resolve => {
    const q = document.getElementById('q'), found = document.getElementById('found'), root = document.documentElement;
    if (!q) return resolve(null);
    const t = performance.now();
    found.textContent = '';
    q.value = 'Run completed';
    q.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    const done = () => /matching line|no line/.test(found.textContent) && !root.hasAttribute('data-busy');
    const check = () => done() ? resolve([performance.now() - t, found.textContent]) : setTimeout(check, 5);
    check();
  })`);
  const [first, again] = [await search(), await search()];
  const size = statSync(page).size;
  const s = ms => (ms / 1000).toFixed(2).padStart(7);
  console.log(`${label.padEnd(12)} ${(statSync(log).size / MiB).toFixed(0).padStart(7)} ${(size / MiB).toFixed(1).padStart(8)}`
    + ` ${(size / statSync(log).size).toFixed(3).padStart(6)} ${s(timing.paint)} ${s(timing.contentful)} ${s(timing.load)}`
    + ` ${s(timing.settled)} ${String(nodes).padStart(7)} ${jump[0].toFixed(0).padStart(8)}`
    + ` ${first ? s(first[0]) : '      -'} ${again ? s(again[0]) : '      -'}`
    + `  ${jump[1] ? '' : 'jump: line NOT SHOWN '}${first && first[1] !== '1 matching line' ? 'search: ' + first[1] : ''}`);
} finally {
  // Chromium's helpers share its process group: stop them all before removing the profile.
  const exited = new Promise(r => chrome.once('exit', r));
  try { process.kill(-chrome.pid, 'SIGTERM'); } catch { chrome.kill(); }
  await exited;
  rmSync(profile, { recursive: true, force: true, maxRetries: 10 });
}
