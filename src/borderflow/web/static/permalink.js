/* A result computed from a form (a plan, a claims check) has a link that shows it again:
 * the page marks it <a id="permalink">.  The address bar is set to that link, so a reload,
 * a bookmark, a copied address and the charts' "Link to this view" all reproduce the
 * result instead of opening an empty form.  Without script the link is still on the page.
 */
(function () {
  "use strict";
  var link = document.getElementById("permalink");
  if (!link || !window.history || !history.replaceState) { return; }
  var url = new URL(link.getAttribute("href"), window.location.href);
  if (url.origin !== window.location.origin) { return; }
  if (url.pathname + url.search !== window.location.pathname + window.location.search) {
    history.replaceState(null, "", url.pathname + url.search + window.location.hash);
  }
})();
