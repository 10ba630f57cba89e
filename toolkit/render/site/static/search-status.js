/* The search result count for screen readers.  Sphinx's stock search writes it into
   #search-results, which is not a live region, so it is never announced: copy it into the
   page's role="status" region when it changes.  A search script that makes its summary a
   live region itself needs no copy (two regions would announce it twice): then the page's
   region is removed. */
(() => {
  const status = document.getElementById("search-status");
  const results = document.getElementById("search-results");
  if (!status || !results) return;
  let last = "";
  const observer = new MutationObserver(() => {
    const summary = results.querySelector(".search-summary");
    if (!summary) return;
    if (summary.closest('[role="status"], [aria-live]')) {
      observer.disconnect();
      status.remove();
      return;
    }
    const text = summary.textContent.trim();
    if (text && text !== last) {
      last = text;
      status.textContent = text;
    }
  });
  observer.observe(results, {childList: true, subtree: true, characterData: true});
})();
