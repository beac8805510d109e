/// The handbook's style sheet and its one small script, written beside the pages so that the
/// handbook works offline and from a file share: no web font, no framework, nothing fetched.
enum Assets {
    static let styleFile = "handbook.css"
    static let scriptFile = "handbook.js"

    /// Sets `data-lang` on the root from the buttons and remembers the choice; without it the
    /// page shows both languages.
    static let script = """
    (function () {
      var root = document.documentElement, key = "xborder-handbook-lang";
      var bar = document.querySelector(".lang-switch");
      if (!bar) return;
      function choose(lang) {
        root.setAttribute("data-lang", lang);
        try { localStorage.setItem(key, lang); } catch (e) {}
        bar.querySelectorAll("button").forEach(function (b) { b.setAttribute("aria-pressed", String(b.value === lang)); });
      }
      bar.querySelectorAll("button").forEach(function (b) { b.addEventListener("click", function () { choose(b.value); }); });
      var saved = null;
      try { saved = localStorage.getItem(key); } catch (e) {}
      choose(saved === "zh" || saved === "en" ? saved : "both");
      bar.hidden = false;
    })();

    """

    static let style = """
    :root {
      --ink: #1d232b; --muted: #5b6573; --rule: #d8dde3; --paper: #ffffff; --tint: #f4f6f8;
      --accent: #8a1c1c; --link: #0b5394; --ok: #1f6f43; --warn: #8a5a00; --off: #6b6f76;
      --latin: "Charter", "Bitstream Charter", "Georgia", "Noto Serif", "DejaVu Serif", serif;
      --cjk: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif;
      --sans: "Noto Sans", "Helvetica Neue", "Arial", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
      --mono: "DejaVu Sans Mono", "Menlo", "Consolas", monospace;
    }
    * { box-sizing: border-box; }
    html { font-size: 16px; }
    body { margin: 0; color: var(--ink); background: var(--paper); font-family: var(--latin), var(--cjk); line-height: 1.6; }
    body [lang="zh-CN"] { font-family: var(--latin), var(--cjk); line-height: 1.8; }
    body [lang="en"] { font-family: var(--latin); }
    code { font-family: var(--mono); font-size: 0.82em; background: var(--tint); padding: 0.05em 0.3em; border-radius: 3px; overflow-wrap: anywhere; }
    a { color: var(--link); text-decoration: none; }
    a:hover { text-decoration: underline; }
    h1, h2, h3, h4 { line-height: 1.35; margin: 1.4em 0 0.5em; }
    h1 { font-size: 1.9rem; margin-top: 0.4em; }
    h2 { font-size: 1.4rem; border-bottom: 2px solid var(--ink); padding-bottom: 0.2em; }
    h3 { font-size: 1.15rem; }
    h1 .sep, h2 .sep, h3 .sep { color: var(--muted); }

    header.top { position: sticky; top: 0; z-index: 2; display: flex; gap: 1.2em; align-items: center; flex-wrap: wrap;
      padding: 0.5em 1.5em; background: var(--ink); color: #fff; font-family: var(--sans); font-size: 0.92rem; }
    header.top a.home { color: #fff; font-weight: 600; }
    header.top .asof { color: #c9d1da; }
    .lang-switch { margin-left: auto; display: flex; gap: 0.3em; }
    .lang-switch[hidden] { display: none; }
    .lang-switch button { font: inherit; color: #fff; background: transparent; border: 1px solid #7d8793; border-radius: 3px; padding: 0.15em 0.7em; cursor: pointer; }
    .lang-switch button[aria-pressed="true"] { background: #fff; color: var(--ink); }

    .frame { display: grid; grid-template-columns: 17rem minmax(0, 1fr); gap: 2.5rem; max-width: 88rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
    nav.toc { position: sticky; top: 3.2rem; align-self: start; max-height: calc(100vh - 4rem); overflow-y: auto; font-family: var(--sans); font-size: 0.85rem; line-height: 1.45; }
    nav.toc h2 { font-size: 0.95rem; border: 0; margin: 0.6em 0; }
    nav.toc ul { list-style: none; margin: 0; padding: 0; }
    nav.toc li { margin: 0.25em 0; }
    nav.toc li.level2 { padding-left: 1em; font-size: 0.95em; }
    nav.toc .sep { display: block; height: 0; overflow: hidden; }
    nav.toc .en { display: block; color: var(--muted); }
    main { min-width: 0; max-width: 62rem; }
    footer { border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.85rem; padding: 1em 1.5em 2em; max-width: 88rem; margin: 0 auto; }

    .lead { font-size: 1.05rem; color: var(--muted); }
    .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; }
    .pair > div > :first-child { margin-top: 0; }
    .pair > div > :last-child { margin-bottom: 0; }
    .pair .en { color: #2b3440; }
    .bi .sep { color: var(--muted); }

    section.rule, section.entry { border: 1px solid var(--rule); border-left: 4px solid var(--ink); border-radius: 4px; padding: 0.6rem 1.1rem 0.8rem; margin: 1.2rem 0; scroll-margin-top: 3.5rem; }
    section.rule.ended, section.rule.future { border-left-color: var(--off); background: #fafafa; }
    section.rule.ended h3, section.rule.future h3 { color: var(--off); }
    section.rule h3 { margin: 0.2em 0 0.3em; }
    [id] { scroll-margin-top: 3.5rem; }
    a.anchor { color: var(--muted); font-weight: normal; margin-right: 0.3em; }
    .meta { font-family: var(--sans); font-size: 0.85rem; color: var(--muted); margin: 0.2em 0 0.6em; display: flex; flex-wrap: wrap; gap: 0.4em 0.8em; align-items: center; }
    .badge { display: inline-block; font-family: var(--sans); font-size: 0.78rem; line-height: 1.4; padding: 0.1em 0.55em; border-radius: 999px; border: 1px solid currentColor; white-space: nowrap; }
    .badge.in-force { color: var(--ok); }
    .badge.ended { color: var(--off); background: #eceef0; }
    .badge.future { color: var(--warn); }
    .badge.outcome { color: var(--accent); }
    .badge.exemption { color: var(--ok); }
    .badge.status { color: var(--muted); }

    dl.facts { display: grid; grid-template-columns: 9.5rem minmax(0, 1fr); gap: 0.5em 1.2em; margin: 0.4em 0 0; }
    dl.facts > dt { font-family: var(--sans); font-size: 0.82rem; color: var(--muted); padding-top: 0.2em; }
    dl.facts > dt .sep { display: block; height: 0; overflow: hidden; }
    dl.facts > dd { margin: 0; }
    dl.facts > dd > p:first-child { margin-top: 0; }
    dl.facts > dd > p:last-child { margin-bottom: 0; }
    p.condition { margin: 0.2em 0; }
    ul.clauses { margin: 0.2em 0 0.4em; padding-left: 1.3em; }
    ul.clauses li { margin: 0.15em 0; }
    ul.plain { margin: 0; padding-left: 1.1em; }
    a.param { border-bottom: 1px dotted var(--link); font-weight: 600; }
    a.param:hover { text-decoration: none; background: #eef4fb; }
    .note { color: var(--muted); font-size: 0.92rem; }
    .dates { font-variant-numeric: tabular-nums; white-space: nowrap; }
    details.cases summary { cursor: pointer; color: var(--link); font-family: var(--sans); font-size: 0.88rem; }
    details.cases[open] summary { margin-bottom: 0.3em; }
    .none { color: var(--muted); font-style: italic; }

    table { border-collapse: collapse; width: 100%; margin: 0.6em 0 1.2em; font-size: 0.92rem; }
    caption { text-align: left; font-weight: 600; padding: 0.3em 0; }
    th, td { border-bottom: 1px solid var(--rule); padding: 0.4em 0.6em; text-align: left; vertical-align: top; }
    th { font-family: var(--sans); font-size: 0.8rem; color: var(--muted); font-weight: 600; border-bottom: 2px solid var(--ink); }
    th .sep { display: block; height: 0; overflow: hidden; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    td.date { white-space: nowrap; font-variant-numeric: tabular-nums; }
    tr.current td { background: #eef7f0; }
    tr.current td:first-child { box-shadow: inset 3px 0 0 var(--ok); }
    tr.ended td { color: var(--off); }
    .timeline { margin: 0.4rem 0 1.6rem; }
    table.timeline td:nth-child(-n+2), table.timeline th:nth-child(-n+2) { white-space: nowrap; font-variant-numeric: tabular-nums; }

    /* one language only, chosen with the switch */
    html[data-lang="zh"] .en, html[data-lang="en"] .zh, html[data-lang="zh"] .sep, html[data-lang="en"] .sep { display: none !important; }
    html[data-lang="zh"] .pair, html[data-lang="en"] .pair { grid-template-columns: 1fr; }

    @media (max-width: 60rem) {
      .frame { grid-template-columns: 1fr; }
      header.top { position: static; }
      nav.toc { position: static; max-height: 40vh; border: 1px solid var(--rule); border-radius: 4px; padding: 0 0.8em; }
      .pair { grid-template-columns: 1fr; gap: 0.4rem; }
      dl.facts { grid-template-columns: 1fr; }
    }
    @media print {
      header.top, nav.toc { display: none; }
      .frame { display: block; }
      section.rule { break-inside: avoid; }
    }

    """
}
