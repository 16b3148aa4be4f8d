// Drag a campaign card to another column: it posts the same move form as the card's buttons
// (stage = the column's), through htmx, and the board comes back redrawn by the server. An
// illegal move answers 400 with the board as it was and the pipeline's message, so the card
// stays where it was; a drop past several stages answers with the card's skip-ahead form open
// on that stage, asking why. The buttons remain the keyboard way to move a card.
(function () {
  "use strict";
  var dragged = null;

  function column(target) {
    return target && target.closest ? target.closest(".board-column") : null;
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".board-card[data-move-url]");
    if (!card) return;
    dragged = card;
    card.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.id);
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    document.querySelectorAll(".board-column.drop-target").forEach(function (el) {
      el.classList.remove("drop-target");
    });
  });

  document.addEventListener("dragover", function (event) {
    var target = column(event.target);
    if (!dragged || !target) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    target.classList.add("drop-target");
  });

  document.addEventListener("dragleave", function (event) {
    var target = column(event.target);
    if (target && !target.contains(event.relatedTarget)) target.classList.remove("drop-target");
  });

  document.addEventListener("drop", function (event) {
    var target = column(event.target);
    if (!dragged || !target) return;
    event.preventDefault();
    target.classList.remove("drop-target");
    var card = dragged;
    var stage = target.getAttribute("data-stage");
    if (card.closest(".board-column") === target) return;
    // Where it was dropped among the column's cards, so the server keeps that order.
    var cards = Array.prototype.slice.call(target.querySelectorAll(".board-card"));
    var position = cards.length;
    for (var i = 0; i < cards.length; i++) {
      var box = cards[i].getBoundingClientRect();
      if (event.clientY < box.top + box.height / 2) { position = i; break; }
    }
    window.htmx.ajax("POST", card.getAttribute("data-move-url"), {
      source: card,
      target: "#board",
      swap: "outerHTML",
      values: { stage: stage, position: position }
    });
  });
})();
