// Election pages: a print button for the voting cards (printing works without it too).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-pw-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
});
