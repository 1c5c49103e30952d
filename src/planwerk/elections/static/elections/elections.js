// Election pages: a print button for the voting cards (printing works without it too).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-pw-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
});

// Voting page opened from a card's QR code: the code is in the fragment (#code=...),
// which never reaches the server. Put it into the form and drop it from the address.
document.addEventListener("DOMContentLoaded", function () {
  var match = /^#code=([A-Za-z0-9-]{1,40})$/.exec(window.location.hash);
  var input = document.querySelector("input[name=code]");
  if (!match || !input) { return; }
  var code = match[1].replace(/-/g, "").toUpperCase();
  input.value = code.length === 10 ? code.slice(0, 5) + "-" + code.slice(5) : code;
  history.replaceState(null, "", window.location.pathname + window.location.search);
});

// Error summary: a link to a field focuses the field and shows its label or legend
// above it (the browser alone would scroll the label out of view).
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest(".pw-error-summary a[href^='#']") : null;
  var field = link ? document.getElementById(link.getAttribute("href").slice(1)) : null;
  if (!field) { return; }
  var fieldset = field.closest("fieldset");
  var caption = field.type === "radio" && fieldset ? fieldset.querySelector("legend")
    : document.querySelector("label[for='" + field.id + "']");
  event.preventDefault();
  (caption || field).scrollIntoView({ block: "start", behavior: "auto" });
  field.focus({ preventScroll: true });
});
