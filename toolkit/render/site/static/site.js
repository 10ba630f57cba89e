/* Japanese messages Sphinx's own catalogue leaves empty (the search summary), so a reader
   sees how many pages were found. */
(() => {
  if (typeof Documentation === "undefined") return;
  Object.assign(Documentation.TRANSLATIONS, {
    "Search finished, found one page matching the search query.":
      ["検索が終わりました。${resultCount} 件のページが見つかりました。"],
    "Your search did not match any documents. Please make sure that all words are spelled correctly and that you've selected enough categories.":
      "見つかりませんでした。言葉の表記を確かめるか、短い言葉で検索してください。",
  });
})();
