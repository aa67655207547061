// The player's stylesheet, adopted into its shadow root (a constructed sheet: no inline style,
// so it works under a strict Content-Security-Policy). Colours come from the host's CSS custom
// properties (--voxpress-accent, --voxpress-bg, --voxpress-fg), which cross the shadow boundary.

export const PLAYER_CSS = `
:host { display: block !important; margin: 1em 0 !important; }
.vp { all: initial; display: block; box-sizing: border-box; padding: 12px 14px; border-radius: 10px;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif;
  --vp-accent: var(--voxpress-accent, #1f5fbf);
  background: var(--voxpress-bg, #f4f6fa); color: var(--voxpress-fg, #1b1f27);
  border: 1px solid rgba(0, 0, 0, 0.12); }
.vp.dark { background: var(--voxpress-bg, #1b1f27); color: var(--voxpress-fg, #eef1f6); }
.vp * { box-sizing: border-box; font: inherit; color: inherit; }
.row { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; margin: 4px 0; }
.heads { display: flex; flex-direction: column; min-width: 0; }
.title { display: block; font-weight: 600; }
.reading { display: block; opacity: 0.75; font-size: 12px; }
button { display: inline-block; cursor: pointer; border: 1px solid rgba(0, 0, 0, 0.2); border-radius: 6px;
  padding: 4px 8px; background: transparent; }
button.play { width: 44px; height: 44px; border-radius: 50%; border: 0; background: var(--vp-accent); color: #fff;
  font-size: 16px; }
button.play[disabled] { opacity: 0.5; cursor: default; }
button[aria-pressed="true"] { background: var(--vp-accent); color: #fff; border-color: var(--vp-accent); }
button:focus-visible, select:focus-visible, input:focus-visible, a:focus-visible { outline: 2px solid var(--vp-accent); outline-offset: 2px; }
.seek { display: block; flex: 1; min-width: 120px; accent-color: var(--vp-accent); }
.time { display: inline-block; font-variant-numeric: tabular-nums; font-size: 12px; }
.field { display: flex; align-items: center; gap: 6px; flex-wrap: wrap; }
.field > span { font-size: 12px; opacity: 0.8; }
.presets { display: inline-flex; gap: 4px; }
select { display: inline-block; padding: 3px; border-radius: 6px; border: 1px solid rgba(0, 0, 0, 0.2); background: transparent; }
.auto { display: inline-flex; align-items: center; gap: 4px; font-size: 12px; }
.download { display: inline-block; color: var(--vp-accent); text-decoration: underline; cursor: pointer; font-size: 12px; }
.upnext[hidden], .status:empty { display: none; }
.upnext button.next { margin-top: 6px; }
.status { display: block; font-size: 12px; margin-top: 4px; }
audio { display: none; }
`;
