export const DASHBOARD_CSS = String.raw`
:root { --bg: #f6f7f9; --fg: #1d2330; --muted: #667085; --line: #e3e6eb; --accent: #2450d8; --ok: #127a3e; --bad: #b42318; --warn: #b54708; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--fg); }
header { display: flex; align-items: center; gap: 24px; padding: 10px 20px; background: #111827; color: #fff; }
header h1 { font-size: 18px; margin: 0; letter-spacing: .5px; }
nav a { color: #cbd5e1; text-decoration: none; margin-right: 14px; }
nav a.active { color: #fff; border-bottom: 2px solid #60a5fa; }
#who { margin-left: auto; color: #cbd5e1; font-size: 13px; }
#who button { margin-left: 8px; }
main { padding: 20px; max-width: 1400px; margin: 0 auto; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px; margin-bottom: 16px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 12px; margin-bottom: 16px; }
.metric { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.metric .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .4px; }
.metric .value { font-size: 26px; font-weight: 600; margin-top: 4px; }
.metric .sub { color: var(--muted); font-size: 12px; }
.metric.bad .value { color: var(--bad); }
.metric.ok .value { color: var(--ok); }
table { width: 100%; border-collapse: collapse; background: #fff; }
th, td { text-align: left; padding: 7px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 500; font-size: 12px; text-transform: uppercase; }
tr.clickable { cursor: pointer; }
tr.clickable:hover { background: #f1f5ff; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
.pill { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; background: #eef2f6; }
.pill.succeeded, .pill.funded, .pill.approved, .pill.parsed, .pill.applied { background: #dcfce7; color: var(--ok); }
.pill.dead_lettered, .pill.failed, .pill.declined, .pill.unparseable, .pill.review, .pill.submission_failed { background: #fee4e2; color: var(--bad); }
.pill.pending, .pill.delivering, .pill.partial, .pill.paused, .pill.needs_review { background: #fef0c7; color: var(--warn); }
form.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin-bottom: 12px; }
form.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
input, select { padding: 6px 8px; border: 1px solid #cfd4dc; border-radius: 6px; font: inherit; }
button { padding: 6px 12px; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 6px; cursor: pointer; font: inherit; }
button.secondary { background: #fff; color: var(--accent); }
button.danger { background: var(--bad); border-color: var(--bad); }
button:disabled { opacity: .5; cursor: default; }
.error { color: var(--bad); }
.muted { color: var(--muted); }
.timeline { list-style: none; padding: 0; margin: 0; }
.timeline li { border-left: 3px solid var(--line); padding: 6px 12px; margin-left: 6px; }
.timeline li.transition { border-color: #60a5fa; }
.timeline li.callback { border-color: #a78bfa; }
.timeline li.delivery, .timeline li.crm_sync { border-color: #34d399; }
.timeline li.submission { border-color: #f59e0b; }
.kv { display: grid; grid-template-columns: 180px 1fr; gap: 4px 12px; }
pre { white-space: pre-wrap; word-break: break-all; background: #f8fafc; padding: 8px; border-radius: 6px; max-height: 240px; overflow: auto; }
#toast { position: fixed; bottom: 16px; right: 16px; background: #111827; color: #fff; padding: 10px 14px; border-radius: 8px; display: none; max-width: 420px; }
#toast.show { display: block; }
.pager { margin-top: 10px; display: flex; gap: 8px; align-items: center; }
`;
