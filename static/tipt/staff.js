// The staff workspace's one script: it only mends what Django's own widgets leave behind.
"use strict";

// Django's two-list selector (filter_horizontal) labels its search icons with aria-label on a
// plain span, which ARIA forbids: give them the image role that such a label needs. Run once
// the page has loaded, after Django's own load handlers built the selector.
window.addEventListener("load", () => {
  for (const icon of document.querySelectorAll(".help-tooltip[aria-label]:not([role])")) {
    icon.setAttribute("role", "img");
  }
});
