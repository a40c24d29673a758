// "/" focuses the search box, as the placeholder promises; reading never needs this.
// A file rather than an inline script: the pages' Content-Security-Policy runs only the
// site's own script files.
document.addEventListener("keydown", function (e) {
  var box = document.getElementById("search-input");
  var t = e.target;
  if (!box || e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
  if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
  e.preventDefault();
  box.focus();
});
