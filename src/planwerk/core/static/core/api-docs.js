// Starts Swagger UI on /api/v1/docs with the settings the page carries as JSON
// (no inline script: the content security policy allows none).
document.addEventListener("DOMContentLoaded", function () {
  var settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  settings.dom_id = "#swagger-ui";
  settings.presets = [window.SwaggerUIBundle.presets.apis];
  window.SwaggerUIBundle(settings);
});
