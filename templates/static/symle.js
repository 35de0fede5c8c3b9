// symle serve's one script (served from the package: script-src 'self', nothing inline). It only adds:
// a "Copy LaTeX" button beside each equation's LaTeX. Every page works without it: the LaTeX is in the
// page, under "LaTeX", to select and copy by hand.
"use strict";

function copied(button, text) {
  button.textContent = text;
  window.setTimeout(function () { button.textContent = "Copy LaTeX"; }, 1500);
}

function selectText(element) {
  var range = document.createRange();
  range.selectNodeContents(element);
  var selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

function addCopyButtons() {
  document.querySelectorAll("details.tex").forEach(function (details) {
    var code = details.querySelector("code");
    if (!code || details.parentNode.querySelector("button.copy")) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = "Copy LaTeX";
    button.addEventListener("click", function () {
      var text = code.textContent;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(
          function () { copied(button, "Copied"); },
          function () { details.open = true; selectText(code); copied(button, "Selected: press Ctrl+C"); }
        );
      } else {  // (a page served over plain http from another machine has no clipboard API)
        details.open = true;
        selectText(code);
        copied(button, "Selected: press Ctrl+C");
      }
    });
    details.parentNode.insertBefore(button, details.nextSibling);
  });
}

document.addEventListener("DOMContentLoaded", addCopyButtons);
