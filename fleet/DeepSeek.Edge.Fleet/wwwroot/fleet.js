// The console's UI: plain DOM, every value from the API set as text (never as HTML).
'use strict';
const $ = id => document.getElementById(id);
const state = { page: 1, device: null };

async function api(path, options = {}) {
  const response = await fetch(path, { credentials: 'same-origin', ...options });
  if (response.status === 401) { show('login'); throw new Error('not logged in'); }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function cell(row, text, cls) { const td = row.insertCell(); td.textContent = text ?? ''; if (cls) td.className = cls; return td; }
function rows(tbody, items, fill) { tbody.replaceChildren(); for (const item of items) fill(tbody.insertRow(), item); }
function show(view) {
  for (const s of document.querySelectorAll('main > section')) s.hidden = s.id !== view + '-view';
  $('nav').hidden = view === 'login';
}

async function overview() {
  const o = await api('/api/overview');
  $('counts').textContent = `${o.devices} devices: ${o.online} online, ${o.offline} offline; ${o.dead_letters} dead letters`;
  rows($('versions'), o.versions, (r, v) => { cell(r, v.model); cell(r, String(v.devices)); });
  rows($('problems'), o.problems, (r, p) => { const a = document.createElement('a'); a.href = '#device/' + encodeURIComponent(p.device); a.textContent = p.device; r.insertCell().append(a); cell(r, p.problem, 'bad'); });
}

async function devices() {
  const q = new URLSearchParams({ page: state.page, page_size: 50, q: $('filter-q').value, status: $('filter-status').value, group: $('filter-group').value, model: $('filter-model').value });
  const p = await api('/api/devices?' + q);
  rows($('device-rows'), p.items, (r, d) => {
    const a = document.createElement('a'); a.href = '#device/' + encodeURIComponent(d.id); a.textContent = d.id; r.insertCell().append(a);
    cell(r, d.online ? 'online' : 'offline', d.online ? 'ok' : 'bad'); cell(r, JSON.parse(d.groups || '[]').join(', ')); cell(r, d.models);
    cell(r, d.fps?.toFixed(1)); cell(r, d.cpu_percent?.toFixed(0)); cell(r, d.temperature_c?.toFixed(0)); cell(r, d.last_seen); cell(r, d.problem, 'bad');
  });
  $('page').textContent = `page ${p.page} of ${Math.max(1, Math.ceil(p.total / p.page_size))} (${p.total} devices)`;
}

async function device(id) {
  state.device = id;
  const d = await api('/api/devices/' + encodeURIComponent(id));
  $('device-title').textContent = id;
  $('device-summary').textContent = `${d.device.state} · agent ${d.device.agent_version ?? '?'} · last seen ${d.device.last_seen}` + (d.device.problem ? ` · ${d.device.problem}` : '');
  rows($('device-cameras'), d.cameras, (r, c) => { cell(r, c.camera); cell(r, c.state); cell(r, c.model); cell(r, c.provider); cell(r, c.update_state ? `${c.update_state} ${c.update_version ?? ''}` : ''); cell(r, c.error || c.update_reason, 'bad'); });
  rows($('device-events'), d.events, (r, e) => { cell(r, e.ts); cell(r, e.camera); cell(r, e.kind); cell(r, e.label); cell(r, e.score?.toFixed(2)); cell(r, e.model); });
  deviceCharts(d);
}

// The device's charts (uPlot): fps per camera from the 1-minute rollups, CPU and temperature per minute. Rebuilt on
// each refresh of the page; window.fleetCharts holds them (the browser test reads their data).
const charts = { plots: [] };
function deviceCharts(d) {
  charts.plots.forEach(p => p.destroy()); charts.plots = [];
  const host = $('device-charts'); host.replaceChildren();
  const seconds = t => Date.parse(t.slice(0, 16) + ':00Z') / 1000;
  const rollup = d.telemetry_1m.slice().reverse();
  const xs = [...new Set(rollup.map(p => seconds(p.bucket)))].sort((a, b) => a - b);
  const cameras = [...new Set(rollup.map(p => p.camera))];
  const fps = cameras.map(c => xs.map(x => rollup.find(p => p.camera === c && seconds(p.bucket) === x)?.fps_avg ?? null));
  plot(host, 'fps', xs, cameras, fps);
  const minutes = d.health_1m.map(p => seconds(p.minute));
  plot(host, 'CPU %', minutes, ['cpu'], [d.health_1m.map(p => p.cpu_percent)]);
  plot(host, 'temperature °C', minutes, ['hottest zone'], [d.health_1m.map(p => p.temperature_c)]);
}

function plot(host, title, xs, names, series) {
  const div = document.createElement('div'); div.className = 'chart'; div.dataset.chart = title; host.append(div);
  const colours = ['#12324a', '#c0392b', '#27ae60', '#8e44ad'];
  const lines = names.map((name, i) => ({ label: name, stroke: colours[i % colours.length], spanGaps: true, points: { show: true } }));
  const now = Date.now() / 1000; // the last 4 hours, however few points there are yet
  const scales = { x: { time: true, range: () => [now - 4 * 3600, now + 60] } };
  charts.plots.push(new uPlot({ title, width: 640, height: 160, scales, series: [{}, ...lines], axes: [{}, { size: 50 }] }, [xs, ...series], div));
}
window.fleetCharts = charts;

async function models() {
  rows($('model-rows'), await api('/api/models'), (r, m) => { cell(r, m.name); cell(r, m.version); cell(r, m.precision); cell(r, String(m.size)); cell(r, m.sha256.slice(0, 12)); cell(r, m.signer_key_id); cell(r, String(m.devices)); });
}

async function rollouts() {
  const list = await api('/api/rollouts');
  const tbody = $('rollout-rows'); tbody.replaceChildren();
  if (!list.some(r => r.id === state.rollout)) state.rollout = list[0]?.id;
  for (const r of list) {
    const detail = await api('/api/rollouts/' + r.id);
    if (r.id === state.rollout) compare(detail);
    const row = tbody.insertRow(); row.dataset.rollout = r.id;
    row.onclick = () => { state.rollout = r.id; compare(detail); };
    cell(row, String(r.id)); cell(row, `${r.model}@${r.version}`); cell(row, r.group);
    cell(row, r.state, r.state === 'completed' ? 'ok' : r.state.startsWith('abort') ? 'bad' : 'warn'); cell(row, String(r.wave + 1));
    const counts = {}; for (const d of detail.devices) counts[d.state] = (counts[d.state] || 0) + 1;
    cell(row, Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')); cell(row, r.reason, 'bad');
    const actions = row.insertCell();
    for (const action of r.state === 'running' ? ['pause', 'abort'] : r.state === 'paused' ? ['resume', 'abort'] : []) {
      const b = document.createElement('button'); b.textContent = action; b.dataset.action = action;
      b.onclick = () => api(`/api/rollouts/${r.id}/${action}`, { method: 'POST' }).then(rollouts);
      actions.append(b);
    }
  }
}

// The new version against the old on the same devices: each device's baseline (before it was notified) and soak, then the means.
function compare(detail) {
  const { rollout, comparison } = detail;
  $('compare-title').textContent = `Rollout ${rollout.id}: ${rollout.model} ${comparison.previous_version ?? '(previous)'} → ${comparison.version}` +
    ` on the same devices (${comparison.devices} with both windows)`;
  const pair = (b, s, key, digits) => `${b?.[key]?.toFixed(digits) ?? '–'} → ${s?.[key]?.toFixed(digits) ?? '–'}`;
  const fill = (row, name, st, b, s) => {
    cell(row, name); cell(row, st, st === 'healthy' ? 'ok' : ['unhealthy', 'failed', 'timed_out'].includes(st) ? 'bad' : '');
    cell(row, pair(b, s, 'fps', 1)); cell(row, pair(b, s, 'detections_per_frame', 2)); cell(row, pair(b, s, 'uncertain_pct', 1)); cell(row, pair(b, s, 'error_pct', 1));
  };
  const body = $('compare-rows'); body.replaceChildren();
  for (const d of detail.devices.filter(d => d.baseline || d.soak)) fill(body.insertRow(), d.device, d.state, d.baseline, d.soak);
  if (comparison.devices > 0) { const mean = body.insertRow(); mean.className = 'mean'; fill(mean, 'mean', '', comparison.baseline, comparison.soak); }
}

async function audit() {
  const verdict = await api('/api/audit/verify');
  $('audit-verdict').textContent = verdict.ok ? 'The hash chain verifies.' : `The chain is broken at entry ${verdict.first_bad_id}: ${verdict.reason}`;
  $('audit-verdict').className = verdict.ok ? 'ok' : 'bad';
  rows($('audit-rows'), await api('/api/audit'), (r, a) => { cell(r, String(a.id)); cell(r, a.ts); cell(r, a.actor); cell(r, a.action); cell(r, a.subject); });
}

// Captures: thumbnails with the detections' boxes drawn on a canvas (boxes come in frame pixels; the image may be smaller).
async function gallery(append) {
  const q = new URLSearchParams({ limit: 60 });
  for (const [key, id] of [['device', 'g-device'], ['camera', 'g-camera'], ['model', 'g-model'], ['version', 'g-version'], ['label', 'g-label'],
    ['min_score', 'g-min'], ['max_score', 'g-max'], ['from', 'g-from'], ['to', 'g-to']]) if ($(id).value) q.set(key, $(id).value);
  if (append) q.set('after', state.galleryNext);
  try {
    const page = await api('/api/captures?' + q);
    $('gallery-error').textContent = '';
    if (!append) { $('gallery').replaceChildren(); state.galleryShown = 0; }
    for (const c of page.items) $('gallery').append(thumbnail(c));
    state.galleryNext = page.next; state.galleryShown += page.items.length;
    $('gallery-more').hidden = !page.more;
    $('gallery-count').textContent = `${state.galleryShown} captures shown`;
  } catch (err) { $('gallery-error').textContent = err.message; }
}

function thumbnail(c) {
  const figure = document.createElement('figure'); figure.dataset.capture = c.id;
  const canvas = document.createElement('canvas'); const width = 260; const height = Math.round(width * c.image_size[1] / c.image_size[0]);
  canvas.width = width; canvas.height = height; canvas.dataset.boxes = String(c.detections.length);
  const image = new Image();
  image.onload = () => {
    const g = canvas.getContext('2d'); g.drawImage(image, 0, 0, width, height);
    const sx = width / c.frame_size[0], sy = height / c.frame_size[1];
    g.lineWidth = 2; g.font = '11px system-ui';
    for (const d of c.detections) {
      g.strokeStyle = d.score < 0.6 ? '#ffb000' : '#2ecc40';
      g.strokeRect(d.box[0] * sx, d.box[1] * sy, d.box[2] * sx, d.box[3] * sy);
      g.fillStyle = g.strokeStyle; g.fillText(`${d.label} ${d.score.toFixed(2)}`, d.box[0] * sx + 2, Math.max(10, d.box[1] * sy - 3));
    }
    canvas.dataset.drawn = 'true';
  };
  image.src = c.image;
  const caption = document.createElement('figcaption');
  caption.textContent = `#${c.id} ${c.device}/${c.camera} · ${c.model.name}@${c.model.version} · ${c.ts} · ` +
    (c.detections.map(d => `${d.label} ${d.score.toFixed(2)}`).join(', ') || 'no detections');
  figure.append(canvas, caption);
  return figure;
}

// Model quality: versions side by side, each with its score histogram as bars.
async function quality() {
  if (!$('q-model').value) return;
  const q = new URLSearchParams({ versions: $('q-versions').value });
  if ($('q-from').value) q.set('from', $('q-from').value);
  if ($('q-to').value) q.set('to', $('q-to').value);
  try {
    const report = await api(`/api/models/${encodeURIComponent($('q-model').value)}/quality?` + q);
    $('quality-error').textContent = '';
    rows($('quality-rows'), report.versions, (r, v) => {
      r.dataset.version = v.version;
      cell(r, v.version); cell(r, String(v.devices)); cell(r, String(v.frames)); cell(r, v.detections_per_frame.toFixed(2));
      cell(r, (v.uncertain_fraction * 100).toFixed(1) + ' %'); cell(r, String(v.inference_errors), v.inference_errors ? 'bad' : '');
      cell(r, v.fps == null ? '' : v.fps.toFixed(1)); cell(r, String(v.captures)); r.insertCell().append(histogram(v.score_histogram));
    });
  } catch (err) { $('quality-error').textContent = err.message; }
}

function histogram(bins) {
  const ns = 'http://www.w3.org/2000/svg'; const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', '200'); svg.setAttribute('height', '50'); svg.setAttribute('class', 'histogram');
  const max = Math.max(1, ...bins);
  bins.forEach((n, i) => {
    const bar = document.createElementNS(ns, 'rect'); const h = Math.round(48 * n / max);
    bar.setAttribute('x', String(i * 20 + 1)); bar.setAttribute('y', String(50 - h)); bar.setAttribute('width', '18'); bar.setAttribute('height', String(h));
    const title = document.createElementNS(ns, 'title'); title.textContent = `${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}: ${n}`; bar.append(title);
    svg.append(bar);
  });
  return svg;
}

async function route() {
  const [view, arg] = (location.hash.slice(1) || 'overview').split('/');
  try {
    show(view === 'device' ? 'device' : view);
    if (view === 'overview') await overview();
    else if (view === 'devices') await devices();
    else if (view === 'device') await device(decodeURIComponent(arg));
    else if (view === 'models') await models();
    else if (view === 'rollouts') await rollouts();
    else if (view === 'audit') await audit();
    else if (view === 'gallery') await gallery(false);
    else if (view === 'quality') await quality();
  } catch (e) { if (e.message !== 'not logged in') console.error(e); }
}

$('login').onsubmit = async e => {
  e.preventDefault();
  try {
    const who = await api('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: $('user').value, password: $('password').value }) });
    $('who').textContent = `${who.name} (${who.role})`; $('login-error').textContent = '';
    if (!location.hash) location.hash = '#overview'; else route();
  } catch (err) { $('login-error').textContent = err.message; }
};
$('device-filter').onsubmit = e => { e.preventDefault(); state.page = 1; devices(); };
$('prev').onclick = () => { state.page = Math.max(1, state.page - 1); devices(); };
$('next').onclick = () => { state.page += 1; devices(); };
for (const b of document.querySelectorAll('button[data-verb]'))
  b.onclick = async () => {
    try { $('command-answer').textContent = JSON.stringify(await api(`/api/devices/${encodeURIComponent(state.device)}/commands/${b.dataset.verb}`, { method: 'POST' }), null, 2); }
    catch (e) { $('command-answer').textContent = e.message; }
  };
$('upload').onsubmit = async e => {
  e.preventDefault();
  const form = new FormData(); form.append('package', $('package').files[0]);
  try { const m = await api('/api/models', { method: 'POST', body: form }); $('upload-result').textContent = `${m.name}@${m.version} registered`; models(); }
  catch (err) { $('upload-result').textContent = err.message; }
};
$('new-rollout').onsubmit = async e => {
  e.preventDefault();
  try {
    await api('/api/rollouts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({
      model: $('r-model').value, version: $('r-version').value, group: $('r-group').value, waves: JSON.parse('[' + $('r-waves').value + ']'),
      soak_s: Number($('r-soak').value), max_failure_pct: Number($('r-max').value) }) });
    $('rollout-error').textContent = ''; rollouts();
  } catch (err) { $('rollout-error').textContent = err.message; }
};
$('gallery-filter').onsubmit = e => { e.preventDefault(); gallery(false); };
$('gallery-more').onclick = () => gallery(true);
$('quality-form').onsubmit = e => { e.preventDefault(); quality(); };
window.onhashchange = route;
// Live view: the server pushes what changed (server-sent events, /api/events/stream) and the open page refreshes then, not
// while you type; a refresh already running absorbs pushes that arrive meanwhile. Only while the stream is down (not logged
// in yet, console restarting) does the page fall back to polling every 2 s. The gallery and quality pages refresh when
// asked (Filter, Compare), so images are not fetched again under the reader.
const live = { stream: null, pushes: 0, busy: false, again: false };
window.fleetLive = live;
async function refresh() {
  if ($('nav').hidden || document.activeElement?.matches('input, select') || ['#gallery', '#quality'].includes(location.hash)) return;
  if (live.busy) { live.again = true; return; }
  live.busy = true;
  try { do { live.again = false; await route(); } while (live.again); } finally { live.busy = false; }
}
function connect() {
  if (live.stream && live.stream.readyState !== EventSource.CLOSED) return;
  live.stream = new EventSource('/api/events/stream');
  for (const topic of ['devices', 'rollouts', 'events', 'audit'])
    live.stream.addEventListener(topic, () => { live.pushes += 1; refresh(); });
}
setInterval(() => { connect(); if (live.stream?.readyState !== EventSource.OPEN) refresh(); }, 2000);
route();
