/* The search result count for screen readers: Sphinx writes it into #search-results (not a live
   region, so it is never announced); copy it into the page's role="status" region when it changes. */
(() => {
  const status = document.getElementById("search-status");
  const results = document.getElementById("search-results");
  if (!status || !results) return;
  let last = "";
  new MutationObserver(() => {
    const summary = results.querySelector(".search-summary");
    const text = summary ? summary.textContent.trim() : "";
    if (text && text !== last) {
      last = text;
      status.textContent = text;
    }
  }).observe(results, {childList: true, subtree: true, characterData: true});
})();
