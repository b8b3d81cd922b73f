// Accessibility: what a screen reader hears for a bot message, and the polite announcer.

import { cardContact } from "./rendering.js";
import { TEXTS } from "./texts.js";

/** The sentence read out for one bot message (a card: who and the phone number). */
export function announcement(message) {
  var c = cardContact(message.custom);
  var parts = [];
  if (c) {
    parts.push(TEXTS.card.contact + " " + c.organisation + (c.phone ? ", " + TEXTS.card.phone.toLowerCase() + " " + c.phone : "") + ".");
  } else if (message.text) {
    parts.push(message.text);
  }
  if (message.buttons && message.buttons.length) {
    parts.push(TEXTS.choicesAnnounce + " " + message.buttons.map(function (b) {
      return b.title;
    }).join(", ") + ".");
  }
  return parts.join(" ");
}

/** A polite live region that reads messages arriving together in one go. */
export function createAnnouncer(region) {
  var queue = [];
  var timer = null;
  return {
    say: function (text) {
      if (!text) {
        return;
      }
      queue.push(text);
      clearTimeout(timer);
      timer = setTimeout(function () {
        region.textContent = TEXTS.newMessage + " " + queue.join(" ");
        queue = [];
      }, 250);
    },
    clear: function () {
      clearTimeout(timer);
      queue = [];
      region.textContent = "";
    }
  };
}

/** The status line (role=status): connection news; it clears itself unless `keep`. */
export function createStatus(region) {
  var timer = null;
  return {
    show: function (text, keep) {
      clearTimeout(timer);
      region.textContent = text;
      region.hidden = !text;
      if (text && !keep) {
        timer = setTimeout(function () {
          region.textContent = "";
          region.hidden = true;
        }, 10000);
      }
    },
    text: function () {
      return region.textContent;
    }
  };
}

/** True when keyboard focus is on an answer button inside the widget. */
export function isFocusOnChoice(shadow) {
  var active = shadow.activeElement;
  return Boolean(active && active.classList && active.classList.contains("sr-choice"));
}

/** Move focus without scrolling: the contact card of the turn stays in view. */
export function focusQuietly(el) {
  if (el) {
    el.focus({ preventScroll: true });
  }
}

/**
 * "Gesprek wissen?" asked in place: focus on the safe answer, Escape means no and
 * returns focus to the button that asked (without closing the whole chat).
 */
export function bindConfirm(confirm, opener, question, onYes) {
  function close(returnFocus) {
    confirm.box.hidden = true;
    opener.setAttribute("aria-expanded", "false");
    if (returnFocus) {
      opener.focus();
    }
  }
  opener.addEventListener("click", function () {
    confirm.question.textContent = question();
    confirm.box.hidden = false;
    opener.setAttribute("aria-expanded", "true");
    confirm.no.focus();
  });
  confirm.no.addEventListener("click", function () {
    close(true);
  });
  confirm.yes.addEventListener("click", function () {
    close(false);
    onYes();
  });
  confirm.box.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.stopPropagation();
      close(true);
    }
  });
}
