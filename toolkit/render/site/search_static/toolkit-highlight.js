/*
 * On a page opened from a search result (issue 23): the words the search found, highlighted in
 * the clause the link points to (page.html?hl=["情報資産の漏えい"]#clause).  Only that clause, only
 * those strings (the search page took them from this clause's own text), set as <mark> elements
 * around existing text: nothing in the address is ever parsed as HTML.
 */
"use strict";
(() => {
  const BLOCKS = "p, li, dt, dd, td, th, h1, h2, h3, h4, h5, h6, caption, pre";
  const MAX_WORDS = 12, MAX_LENGTH = 60;

  const words = () => {
    let list;
    try { list = JSON.parse(new URLSearchParams(window.location.search).get("hl") || "[]"); } catch (e) { return []; }
    if (!Array.isArray(list)) return [];
    return list.filter((w) => typeof w === "string" && w.trim() && w.length <= MAX_LENGTH).slice(0, MAX_WORDS)
      .sort((a, b) => b.length - a.length);
  };

  /* Wrap every occurrence of `wanted` in the text of `block` (which may run across links). */
  const markBlock = (block, wanted) => {
    const nodes = [], walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.parentElement.closest(".headerlink, mark")) nodes.push(n);
    }
    const text = nodes.map((n) => n.data).join("");
    const ranges = [];
    for (const w of wanted) {
      for (let i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + w.length)) {
        if (!ranges.some(([s, e]) => i < e && i + w.length > s)) ranges.push([i, i + w.length]);
      }
    }
    ranges.sort((a, b) => b[0] - a[0]);  // from the end: earlier offsets stay valid
    let marked = 0;
    for (const [s, e] of ranges) {
      let pos = 0;
      for (const n of nodes) {  // each text node the range covers gets a mark of its part
        const a = Math.max(s, pos), b = Math.min(e, pos + n.data.length);
        if (b > a) {
          const range = document.createRange();
          range.setStart(n, a - pos);
          range.setEnd(n, b - pos);
          const mark = document.createElement("mark");
          mark.className = "highlighted";
          range.surroundContents(mark);
          marked++;
        }
        pos += n.data.length;
      }
    }
    return marked;
  };

  const run = () => {
    const wanted = words();
    if (!wanted.length) return;
    const main = document.querySelector('[role="main"]');
    if (!main) return;
    const id = window.location.hash ? decodeURIComponent(window.location.hash.slice(1)) : "";
    const target = id ? document.getElementById(id) : null;
    const scope = target && main.contains(target) ? target : main;
    const blocks = scope.matches(BLOCKS) ? [scope] : [...scope.querySelectorAll(BLOCKS)].filter((b) => !b.querySelector(BLOCKS));
    let marked = 0;
    for (const block of blocks) marked += markBlock(block, wanted);
    if (target && marked) target.classList.add("search-target");
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
