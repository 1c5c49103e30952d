// Runs before htmx loads: no inline styles under the content security policy.
window.htmx = window.htmx || {};
document.addEventListener("DOMContentLoaded", function () {
  if (window.htmx && window.htmx.config) {
    window.htmx.config.includeIndicatorStyles = false;
  }
});
