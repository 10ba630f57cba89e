/*
 * The site's search, in place of Sphinx's searchtools.js (same searchindex.js, same page).
 * How it finds pages is explained in toolkit/render/site/search.py; in short:
 *
 * - the query is normalised as the index was (NFKC, lower case, 異体字 and small katakana
 *   folded, spelling variants to one form) and cut only at spaces and punctuation; every
 *   piece is required and must occur in the page whole, so no letter is dropped and no word
 *   is optional;
 * - a piece that occurs nowhere whole is cut into the longest parts that do occur, each
 *   again required (particles standing alone left out);
 * - every result is a clause (a numbered item or a section): the index names the pages, the
 *   page read here names the clause holding the words, and the link opens it with the words
 *   highlighted (toolkit-highlight.js);
 * - current policy text first, then past versions and 新旧対照表, then the site's own pages;
 * - a query that finds nothing is tried in katakana, by reading and one letter off
 *   (「もしかして」); on the public site a topic of a non-public document says so;
 * - titles, snippets and messages are set as text: nothing from the index or from a
 *   fetched page is ever parsed as HTML here (DOMParser documents are never attached);
 * - the result count (the rows listed) is announced in a status live region.
 */
"use strict";

const ToolkitSearch = (() => {
  const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\\-]/g, "\\$&");
  /* letters read as one (異体字 強靭/強靱, small katakana セキュリテイ/セキュリティ): search.py's LETTER_FOLD */
  let letterFold = null;
  const fold = (s) => {
    if (letterFold === null) letterFold = new Map(Object.entries(typeof TOOLKIT_FOLD === "undefined" ? {} : TOOLKIT_FOLD));
    const n = s.normalize("NFKC").toLowerCase();
    if (!letterFold.size) return n;
    let out = "";
    for (const ch of n) out += letterFold.has(ch) ? letterFold.get(ch) : ch;
    return out;
  };
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

  /* Which pages a result may come from: current policy text first, then past versions and
     comparisons (新旧対照表), then the site's own pages (search.py: page_kinds). */
  const TIER = { current: 0, past: 1, site: 2 };
  const tierOf = (doc) => {
    const kinds = typeof TOOLKIT_PAGE_KINDS === "undefined" ? {} : TOOLKIT_PAGE_KINDS;
    return TIER[kinds[doc]] ?? TIER.site;
  };

  /* Pages from the index alone, best first (their clauses are found in the page: see clauses).
     `near`: groups of parts (of pieces found nowhere whole) that must meet in one sentence. */
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
    const pieces = required.map((r) => r.piece);
    if (!required.length || required.some((r) => r.docs.size === 0)) return { pieces, near, docs: [] };
    let candidates = [...required[0].docs.keys()];
    for (const r of required.slice(1)) candidates = candidates.filter((d) => r.docs.has(d));
    const said = (file) => required.reduce((n, r) => n + (r.docs.get(file) || 0), 0);  // phrases holding it
    const docs = candidates.map((file) => ({ file, doc: index.docnames[file], title: index.titles[file],
                                             tier: tierOf(index.docnames[file]), count: said(file) }));
    docs.sort((a, b) => a.tier - b.tier || b.count - a.count || a.file - b.file);
    return { pieces, near, docs };
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

  /* The blocks of a page's text (a block holding another is not one). */
  const BLOCKS = "p, li, dt, dd, td, th, h1, h2, h3, h4, h5, h6, caption, pre";

  const SNIPPET = 160;
  const BREAK_BEFORE = /[。、．，.,!?！？\s]/u;
  /* The paragraph with most pieces (a heading only if no paragraph has one; a section's first
     paragraph under a heading that matched), cut to about SNIPPET letters around the first match. */
  const snippet = (blocks, pieces, marked = null) => {
    // `marked`: the words to mark (a result's highlight words), else every match of the pieces
    const rangesOf = marked ? (text) => literalRanges(text, marked) : (text) => matchRanges(text, pieces);
    let best = null;
    for (const block of blocks) {
      const found = marked ? rangesOf(block.text).length : pieces.filter((p) => matchRanges(block.text, [p]).length).length;
      const rank = found * 2 + (block.heading ? 0 : 1);
      if (found && (!best || rank > best.rank)) best = { text: block.text, rank, heading: block.heading };
    }
    if (best && best.heading || !best && marked) {  // (marked: the words may be in the clause's title only)
      const body = blocks.find((b) => !b.heading);
      if (body) best = { text: body.text };
    }
    if (!best) return null;
    const text = best.text, ranges = rangesOf(text);
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

  /* Ranges [start, end) of `text` holding one of `words` literally (longest first, not overlapping). */
  const literalRanges = (text, words) => {
    const ranges = [];
    for (const w of [...words].sort((a, b) => b.length - a.length)) {
      for (let i = text.indexOf(w); w && i >= 0; i = text.indexOf(w, i + w.length)) {
        if (!ranges.some(([s, e]) => i < e && i + w.length > s)) ranges.push([i, i + w.length]);
      }
    }
    return ranges.sort((a, b) => a[0] - b[0]);
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

  /* ---- clauses: where on a page the words are (issue 23: a hit lands on its clause) ---- */

  /* A page's main text as clauses: each numbered item (p.item with its id) and each section
     (its heading and the paragraphs that are not in a sub-section or item), in page order. */
  const CHROME = ".headerlink, script, style, nav, form, .no-search, a.download, a[href*='downloads/'], " +
    "div.downloads, div.past-revisions, div.doc-meta, div.doc-ledger, p.page-updated";
  const clausesOf = (html) => {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const main = doc.querySelector('[role="main"]') || doc.body;
    if (!main) return [];
    main.querySelectorAll(CHROME).forEach((el) => el.remove());
    const units = new Map(), out = [];
    const unitOf = (el) => {
      if (el.matches("p.item[id]")) return el;
      if (el.classList.contains("item-cont")) {
        let prev = el.previousElementSibling;
        while (prev && !prev.matches("p.item[id]")) prev = prev.previousElementSibling;
        if (prev) return prev;
      }
      const section = el.closest("section[id]");
      return section && main.contains(section) ? section : main;
    };
    const headingOf = (section) => {
      const h = section && section.querySelector(":scope > h1, :scope > h2, :scope > h3, :scope > h4, :scope > h5, :scope > h6");
      return h ? h.textContent.replace(/\s+/g, " ").trim() : "";
    };
    for (const el of [...main.querySelectorAll(BLOCKS)].filter((b) => !b.querySelector(BLOCKS))) {
      const text = el.textContent.replace(/\s+/g, " ").trim();
      if (!text) continue;
      const u = unitOf(el);
      if (!units.has(u)) {
        const item = u.matches("p.item[id]");
        const section = item ? u.closest("section[id]") : u === main ? null : u;
        const title = item ? (u.querySelector(".item-title") || {}).textContent || "" : headingOf(u);
        const num = item ? ((u.querySelector(".num") || {}).textContent || "").trim() : "";
        const unit = { id: u === main ? "" : u.id, item, title: title.trim(), num,
                       context: item ? headingOf(section) : "", blocks: [], order: out.length,
                       depth: item ? 99 : [...ancestors(u)].length };
        units.set(u, unit);
        out.push(unit);
      }
      const unit = units.get(u);
      if (/^H[1-6]$/.test(el.tagName) && el.parentElement === u) continue;  // the title, kept apart
      unit.blocks.push({ text, heading: /^H[1-6]$/.test(el.tagName) });
    }
    return out;
  };
  function* ancestors(el) { for (let p = el.parentElement; p; p = p.parentElement) yield p; }

  /* [start, end) of each phrase in `text` where the parts meet, in order, at most NEAR_GAP
     letters apart (情報 … 漏えい in 情報資産の漏えい). */
  const NEAR_GAP = 8;
  const tightSpans = (text, parts) => {
    const ranges = parts.map((p) => matchRanges(text, [p]));
    const out = [];
    const joins = (a, b) => b - a <= NEAR_GAP && !/[^\p{Letter}\p{Number}]/u.test(text.slice(a, b));
    for (const [ls, le] of ranges[ranges.length - 1]) {
      let start = ls, ok = true;
      for (let k = ranges.length - 2; k >= 0 && ok; k--) {
        const before = ranges[k].filter(([, e]) => e <= start && joins(e, start));
        if (before.length) start = before[before.length - 1][0];
        else ok = false;
      }
      if (ok) out.push([start, le]);
    }
    return out;
  };

  /* Whether a match stands as a word of its own: a katakana match does not go on in katakana
     (ウイルス in ウイルス攻撃, not in コンピュータウイルス). */
  const KATAKANA = /[\p{Script=Katakana}ー]/u;
  const standsAlone = (m) => {
    const before = m.input[m.index - 1] || "", after = m.input[m.index + m[0].length] || "";
    return !(KATAKANA.test(m[0][0]) && KATAKANA.test(before)) && !(KATAKANA.test(m[0][m[0].length - 1]) && KATAKANA.test(after));
  };

  /* Whether `piece` is in `text` as a word: a short katakana piece not inside a longer katakana
     word (ログ is not in プログラム; ソーシャルメディア is in ソーシャルメディアサービス). */
  const SHORT_KATAKANA = 3;
  const wordIn = (text, piece) => [...fold(text).matchAll(new RegExp(pieceSource(piece), "gu"))].some(
    (m) => Array.from(m[0]).length > SHORT_KATAKANA || standsAlone(m));

  /* How much of a text is about the pieces: each occurrence counts, twice when it stands as a
     word of its own, plus how much of the text the matches are. */
  const textScore = (text, pieces) => {
    const folded = fold(text);
    let found = 0, whole = 0, letters = 0;
    for (const p of pieces) {
      for (const m of folded.matchAll(new RegExp(pieceSource(p), "gu"))) {
        found++;
        letters += m[0].length;
        if (standsAlone(m)) whole++;
      }
    }
    return Math.min(found + 2 * whole, 10) + Math.round(10 * letters / Math.max(folded.length, 1));
  };

  /* How well a clause answers: its title is the query (100), holds every piece (50–70, more
     when the pieces are more of it), or its text holds them (10 + textScore, +10 where parts
     that must meet form one phrase).  0: not at all. */
  const clauseScore = (clause, pieces, near) => {
    const all = [clause.title, ...clause.blocks.map((b) => b.text)];
    const folded = fold(all.join("\n"));
    if (!pieces.every((p) => new RegExp(pieceSource(p), "u").test(folded))) return 0;
    if (near.length && !partsMeet(all.map((t) => ({ text: t })), near)) return 0;
    const queryText = pieces.join("");
    const bare = normalise(clause.title.replace(NUMBERING, ""));
    if (bare && [...new Set(phrasesOf(bare))].join("") === queryText) return 100;
    if (bare && pieces.every((p) => wordIn(bare, p))) {
      const coverage = pieces.reduce((n, p) => n + p.length, 0) / Math.max(bare.length, 1);
      return 50 + Math.round(20 * coverage);
    }
    // parts that must meet count where they form one phrase (情報資産の漏えい), not each 情報 alone
    const body = clause.blocks.map((b) => b.text).join("\n");
    const inNear = new Set(near.flat());
    const phrases = near.reduce((n, parts) => n + all.reduce((m, t) => m + tightSpans(t, parts).length, 0), 0);
    return 10 + textScore(body, pieces.filter((p) => !inNear.has(p))) + Math.min(2 * phrases, 10) + (phrases ? 10 : 0);
  };

  /* [start, end) of the shortest passage of `text` holding every part, or null. */
  const MAX_WINDOW = 24;  // letters
  const shortestWindow = (text, parts) => {
    const occ = parts.flatMap((p, k) => matchRanges(text, [p]).map(([s, e]) => [s, e, k])).sort((a, b) => a[0] - b[0]);
    let best = null;
    for (let i = 0; i < occ.length; i++) {
      const seen = new Set();
      let end = 0;
      for (let j = i; j < occ.length && seen.size < parts.length; j++) {
        seen.add(occ[j][2]);
        end = Math.max(end, occ[j][1]);
        if (seen.size === parts.length && (!best || end - occ[i][0] < best[1] - best[0])) best = [occ[i][0], end];
      }
    }
    return best;
  };

  /* The words to highlight on the page a result opens: the matches in its clause, and for
     parts that must meet (情報 … 漏えい) only the phrase where they meet (情報資産の漏えい). */
  const highlights = (clause, pieces, near) => {
    const out = new Set();
    const texts = [clause.title, ...clause.blocks.map((b) => b.text)];
    const inNear = new Set(near.flat());
    for (const text of texts) {
      for (const [s, e] of matchRanges(text, pieces.filter((p) => !inNear.has(p)))) out.add(text.slice(s, e));
      for (const parts of near) for (const [s, e] of tightSpans(text, parts)) out.add(text.slice(s, e));
    }
    // parts that meet only apart (内部・外部監査): the shortest passage holding them all, if short;
    // never each part alone (each 情報 of a clause marked shows nothing)
    for (const parts of near) {
      if (texts.some((t) => tightSpans(t, parts).length)) continue;
      for (const text of texts) {
        const w = shortestWindow(text, parts);
        if (w && w[1] - w[0] <= MAX_WINDOW) out.add(text.slice(w[0], w[1]));
      }
    }
    return [...out].filter((w) => w.trim()).slice(0, 12);
  };

  /* The results a page gives: its best clauses (at most PER_PAGE), each with its anchor, a
     title naming the clause, a snippet and the words to highlight. */
  const PER_PAGE = 3;
  const pageResults = (page, html, pieces, near) => {
    const clauses = clausesOf(html);
    let scored = clauses.map((c) => ({ c, score: clauseScore(c, pieces, near) })).filter((x) => x.score > 0);
    if (!scored.length) return [];
    scored.sort((a, b) => b.score - a.score || b.c.depth - a.c.depth || a.c.order - b.c.order);
    return scored.slice(0, PER_PAGE).map(({ c, score }) => {
      const marks = highlights(c, pieces, near);
      const name = c.item ? [c.context, c.num + (c.title ? " " + c.title : "")].filter((t) => t).join(" ") : c.title;
      const top = !c.id || c.order === 0;
      return {
        ...page, anchor: top ? "" : "#" + c.id, score, order: c.order,
        title: !top && name && name !== page.title ? `${page.title} › ${name}` : page.title,
        snippet: snippet(c.blocks.length ? c.blocks : [{ text: c.title, heading: true }], pieces, marks),
        highlight: marks,
      };
    });
  };

  /* ---- spellings a reader types (issue 23) ---- */

  const HIRAGANA_RUN = /[\p{Script=Hiragana}ー]{2,}/gu;
  const toKatakana = (s) => s.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));

  /* Katakana → the site's word with that reading (from janome, search.py: readings), longest first. */
  const byReading = (kana) => {
    const readings = typeof TOOLKIT_READINGS === "undefined" ? {} : TOOLKIT_READINGS;
    const chars = Array.from(kana);
    let out = "", changed = false;
    for (let i = 0; i < chars.length;) {
      let j = Math.min(chars.length, i + 16);
      while (j > i && !Object.prototype.hasOwnProperty.call(readings, chars.slice(i, j).join(""))) j--;
      if (j > i + 1) { out += readings[chars.slice(i, j).join("")]; changed = true; i = j; }
      else { out += chars[i]; i++; }
    }
    return changed ? out : null;
  };

  /* Forms near `piece` that the index holds, best first: one letter replaced, added, swapped
     or dropped (in that order: a replaced letter is the commonest slip), then more often found. */
  const oneEditAway = (index, piece) => {
    const chars = Array.from(piece);
    if (chars.length < 3) return [];
    const keys = [...Object.keys(index.terms), ...Object.keys(index.titleterms)];
    const found = new Map();
    const consider = (form, rank) => {
      if (form === piece || Array.from(form).length < 2 || (found.has(form) && found.get(form)[0] <= rank)) return;
      const test = keyTest(form);
      const n = keys.filter((k) => test(k)).length;
      if (n) found.set(form, [rank, n]);
    };
    // replaced or added letters: letters of the same script as the piece (katakana), to bound the work
    if (/^[\p{Script=Katakana}ー]+$/u.test(piece)) {
      const letters = [...new Set(keys.join(""))].filter((l) => /[\p{Script=Katakana}ー]/u.test(l));
      for (let i = 0; i <= chars.length; i++) {
        for (const l of letters) {
          if (i < chars.length) consider([...chars.slice(0, i), l, ...chars.slice(i + 1)].join(""), 0);
          consider([...chars.slice(0, i), l, ...chars.slice(i)].join(""), 1);
        }
      }
    }
    for (let i = 0; i < chars.length; i++) {
      if (i + 1 < chars.length) consider([...chars.slice(0, i), chars[i + 1], chars[i], ...chars.slice(i + 2)].join(""), 2);
      consider([...chars.slice(0, i), ...chars.slice(i + 1)].join(""), 3);
    }
    return [...found.entries()].sort((a, b) => a[1][0] - b[1][0] || b[1][1] - a[1][1]).map(([f]) => f);
  };

  /* Other ways to read a query that finds nothing, best first: katakana for hiragana
     (まいなんばー → マイナンバー), the words whose reading it is (きょうじん → 強靭), a near spelling. */
  const nearForms = (index, query) => {
    const out = [];
    const kata = query.replace(HIRAGANA_RUN, (m) => toKatakana(m));
    if (kata !== query) out.push(kata);
    const read = query.replace(HIRAGANA_RUN, (m) => byReading(toKatakana(m)) || m);
    if (read !== query) out.push(read);
    for (const piece of parseQuery(query)) {
      if (docsWith(index, piece).size) continue;
      const near = oneEditAway(index, piece)[0];
      if (near) out.push(normalise(query).replace(piece, near));
    }
    return [...new Set(out)].filter((q) => q !== query);
  };

  /* A topic the public site does not hold (パスワード): the non-public document whose public
     list of topics names it (site: withheld_topics), to say the rules are not published. */
  const withheldFor = (query) => {
    const list = typeof TOOLKIT_WITHHELD === "undefined" ? [] : TOOLKIT_WITHHELD;
    const pieces = parseQuery(query);
    return list.filter((d) => d.topics.some((t) => {
      const topic = normalise(t);
      return pieces.some((p) => p.length > 1 && (topic.includes(p) || p.includes(topic)));
    }));
  };

  return { normalise, phrasesOf, parseQuery, search, matchRanges, appendMarked, partsMeet, snippet, snippetNode,
           clausesOf, pageResults, nearForms, withheldFor, literalRanges };
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
    out.querySelectorAll("h2, ul.search, p.search-note").forEach((el) => el.remove());
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

  MAX_PAGES: 15,  // pages read for their clauses (best first by the index)

  /* The results of `query`: every listed row is a clause of a page (or a page as a whole). */
  results: (query, page) => {
    const { pieces, near, docs } = ToolkitSearch.search(Search._index, query);
    return Promise.all(docs.slice(0, Search.MAX_PAGES).map((d) => page(d.doc).then((html) =>
      html ? ToolkitSearch.pageResults(d, html, pieces, near) : []))).then((perPage) => {
      const rows = perPage.flat();
      rows.sort((a, b) => a.tier - b.tier || b.score - a.score || b.count - a.count || a.file - b.file ||
                          a.order - b.order);
      return { pieces, rows };
    });
  },

  query: (query) => {
    const root = document.documentElement.dataset.content_root || "";
    const pages = new Map();
    const page = (doc) => {
      const url = root + doc + DOCUMENTATION_OPTIONS.FILE_SUFFIX;
      if (!pages.has(url)) pages.set(url, fetch(url).then((resp) => resp.text()).catch(() => ""));
      return pages.get(url);
    };
    Search.results(query, page).then(async ({ pieces, rows }) => {
      let shownFor = null;
      if (!rows.length) {  // もしかして: a near form of the query that finds something
        for (const form of ToolkitSearch.nearForms(Search._index, query).slice(0, 4)) {
          const other = await Search.results(form, page);
          if (other.rows.length) {  // named as the page spells it (ネットワーク, not the folded ネツトワーク)
            const literal = other.rows[0].highlight.find((w) => ToolkitSearch.normalise(w) === ToolkitSearch.normalise(form));
            shownFor = literal || form;
            ({ pieces, rows } = other);
            break;
          }
        }
      }
      Search.display(query, rows, pieces, shownFor);
    });
  },

  display: (query, rows, pieces, shownFor) => {
    Search.lastResults = rows.map((r) => ({ doc: r.doc, anchor: r.anchor, title: r.title, score: r.score,
                                           highlight: r.highlight }));
    const root = document.documentElement.dataset.content_root || "";
    for (const r of rows) {
      const li = Search.output.appendChild(document.createElement("li"));
      li.classList.add(`tier-${r.tier}`);
      const a = li.appendChild(document.createElement("a"));
      const hl = r.highlight.length ? "?hl=" + encodeURIComponent(JSON.stringify(r.highlight)) : "";
      a.href = root + r.doc + DOCUMENTATION_OPTIONS.LINK_SUFFIX + hl + r.anchor;
      a.dataset.score = String(r.score);
      ToolkitSearch.appendMarked(a, r.title, ToolkitSearch.literalRanges(r.title, r.highlight));
      if (r.snippet) li.appendChild(ToolkitSearch.snippetNode(r.snippet));
    }
    Search.title.textContent = "検索結果";
    const shown = `「${query.trim()}」`;
    const out = document.getElementById("search-results");
    if (shownFor !== null) {  // the near form's results are shown: say so, and link it
      const note = document.createElement("p");
      note.classList.add("search-note");
      note.appendChild(document.createTextNode("もしかして："));
      const link = note.appendChild(document.createElement("a"));
      link.href = "?q=" + encodeURIComponent(shownFor);
      link.textContent = shownFor;
      out.insertBefore(note, Search.status());
    }
    const withheld = rows.length ? [] : ToolkitSearch.withheldFor(query);
    for (const d of withheld) {  // a topic of a non-public document: say so, and how to ask for it
      const note = document.createElement("p");
      note.classList.add("search-note", "search-withheld");
      note.appendChild(document.createTextNode(
        `${shown}についての具体的な定めは、非公開の「${d.name}」にあり、このサイトには掲載していません。` +
        "内容を知りたい場合は、情報公開請求をすることができます（"));
      const link = note.appendChild(document.createElement("a"));
      link.href = root + d.page + DOCUMENTATION_OPTIONS.LINK_SUFFIX;
      link.textContent = `「${d.name}」の案内`;
      note.appendChild(document.createTextNode("）。"));
      out.insertBefore(note, Search.status());
    }
    Search.status().textContent = rows.length
      ? (shownFor !== null ? `${shown}は見つかりませんでした。「${shownFor}」の検索結果を ${rows.length} 件表示しています。`
                           : `${shown}の検索結果は ${rows.length} 件です。`)
      : withheld.length ? `${shown}を含むページは見つかりませんでした。非公開の文書で定めている事項です。`
      : `${shown}を含むページは見つかりませんでした。言葉の表記を確かめるか、短い言葉で検索してください。`;
  },
};

_ready(Search.init);
