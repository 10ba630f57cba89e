/*
 * The site's search, in place of Sphinx's searchtools.js (same searchindex.js, same page).
 * How it finds pages is explained in toolkit/render/site/search.py; in short:
 *
 * - the query is normalised as the index was (NFKC, lower case, spelling variants to one
 *   form) and cut only at spaces and punctuation; every piece is required and must occur
 *   in the page whole, so no letter is dropped and no word is optional;
 * - a piece that occurs nowhere whole is cut into the longest parts that do occur, each
 *   again required (particles standing alone left out);
 * - a document's own page ranks above the pages under it (past revisions, diffs);
 * - titles, snippets and messages are set as text: nothing from the index or from a
 *   fetched page is ever parsed as HTML here;
 * - the result count is announced in a status live region.
 */
"use strict";

const ToolkitSearch = (() => {
  const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\\-]/g, "\\$&");
  const fold = (s) => s.normalize("NFKC").toLowerCase();
  const ASCII_WORD = /[a-z0-9]/;

  /* Spelling variants from language_data.js (loaded after this file: read on first use). */
  let variantsCache = null;
  const variants = () => {
    if (variantsCache) return variantsCache;
    const groups = (typeof TOOLKIT_VARIANTS === "undefined" ? [] : TOOLKIT_VARIANTS).filter((g) => g.length > 1);
    const canonical = new Map();
    for (const g of groups) for (const form of g) canonical.set(form, g[0]);
    const forms = [...canonical.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
    variantsCache = {
      canonical,
      groups: new Map(groups.map((g) => [g[0], [...g].sort((a, b) => b.length - a.length)])),
      re: forms.length ? new RegExp(forms.map(escapeRe).join("|"), "gu") : null,
    };
    return variantsCache;
  };

  /* The form index and query share (search.py: normalise). */
  const normalise = (text) => {
    const v = variants(), folded = fold(text);
    return v.re ? folded.replace(v.re, (m) => v.canonical.get(m)) : folded;
  };

  const phrasesOf = (text) => text.split(/[^\p{Letter}\p{Number}]+/u).filter((p) => p);
  const PARTICLE = /^[\p{Script=Hiragana}ー]{1,2}$/u;

  /* The pieces of a query, each required. */
  const MAX_QUERY = 200;  // letters; a pasted page is cut here
  const parseQuery = (query) => {
    const pieces = phrasesOf(normalise(Array.from(query).slice(0, MAX_QUERY).join("")));
    const content = pieces.filter((p) => !PARTICLE.test(p));  // の, を … typed between words
    return [...new Set(content.length ? content : pieces)];
  };

  /* A regular expression finding `piece` (normalised) in normalised text: a Latin or digit
     edge must not continue a longer Latin word or number ("sns" is not in "dnssec"). */
  const pieceSource = (piece) => {
    const v = variants();
    let body = "", last = 0;
    if (v.re) {
      for (const m of piece.matchAll(v.re)) {
        const group = v.canonical.get(m[0]) === m[0] ? v.groups.get(m[0]) : null;
        body += escapeRe(piece.slice(last, m.index));
        body += group ? "(?:" + group.map((f) => escapeRe(f)).join("|") + ")" : escapeRe(m[0]);
        last = m.index + m[0].length;
      }
    }
    body += escapeRe(piece.slice(last));
    const chars = Array.from(piece);
    const before = ASCII_WORD.test(chars[0]) ? "(?<![a-z0-9])" : "";
    const after = ASCII_WORD.test(chars[chars.length - 1]) ? "(?![a-z0-9])" : "";
    return before + body + after;
  };

  /* Index keys are normalised already: only the edge rule needs checking. */
  const keyTest = (piece) => {
    const chars = Array.from(piece);
    if (!ASCII_WORD.test(chars[0]) && !ASCII_WORD.test(chars[chars.length - 1])) {
      return (key) => key.includes(piece);
    }
    const re = new RegExp(
      (ASCII_WORD.test(chars[0]) ? "(?<![a-z0-9])" : "") + escapeRe(piece) +
      (ASCII_WORD.test(chars[chars.length - 1]) ? "(?![a-z0-9])" : ""), "u");
    return (key) => key.includes(piece) && re.test(key);
  };

  /* doc number → how many of its indexed phrases hold `piece` */
  const docsWith = (index, piece) => {
    const out = new Map(), test = keyTest(piece);
    for (const table of [index.terms, index.titleterms]) {
      for (const key of Object.keys(table)) {
        if (!test(key)) continue;
        const files = typeof table[key] === "number" ? [table[key]] : table[key];
        for (const f of files) out.set(f, (out.get(f) || 0) + 1);
      }
    }
    return out;
  };

  /* A piece found nowhere whole is cut: first at particles between words (パスワードの管理 →
     パスワード / 管理), then into the longest parts that do occur, left to right (情報漏えい,
     where the text says 情報資産の漏えい → 情報 / 漏えい).  Every letter stays in a required
     part, except the particles; the parts must then meet in one sentence of the page. */
  const PARTICLES = /(?<=[^\p{Script=Hiragana}])(?:について|における|から|まで|より|など|の|を|に|は|が|と|で|や|へ|も)(?=[^\p{Script=Hiragana}])/gu;
  const MAX_PART = 24;  // letters: bounds the work on a long query (each try scans the index)
  const splitFurther = (index, piece) => {
    const keys = [...Object.keys(index.terms), ...Object.keys(index.titleterms)];
    const occurs = (part) => keys.some((k) => k.includes(part));
    const parts = [];
    for (const sub of piece.replace(PARTICLES, " ").split(" ").filter((p) => p)) {
      const chars = Array.from(sub);
      for (let i = 0; i < chars.length;) {
        let j = Math.min(chars.length, i + MAX_PART);
        while (j > i + 1 && !occurs(chars.slice(i, j).join(""))) j--;
        const part = chars.slice(i, j).join("");
        // a lone letter cut off a word (生体認証 → 生 / 体 / 認証) would match almost anything
        if (j === i + 1 && chars.length > 1) return [];
        if (!PARTICLE.test(part)) parts.push(part);
        i = j;
      }
    }
    return parts;
  };

  /* (1) 、1. 、① 、ア at the start of a numbered heading */
  const NUMBERING = /^\s*(?:[(（]?[0-9０-９]+[)）]?[.．]?|[①-⑳]|[ア-ン](?=\s))\s*/u;

  /* Results from the index alone.  `near`: groups of parts (of pieces found nowhere whole) that
     must meet in one sentence, which only the page text can tell (see Search.query). */
  const search = (index, query) => {
    const required = [], near = [];
    for (const piece of parseQuery(query)) {
      const docs = docsWith(index, piece);
      const parts = docs.size ? [] : splitFurther(index, piece);
      if (docs.size || parts.length === 0 || (parts.length === 1 && parts[0] === piece)) {
        required.push({ piece, docs });
      } else {
        for (const part of parts) required.push({ piece: part, docs: docsWith(index, part) });
        if (parts.length > 1) near.push(parts);
      }
    }
    if (!required.length || required.some((r) => r.docs.size === 0)) {
      return { pieces: required.map((r) => r.piece), near, results: [] };
    }

    let candidates = [...required[0].docs.keys()];
    for (const r of required.slice(1)) candidates = candidates.filter((d) => r.docs.has(d));
    const inCandidates = new Set(candidates);
    const pieces = required.map((r) => r.piece);
    const tests = pieces.map(keyTest);
    const queryText = pieces.join("");
    const said = (file) => required.reduce((n, r) => n + (r.docs.get(file) || 0), 0);  // phrases holding it
    const docnames = new Set(index.docnames);
    const below = (file) => {  // basic-policy/r5 is below basic-policy/index
      const doc = index.docnames[file], parent = doc.replace(/\/[^/]+$/, "/index");
      return parent !== doc && docnames.has(parent) ? 20 : 0;
    };
    const results = [];
    const titled = new Map();  // doc → number of title results

    for (const [title, places] of Object.entries(index.alltitles)) {
      const norm = normalise(title);
      if (!tests.every((t) => t(norm))) continue;
      const bare = normalise(title.replace(NUMBERING, ""));
      // the whole title, typed with or without spaces; 〜系（〜系） also when its alias is the same word
      const exact = [...new Set(phrasesOf(bare))].join("") === queryText;
      const coverage = pieces.reduce((n, p) => n + p.length, 0) / Math.max(bare.length, 1);
      for (const [file, id] of places) {
        if (!inCandidates.has(file)) continue;
        const pageTitle = index.titles[file];
        results.push({
          file, anchor: id ? "#" + id : "", kind: "title", count: said(file),
          title: id && pageTitle !== title ? `${pageTitle} › ${title}` : title,
          score: (exact ? 100 : 50 + Math.round(20 * coverage)) + (id ? 0 : 5) - below(file),
        });
        titled.set(file, (titled.get(file) || 0) + 1);
      }
    }
    for (const file of candidates) {
      if (titled.has(file)) continue;
      const count = said(file);
      results.push({ file, anchor: "", kind: "text", count, title: index.titles[file],
                     score: 10 + Math.min(count, 30) - below(file) });
    }
    // equal scores: the page that says more about it first (a document before the glossary
    // entry that points to it), then index order
    results.sort((a, b) => b.score - a.score || b.count - a.count || a.file - b.file ||
      (a.anchor < b.anchor ? -1 : a.anchor > b.anchor ? 1 : 0));
    const perDoc = new Map(), shown = [];
    for (const r of results) {  // at most three sections of one page: the page link covers the rest
      const n = perDoc.get(r.file) || 0;
      if (n < 3) shown.push(r);
      perDoc.set(r.file, n + 1);
    }
    return { pieces, near, results: shown.map((r) => ({ ...r, doc: index.docnames[r.file] })) };
  };

  /* Text with its normalised form and, for each normalised position, where it came from. */
  const foldWithMap = (text) => {
    let out = "";
    const map = [];
    for (let i = 0; i < text.length;) {
      const ch = String.fromCodePoint(text.codePointAt(i));
      const n = fold(ch);  // variants are matched by the pattern, in every spelling
      for (let k = 0; k < n.length; k++) map.push(i);
      out += n;
      i += ch.length;
    }
    map.push(text.length);
    return [out, map];
  };

  /* Ranges [start, end) of `text` holding a piece (any spelling), merged. */
  const matchRanges = (text, pieces) => {
    const [norm, map] = foldWithMap(text);
    const ranges = [];
    for (const piece of pieces) {
      const re = new RegExp(pieceSource(piece), "gu");
      for (const m of norm.matchAll(re)) {
        if (m[0].length) ranges.push([map[m.index], map[m.index + m[0].length]]);
      }
    }
    ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const merged = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([...r]);
    }
    return merged;
  };

  /* The paragraphs of a fetched page's main text (never navigation, file names or scripts). */
  const BLOCKS = "p, li, dt, dd, td, th, h1, h2, h3, h4, h5, h6, caption, pre";
  const pageBlocks = (html, anchor) => {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const main = doc.querySelector('[role="main"]') || doc.body;
    if (!main) return [];
    main.querySelectorAll(".headerlink, script, style, nav, form, .no-search, a.download, a[href*='downloads/']")
      .forEach((el) => el.remove());
    let scope = main;
    if (anchor) {
      const target = doc.getElementById(decodeURIComponent(anchor.slice(1)));
      if (target && main.contains(target)) scope = target;
    }
    const blocks = [...scope.querySelectorAll(BLOCKS)].filter((el) => !el.querySelector(BLOCKS));
    if (scope !== main && scope.matches(BLOCKS)) blocks.unshift(scope);
    return blocks
      .map((el) => ({ text: el.textContent.replace(/\s+/g, " ").trim(), heading: /^H[1-6]$/.test(el.tagName) }))
      .filter((b) => b.text);
  };

  const SNIPPET = 160;
  const BREAK_BEFORE = /[。、．，.,!?！？\s]/u;
  /* The paragraph with most pieces (a heading only if no paragraph has one; a section's first
     paragraph under a heading that matched), cut to about SNIPPET letters around the first match. */
  const snippet = (blocks, pieces) => {
    let best = null;
    for (const block of blocks) {
      const found = pieces.filter((p) => matchRanges(block.text, [p]).length).length;
      const rank = found * 2 + (block.heading ? 0 : 1);
      if (found && (!best || rank > best.rank)) best = { text: block.text, rank, heading: block.heading };
    }
    if (best && best.heading) {
      const body = blocks.find((b) => !b.heading);
      if (body) best = { text: body.text };
    }
    if (!best) return null;
    const text = best.text, ranges = matchRanges(text, pieces);
    let start = 0, end = text.length;
    if (text.length > SNIPPET) {
      const first = ranges.length ? ranges[0][0] : 0;
      start = Math.max(0, first - 50);
      if (start > 0) {  // begin after a break (、。 or a space) if one is near, never inside a Latin word
        for (let i = start; i < first; i++) if (BREAK_BEFORE.test(text[i])) { start = i + 1; break; }
        while (start < first && /[A-Za-z0-9._\-]/.test(text[start - 1])) start++;
      }
      end = Math.min(text.length, start + SNIPPET);
    }
    return { text, start, end, ranges: ranges.filter((r) => r[1] > start && r[0] < end) };
  };

  /* `text` from `start` to `end` into `parent` as text nodes, the ranges as <mark>s. */
  const appendMarked = (parent, text, ranges, start = 0, end = text.length) => {
    let pos = start;
    for (const [s, e] of ranges) {
      const a = Math.max(s, start, pos), b = Math.min(e, end);
      if (b <= a) continue;
      if (a > pos) parent.appendChild(document.createTextNode(text.slice(pos, a)));
      const mark = parent.appendChild(document.createElement("mark"));
      mark.classList.add("highlighted");
      mark.textContent = text.slice(a, b);
      pos = b;
    }
    if (end > pos) parent.appendChild(document.createTextNode(text.slice(pos, end)));
    return parent;
  };

  /* <p class="context">…snippet…</p> */
  const snippetNode = (snip) => {
    const p = document.createElement("p");
    p.classList.add("context");
    if (snip.start > 0) p.appendChild(document.createTextNode("…"));
    appendMarked(p, snip.text, snip.ranges, snip.start, snip.end);
    if (snip.end < snip.text.length) p.appendChild(document.createTextNode("…"));
    return p;
  };

  /* Whether every group of parts meets in one sentence of the page. */
  const partsMeet = (blocks, near) => {
    const sentences = blocks.flatMap((b) => fold(b.text).split(/(?<=[。．.!?！？])/u));
    const res = new Map();
    const holds = (sentence, part) => {
      if (!res.has(part)) res.set(part, new RegExp(pieceSource(part), "u"));
      return res.get(part).test(sentence);
    };
    return near.every((parts) => sentences.some((s) => parts.every((p) => holds(s, p))));
  };

  /* Every spelling of each piece (for highlighting on the page a result leads to). */
  const spellings = (pieces) => {
    const v = variants(), out = new Set();
    for (const piece of pieces) {
      let forms = [""], last = 0;
      const step = (alts) => { forms = forms.flatMap((f) => alts.map((a) => f + a)).slice(0, 16); };
      if (v.re) {
        for (const m of piece.matchAll(v.re)) {
          step([piece.slice(last, m.index)]);
          step(v.canonical.get(m[0]) === m[0] ? v.groups.get(m[0]) : [m[0]]);
          last = m.index + m[0].length;
        }
      }
      step([piece.slice(last)]);
      forms.forEach((f) => out.add(f));
    }
    return [...out];
  };

  return { normalise, phrasesOf, parseQuery, search, matchRanges, appendMarked, pageBlocks, partsMeet, snippet, snippetNode,
           spellings };
})();


const Search = {
  _index: null,
  _queued_query: null,
  lastResults: null,

  init: () => {
    const query = new URLSearchParams(window.location.search).get("q");
    document.querySelectorAll('input[name="q"]').forEach((el) => (el.value = query || ""));
    Search.status();  // the live region exists before anything is announced in it
    if (query) Search.performSearch(query);
  },

  /* The status line (role=status): created once, empty, then filled when results arrive. */
  status: () => {
    const out = document.getElementById("search-results");
    if (!out) return null;
    let status = out.querySelector(".search-summary");
    if (!status) {
      status = out.appendChild(document.createElement("p"));
      status.classList.add("search-summary");
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      status.setAttribute("aria-atomic", "true");
    }
    return status;
  },

  loadIndex: (url) => (document.body.appendChild(document.createElement("script")).src = url),

  setIndex: (index) => {
    Search._index = index;
    if (Search._queued_query !== null) {
      const query = Search._queued_query;
      Search._queued_query = null;
      Search.query(query);
    }
  },

  hasIndex: () => Search._index !== null,

  performSearch: (query) => {
    const out = document.getElementById("search-results");
    const status = Search.status();
    if (!out || !status) return;
    out.querySelectorAll("h2, ul.search").forEach((el) => el.remove());
    const heading = document.createElement("h2");
    heading.textContent = "検索しています…";
    out.insertBefore(heading, status);
    Search.title = heading;
    Search.output = out.appendChild(document.createElement("ul"));
    Search.output.classList.add("search");
    Search.output.setAttribute("role", "list");
    if (Search.hasIndex()) window.setTimeout(() => Search.query(query), 0);
    else Search._queued_query = query;
  },

  query: (query) => {
    const { pieces, near, results } = ToolkitSearch.search(Search._index, query);
    if (typeof SPHINX_HIGHLIGHT_ENABLED !== "undefined" && SPHINX_HIGHLIGHT_ENABLED && pieces.length) {
      localStorage.setItem("sphinx_highlight_terms", ToolkitSearch.spellings(pieces).join(" "));
    }
    const root = document.documentElement.dataset.content_root || "";
    const pages = new Map();
    const page = (doc) => {
      const url = root + doc + DOCUMENTATION_OPTIONS.FILE_SUFFIX;
      if (!pages.has(url)) pages.set(url, fetch(url).then((resp) => resp.text()).catch(() => ""));
      return pages.get(url);
    };
    const checked = near.length
      ? Promise.all(results.map((r) => page(r.doc).then((html) =>
          html && ToolkitSearch.partsMeet(ToolkitSearch.pageBlocks(html, ""), near)))).then((ok) =>
          results.filter((_r, i) => ok[i]))
      : Promise.resolve(results);
    checked.then((shown) => Search.display(query, shown, pieces, page));
  },

  display: (query, results, pieces, page) => {
    Search.lastResults = results.map((r) => ({ doc: r.doc, anchor: r.anchor, title: r.title, score: r.score }));
    const root = document.documentElement.dataset.content_root || "";
    for (const r of results) {
      const li = Search.output.appendChild(document.createElement("li"));
      li.classList.add(`kind-${r.kind}`);
      const a = li.appendChild(document.createElement("a"));
      a.href = root + r.doc + DOCUMENTATION_OPTIONS.LINK_SUFFIX + r.anchor;
      a.dataset.score = String(r.score);
      ToolkitSearch.appendMarked(a, r.title, ToolkitSearch.matchRanges(r.title, pieces));
      page(r.doc).then((html) => {
        const snip = html ? ToolkitSearch.snippet(ToolkitSearch.pageBlocks(html, r.anchor), pieces) : null;
        if (snip) li.appendChild(ToolkitSearch.snippetNode(snip));
      });
    }
    Search.title.textContent = "検索結果";
    const shown = `「${query.trim()}」`;
    Search.status().textContent = results.length
      ? `${shown}を含むページが ${new Set(results.map((r) => r.doc)).size} 件見つかりました。`
      : `${shown}を含むページは見つかりませんでした。言葉の表記を確かめるか、短い言葉で検索してください。`;
  },
};

_ready(Search.init);
