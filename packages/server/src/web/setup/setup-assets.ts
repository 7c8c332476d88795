/**
 * The Setup UI's one stylesheet and one small script, served from /setup/assets/ (the CSP allows
 * only 'self': nothing inline). The pages work without the script; it adds copy buttons and
 * keeps "Enable All Business Units" and the per-BU boxes consistent.
 */
export const SETUP_CSS = `
:root { --ink: #16325c; --text: #181818; --muted: #4a4a4a; --line: #d8dde6; --bg: #f3f3f3;
  --brand: #0b5cab; --brand-dark: #014486; --ok: #2e6b2e; --ok-bg: #e7f4e4; --warn-bg: #fef3d6;
  --warn: #7a4b00; --err: #ba0517; --err-bg: #fdeceb; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text); background: var(--bg); }
a { color: var(--brand); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, summary:focus-visible {
  outline: 3px solid #1b96ff; outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem 1rem; z-index: 10; }
.skip:focus { left: .5rem; }
header.top { background: var(--ink); color: #fff; }
header.top .bar { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; max-width: 72rem; margin: 0 auto; padding: .6rem 1rem; }
header.top .brand { font-weight: 700; font-size: 1.05rem; color: #fff; text-decoration: none; margin-right: auto; }
header.top .who { font-size: .85rem; color: #d8e6fe; }
header.top .who a { color: #fff; }
header.top form { margin: 0; }
header.top button { background: transparent; color: #fff; border: 1px solid #8fb8f0; padding: .25rem .75rem; }
nav.main { background: #fff; border-bottom: 1px solid var(--line); }
nav.main ul { display: flex; flex-wrap: wrap; gap: 0 1.25rem; list-style: none; margin: 0 auto; padding: 0 1rem; max-width: 72rem; }
nav.main a { display: inline-block; padding: .6rem 0; text-decoration: none; color: var(--muted); border-bottom: 3px solid transparent; }
nav.main a[aria-current=page] { color: var(--ink); border-bottom-color: var(--brand); font-weight: 600; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
.crumbs { font-size: .85rem; color: var(--muted); margin: .25rem 0 .5rem; }
.crumbs ol { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem; padding: 0; margin: 0; }
.crumbs li + li::before { content: "›"; margin-right: .25rem; }
h1 { font-size: 1.5rem; margin: .25rem 0 1rem; color: var(--ink); }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; color: var(--ink); }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.25rem; margin-bottom: 1rem; }
.card > h2:first-child, .card > h1:first-child, .card > section > h2:first-child { margin-top: 0; }
.toolbar h1 { margin: 0; }
.card.narrow { max-width: 30rem; margin: 3rem auto; }
.toolbar { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; justify-content: space-between; margin-bottom: .75rem; }
.toolbar form, .toolbar search form { display: flex; gap: .5rem; align-items: end; flex-wrap: wrap; }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
.field-hint { color: var(--muted); font-size: .85rem; margin: .15rem 0 0; }
input[type=text], input[type=password], input[type=search], input[type=email], input[type=number], select, textarea {
  width: 100%; max-width: 36rem; padding: .45rem .6rem; font: inherit; border: 1px solid #747474; border-radius: 4px; background: #fff; }
textarea { min-height: 6rem; }
input[aria-invalid=true], textarea[aria-invalid=true], select[aria-invalid=true] { border-color: var(--err); border-width: 2px; }
.field-error { color: var(--err); font-weight: 600; margin: .25rem 0 0; }
button, .button { display: inline-block; font: inherit; font-weight: 600; padding: .45rem 1rem; border-radius: 4px; border: 1px solid var(--brand);
  background: #fff; color: var(--brand); cursor: pointer; text-decoration: none; }
button.primary, .button.primary { background: var(--brand); color: #fff; }
button.primary:hover, .button.primary:hover { background: var(--brand-dark); }
button.danger { background: var(--err); border-color: var(--err); color: #fff; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: 1.25rem; }
td .actions { margin-top: 0; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: .5rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); background: #fafaf9; }
.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }
td code, dd code { font-size: .85rem; word-break: break-all; }
dl.summary { display: grid; grid-template-columns: minmax(10rem, max-content) 1fr; gap: .4rem 1rem; margin: 0; }
dl.summary dt { font-weight: 600; color: var(--muted); }
dl.summary dd { margin: 0; min-width: 0; }
.copy { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
.copy input { font-family: ui-monospace, monospace; font-size: .85rem; flex: 1 1 16rem; }
.tabs { display: flex; flex-wrap: wrap; gap: 0; border-bottom: 1px solid var(--line); margin: 0 0 1rem; padding: 0; list-style: none; }
.tabs a { display: block; padding: .5rem 1rem; text-decoration: none; color: var(--muted); border: 1px solid transparent; border-bottom: 0; }
.tabs a[aria-current=page] { color: var(--ink); background: #fff; border-color: var(--line); border-radius: 6px 6px 0 0; font-weight: 600; margin-bottom: -1px; }
.notice { padding: .6rem .9rem; border-radius: 4px; margin: .75rem 0; border-left: 4px solid; }
.notice.ok { background: var(--ok-bg); border-color: var(--ok); }
.notice.warn { background: var(--warn-bg); border-color: #dd7a01; color: #3e2c00; }
.notice.error { background: var(--err-bg); border-color: var(--err); color: #5c0008; }
.muted { color: var(--muted); }
.badge { display: inline-block; padding: 0 .5rem; border-radius: 1rem; font-size: .8rem; background: #e5e5e5; color: #181818; }
.badge.active { background: var(--ok-bg); color: var(--ok); }
.badge.staged { background: var(--warn-bg); color: var(--warn); }
fieldset { border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem 1rem; margin: 1rem 0; min-width: 0; }
legend { font-weight: 700; padding: 0 .25rem; color: var(--ink); }
.choice { display: flex; gap: .5rem; align-items: flex-start; font-weight: 400; margin: .5rem 0; }
.choice input { margin-top: .3rem; }
tbody th { text-transform: none; letter-spacing: 0; font-size: inherit; color: var(--text); background: none; font-weight: 600; }
.scopes td, .scopes th { text-align: center; }
.scopes td:first-child, .scopes th:first-child { text-align: left; }
.scopes .group th { text-align: left; background: #eef4ff; color: var(--ink); text-transform: none; font-size: .9rem; }
.steps { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; padding: 0; margin: 0 0 1rem; font-size: .9rem; color: var(--muted); }
.steps [aria-current=step] { color: var(--ink); font-weight: 700; }
.secret-once { font-size: 1rem; }
ul.tree { list-style: none; padding-left: 1.25rem; margin: .25rem 0; border-left: 2px solid var(--line); }
.card > ul.tree { border-left: 0; padding-left: 0; }
ul.tree li { margin: .35rem 0; }
.empty { padding: 1.5rem; text-align: center; color: var(--muted); }
@media (max-width: 40rem) {
  main { padding: .75rem; }
  dl.summary { grid-template-columns: 1fr; }
  dl.summary dd { margin-bottom: .5rem; }
  table.stack thead { display: none; }
  table.stack tr { display: block; border-bottom: 1px solid var(--line); padding: .25rem 0; }
  table.stack td { display: block; border: 0; padding: .15rem .6rem; }
  table.stack td::before { content: attr(data-label) ": "; font-weight: 600; color: var(--muted); }
}
`;

export const SETUP_JS = `
(function () {
  'use strict';
  function copyText(button) {
    var target = document.getElementById(button.getAttribute('data-copy'));
    if (!target) return;
    var text = target.value !== undefined ? target.value : target.textContent;
    var done = function () {
      var label = button.textContent;
      button.textContent = 'Copied';
      setTimeout(function () { button.textContent = label; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { target.select(); });
    } else if (target.select) { target.select(); document.execCommand('copy'); done(); }
  }
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { copyText(button); });
  });
  var all = document.getElementById('access-all');
  if (all) {
    var sync = function () {
      document.querySelectorAll('input[data-bu]').forEach(function (box) { box.disabled = all.checked; });
    };
    all.addEventListener('change', sync);
    sync();
  }
})();
`;
