// Starts the documents request (`GET /api/analyses/:id/documents`) of a page that shows an analysis
// while the app's code is still downloading: the module bundle runs only once fetched and parsed,
// hundreds of milliseconds after this. client/src/sync/tabPool.ts takes the response (once). A
// classic file, not an inline script, so the Content-Security-Policy needs no exception; the paths
// are tabPool's DOCUMENT_PAGES, repeated because this file cannot import.
(() => {
  const match = /^\/a\/([A-Za-z0-9_-]{1,64})(\/lead|\/sources(\/[A-Za-z0-9_-]{1,64})?)?\/?$/.exec(
    location.pathname,
  );
  if (!match) return;
  window.__earlyDocuments = {
    analysisId: match[1],
    response: fetch(`/api/analyses/${match[1]}/documents`, { credentials: "same-origin" }),
  };
})();
