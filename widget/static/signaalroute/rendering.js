// Building the chat's DOM: text never as HTML, links for web addresses and phone numbers,
// contact cards, one message with its answer buttons, and the chat window itself.

import { MAX_MESSAGE_LENGTH } from "./config.js";
import { renderAlert112, renderContactForm, renderHandover, renderReceipt } from "./receipts.js";
import { TEXTS } from "./texts.js";

export function h(tag, attrs, children) {
  var el = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (name) {
    var value = attrs[name];
    if (value === false || value === null || value === undefined) {
      return;
    }
    if (name === "text") {
      el.textContent = value;
    } else if (name === "className") {
      el.className = value;
    } else {
      el.setAttribute(name, value === true ? "" : String(value));
    }
  });
  (children || []).forEach(function (child) {
    if (child) {
      el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
  });
  return el;
}

export function hiddenText(text) {
  return h("span", { className: "sr-visually-hidden", text: text + " " });
}

// Web addresses, and Dutch phone numbers as bot texts write them (070-3614747,
// 0800-5151, 06-14007438) and 112: each becomes a link.
var LINK_IN_TEXT = /(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)])|(^|[\s(])(0\d{1,3}-\d{4,8}|112)(?=$|[\s.,;:!?)])/g;
export const REFERENCE_CODE = /\bSR-[A-Z0-9]{4}-[A-Z0-9]{2}\b/;

/** tel: address of a Dutch phone number as written in text (0800-5151 -> tel:+318005151). */
function telUri(number) {
  var digits = number.replace(/\D/g, "");
  return digits === "112" ? "tel:112" : "tel:+31" + digits.slice(1);
}

/** Text as paragraphs (blank line), line breaks and clickable web addresses. */
export function renderText(text) {
  var fragment = document.createDocumentFragment();
  String(text)
    .split(/\n\s*\n/)
    .forEach(function (paragraph) {
      if (!paragraph.trim()) {
        return;
      }
      var p = h("p", { className: "sr-text" });
      paragraph.split("\n").forEach(function (line, index) {
        if (index > 0) {
          p.appendChild(h("br"));
        }
        appendLinkified(p, line);
      });
      fragment.appendChild(p);
    });
  return fragment;
}

function appendLinkified(parent, line) {
  var last = 0;
  line.replace(LINK_IN_TEXT, function (match, url, before, phone, offset) {
    var start = offset + (url ? 0 : before.length);
    parent.appendChild(document.createTextNode(line.slice(last, start)));
    parent.appendChild(url
      ? h("a", { href: url, className: "sr-link", text: url })
      : h("a", { href: telUri(phone), className: "sr-link sr-phone", text: phone }));
    last = offset + match.length;
    return match;
  });
  parent.appendChild(document.createTextNode(line.slice(last)));
}

/** A line of text with its web addresses and phone numbers as links. */
export function linkified(text) {
  var span = h("span");
  appendLinkified(span, String(text));
  return span;
}

function safeUrl(value, pattern) {
  return typeof value === "string" && pattern.test(value) ? value : null;
}

/** The contact of a contact_card payload (docs/contracts.md), or null. */
export function cardContact(custom) {
  var c = custom && custom.type === "contact_card" ? custom.contact : null;
  return c && typeof c === "object" && typeof c.organisation === "string" && c.organisation ? c : null;
}

/** The contact card of a bot message, or null when the payload is not a usable card. */
export function renderContactCard(custom, idPrefix) {
  var c = cardContact(custom);
  if (!c) {
    return null;
  }
  var headingId = idPrefix + "-card";
  var rows = [];
  var phoneUri = safeUrl(c.phone_uri, /^tel:\+?[0-9][0-9-]*$/);
  var email = safeUrl(c.email, /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/);
  var url = safeUrl(c.url, /^https?:\/\/[^\s<>"]+$/);
  if (c.phone || phoneUri) {
    var phoneText = c.phone || phoneUri.slice(4);
    rows.push([TEXTS.card.phone, phoneUri
      ? h("a", { href: phoneUri, className: "sr-link sr-phone sr-card__phone", text: phoneText })
      : h("span", { text: phoneText })]);
  }
  if (email) {
    rows.push([TEXTS.card.email, h("a", { href: "mailto:" + email, className: "sr-link", text: email })]);
  }
  if (url) {
    rows.push([TEXTS.card.url, h("a", { href: url, className: "sr-link", text: url.replace(/^https?:\/\//, "").replace(/\/$/, "") })]);
  }
  if (c.hours) {
    rows.push([TEXTS.card.hours, h("span", { text: c.hours })]);
  }
  if (c.prepare) {
    rows.push([TEXTS.card.prepare, linkified(c.prepare)]);
  }
  var list = h("dl", { className: "sr-card__details" });
  rows.forEach(function (row) {
    list.appendChild(h("dt", { text: row[0] }));
    list.appendChild(h("dd", {}, [row[1]]));
  });
  return h("article", {
    className: "sr-card" + (c.national_fallback ? " sr-card--national" : ""),
    "aria-labelledby": headingId
  }, [
    h("h3", { id: headingId, className: "sr-card__title", text: c.organisation }),
    c.role ? h("p", { className: "sr-card__role", text: c.role }) : null,
    c.national_fallback ? h("p", { className: "sr-card__note", text: TEXTS.card.national }) : null,
    c.check_number ? h("p", { className: "sr-card__note", text: TEXTS.card.checkNumber }) : null,
    list
  ]);
}

/** One message; a bot message's answer buttons only when `withChoices` (the bot's latest turn). */
export function renderMessage(message, withChoices, idPrefix) {
  var isBot = message.from === "bot";
  var el = h("div", { className: "sr-message sr-message--" + (isBot ? "bot" : "user") });
  var bubble = h("div", { className: "sr-bubble" }, [hiddenText(isBot ? TEXTS.bot : TEXTS.you)]);
  var card = isBot ? renderContactCard(message.custom, idPrefix) : null;
  var handover = isBot && !card ? renderHandover(message.custom, idPrefix) : null;
  var alert112 = isBot && !card && !handover ? renderAlert112(message, idPrefix) : null;
  if (card) {
    bubble.appendChild(card);
  } else if (alert112) {
    el.classList.add("sr-message--alert");
    bubble.appendChild(alert112);
  } else if (handover) {
    bubble.appendChild(handover);
  } else if (message.text) {
    bubble.appendChild(renderText(message.text));
  }
  var receipt = isBot && message.custom && message.custom.type === "reference_code"
    ? renderReceipt(message.text, idPrefix) : null;
  if (receipt) {
    bubble.appendChild(receipt);
  }
  el.appendChild(bubble);
  var form = isBot ? renderContactForm(message.custom, idPrefix, withChoices) : null;
  if (form) {
    el.appendChild(form);
  }
  if (isBot && withChoices && message.buttons && message.buttons.length) {
    var group = h("div", { className: "sr-choices", role: "group", "aria-label": TEXTS.choices });
    message.buttons.forEach(function (b) {
      group.appendChild(h("button", {
        type: "button",
        className: "sr-button sr-button--secondary sr-choice",
        "data-payload": b.payload,
        text: b.title
      }));
    });
    el.appendChild(group);
  }
  return el;
}

/**
 * The chat window: header (title, "Gesprek wissen", "Sluiten"), the 112 banner, the
 * clear question, status, the message log, the input form and the live region; with
 * `floating`, also the launcher button. Returns the parts the widget works with.
 */
export function buildWindow(uid, title, floating, open) {
  var titleId = uid + "-title";
  var hintId = uid + "-hint";
  var inputId = uid + "-input";
  var parts = {};
  parts.status = h("p", { className: "sr-status", role: "status" });
  parts.announcer = h("div", { className: "sr-visually-hidden", "aria-live": "polite" });
  parts.messages = h("div", { className: "sr-messages" });
  parts.typing = h("div", { className: "sr-typing", hidden: true }, [
    h("span", { text: TEXTS.typing }),
    h("span", { className: "sr-typing__dots", "aria-hidden": "true" }, [h("span"), h("span"), h("span")])
  ]);
  parts.log = h("div", {
    className: "sr-log",
    role: "log",
    "aria-label": TEXTS.logLabel,
    // The polite announcer reads new bot messages once; a live log would read them twice.
    "aria-live": "off",
    tabindex: "0"
  }, [parts.messages, parts.typing]);
  // A text area without a maxlength: a pasted story is never cut off unseen. Above the limit
  // the counter says so and the first part goes; the rest stays for a second message.
  parts.input = h("textarea", {
    id: inputId,
    className: "sr-input",
    rows: "1",
    autocomplete: "off",
    "aria-describedby": hintId + " " + uid + "-counter"
  });
  parts.counter = h("p", { id: uid + "-counter", className: "sr-counter", "aria-live": "polite" });
  parts.form = h("form", { className: "sr-form", novalidate: true }, [
    h("label", { for: inputId, className: "sr-label", text: TEXTS.inputLabel }),
    h("p", { id: hintId, className: "sr-hint", text: TEXTS.inputHint }),
    h("div", { className: "sr-form__row" }, [
      parts.input,
      h("button", { type: "submit", className: "sr-button sr-button--primary", text: TEXTS.send })
    ]),
    parts.counter
  ]);
  // Clearing is rare and loses the reference code: the quietest button, and it asks first.
  parts.clearButton = h("button", {
    type: "button",
    className: "sr-button sr-button--quiet sr-clear",
    text: TEXTS.clear,
    "aria-expanded": "false",
    "aria-controls": uid + "-confirm"
  });
  parts.closeButton = floating
    ? h("button", { type: "button", className: "sr-button sr-button--subtle sr-close", text: TEXTS.close, "aria-controls": uid + "-panel" })
    : null;
  parts.confirm = {
    question: h("p", { id: uid + "-confirm-question", className: "sr-confirm__question" }),
    yes: h("button", { type: "button", className: "sr-button sr-button--secondary", text: TEXTS.confirmClearYes }),
    no: h("button", { type: "button", className: "sr-button sr-button--primary", text: TEXTS.confirmClearNo })
  };
  parts.confirm.box = h("div", {
    id: uid + "-confirm",
    className: "sr-confirm",
    role: "alertdialog",
    "aria-labelledby": uid + "-confirm-question",
    hidden: true
  }, [parts.confirm.question, h("div", { className: "sr-confirm__actions" }, [parts.confirm.no, parts.confirm.yes])]);
  parts.panel = h("section", {
    id: uid + "-panel",
    className: "sr-panel" + (floating ? " sr-panel--floating" : " sr-panel--inline"),
    "aria-labelledby": titleId,
    lang: "nl",
    hidden: floating && !open
  }, [
    h("header", { className: "sr-header" }, [
      h("h2", { id: titleId, className: "sr-title", text: title }),
      h("div", { className: "sr-header__actions" }, [parts.clearButton, parts.closeButton])
    ]),
    h("p", { className: "sr-emergency" }, [
      TEXTS.emergency + " ",
      h("a", { href: "tel:112", className: "sr-emergency__call", text: TEXTS.emergencyCall }),
      "."
    ]),
    parts.confirm.box,
    parts.status,
    parts.log,
    parts.form,
    parts.announcer
  ]);
  parts.launcher = floating
    ? h("button", {
      type: "button",
      className: "sr-launcher",
      "aria-expanded": open ? "true" : "false",
      "aria-controls": uid + "-panel",
      lang: "nl"
    }, [
      h("span", { className: "sr-launcher__title", text: TEXTS.launcher }),
      h("span", { className: "sr-launcher__hint", text: TEXTS.launcherHint })
    ])
    : null;
  parts.root = h("div", { className: "sr-root" + (floating ? " sr-root--floating" : ""), lang: "nl" }, [parts.panel, parts.launcher]);
  return parts;
}

/** Apply the municipality's design tokens: CSS class names on the host, or a tokens CSS file. */
export function applyTheme(host, theme) {
  if (!theme) {
    return;
  }
  if (/^(https?:)?\/|\.css(\?|#|$)/.test(theme)) {
    document.head.appendChild(h("link", { rel: "stylesheet", href: new URL(theme, document.baseURI).href }));
  } else {
    theme.split(/\s+/).forEach(function (name) {
      if (/^[A-Za-z_][\w-]*$/.test(name)) {
        host.classList.add(name);
      }
    });
  }
}

// Answer buttons. Every group of the bot's latest turn stays usable (after 112 both
// "Geen direct gevaar, ga verder" and "Nieuw signaal"); once the user answers, all
// groups are marked answered and the next reply removes them.

/** The user answered: every offered button stops working until the reply removes it. */
export function answerChoices(container) {
  each(container, ".sr-choices", function (group) {
    group.classList.add("sr-choices--answered");
  });
  each(container, ".sr-choice", function (button) {
    button.setAttribute("aria-disabled", "true");
  });
}

/** After a lost reply the user may click the same answer again. */
export function enableChoices(container) {
  each(container, ".sr-choices--answered", function (group) {
    group.classList.remove("sr-choices--answered");
  });
  each(container, ".sr-choice", function (button) {
    button.removeAttribute("aria-disabled");
    button.classList.remove("sr-choice--chosen");
  });
}

/** Remove answer button groups: all of them, or only those already answered. */
export function removeChoices(container, answeredOnly) {
  each(container, answeredOnly ? ".sr-choices--answered" : ".sr-choices", function (group) {
    group.parentNode.removeChild(group);
  });
}

function each(container, selector, fn) {
  Array.prototype.forEach.call(container.querySelectorAll(selector), fn);
}

/** The counter under the message field: "120 van 2000 tekens", or over the limit what happens. */
export function counterText(length) {
  if (length > MAX_MESSAGE_LENGTH) {
    return TEXTS.overLimit.replace("{n}", String(length)).replace("{max}", String(MAX_MESSAGE_LENGTH));
  }
  return length ? TEXTS.counter.replace("{n}", String(length)).replace("{max}", String(MAX_MESSAGE_LENGTH)) : "";
}

/** The first part of an over-long text, cut at a word: [first part, the rest]. */
export function splitAtLimit(text) {
  if (text.length <= MAX_MESSAGE_LENGTH) {
    return [text, ""];
  }
  var cut = text.lastIndexOf(" ", MAX_MESSAGE_LENGTH);
  if (cut < MAX_MESSAGE_LENGTH / 2) {
    cut = MAX_MESSAGE_LENGTH;
  }
  return [text.slice(0, cut).trim(), text.slice(cut).trim()];
}
