/* A submit button with data-busy-text starts a slow action (the signature renders the decision
   PDF): once its form is submitted, the form's buttons are disabled, the button is marked
   aria-busy and the text appears in the live region named by data-busy-status. A second submit
   of the same form is held back; the server refuses a second signature in any case. The form
   works the same without script. A file, not inline script: the CSP allows only 'self'. */
(function () {
  "use strict";

  function buttons(form) {
    return form.querySelectorAll("button[type=submit], input[type=submit]");
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement)) return;
    if (form.dataset.busy === "true") {
      event.preventDefault();
      return;
    }
    var button = event.submitter;
    if (!button || !button.hasAttribute("data-busy-text")) return;
    form.dataset.busy = "true";
    var status = document.getElementById(button.getAttribute("data-busy-status"));
    if (status) status.textContent = button.getAttribute("data-busy-text");
    button.setAttribute("aria-busy", "true");
    // Disabled only after this turn: the submission has taken the button's name and value by
    // then (a button disabled now would be left out of the form's data).
    window.setTimeout(function () {
      buttons(form).forEach(function (b) { b.disabled = true; });
    }, 0);
  });

  // Back on the page from the browser's cache: the form can be used again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-busy]").forEach(function (form) {
      delete form.dataset.busy;
      buttons(form).forEach(function (b) {
        b.disabled = false;
        if (b.hasAttribute("data-busy-text")) {
          b.removeAttribute("aria-busy");
          var status = document.getElementById(b.getAttribute("data-busy-status"));
          if (status) status.textContent = "";
        }
      });
    });
  });
})();
