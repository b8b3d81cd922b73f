// What the professional keeps from a conversation: the reference code as a receipt, the
// handover summary to copy or print, and the one-turn form for a name and a way to reach them.
// Each works without the others; the chat text stays the same for channels without them.

import { h, renderText } from "./rendering.js";
import { TEXTS } from "./texts.js";

export const REFERENCE_CODE_IN_TEXT = /\bSR-[A-Z0-9]{4}-[A-Z0-9]{2}\b/;

function copyButton(label, getText) {
  var done = h("span", { className: "sr-copy__done", role: "status" });
  var button = h("button", { type: "button", className: "sr-button sr-button--secondary sr-copy", text: label });
  button.addEventListener("click", function () {
    var text = getText();
    var copied = navigator.clipboard && navigator.clipboard.writeText
      ? navigator.clipboard.writeText(text)
      : Promise.reject(new Error("no clipboard"));
    copied.then(function () {
      done.textContent = TEXTS.receipt.copied;
    }, function () {
      done.textContent = TEXTS.receipt.copyFailed;
    });
  });
  return [button, done];
}

function printButton(label, title, getText) {
  var button = h("button", { type: "button", className: "sr-button sr-button--secondary sr-print", text: label });
  button.addEventListener("click", function () {
    // The widget lives in a shadow root on someone else's page: print from a frame of its own
    // that holds only this text (and 112), never the intranet page around it.
    var frame = h("iframe", { title: title, "aria-hidden": "true", tabindex: "-1",
      style: "position:fixed;width:0;height:0;border:0;left:-9999px" });
    document.body.appendChild(frame);
    var doc = frame.contentDocument;
    doc.open();
    doc.write("<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title></title></head><body></body></html>");
    doc.close();
    doc.title = title;
    doc.body.style.font = "12pt/1.5 sans-serif";
    doc.body.appendChild(doc.createElement("h1")).textContent = title;
    var pre = doc.body.appendChild(doc.createElement("pre"));
    pre.style.whiteSpace = "pre-wrap";
    pre.style.font = "inherit";
    pre.textContent = getText();
    doc.body.appendChild(doc.createElement("p")).textContent = TEXTS.receipt.printFooter;
    frame.contentWindow.focus();
    frame.contentWindow.print();
    window.setTimeout(function () {
      frame.parentNode.removeChild(frame);
    }, 1000);
  });
  return button;
}

/** The reference code as a receipt: large code, copy, "print of bewaar". Null without a code. */
export function renderReceipt(text, idPrefix) {
  var match = REFERENCE_CODE_IN_TEXT.exec(String(text || ""));
  if (!match) {
    return null;
  }
  var code = match[0];
  var headingId = idPrefix + "-receipt";
  var box = h("section", { className: "sr-receipt", "aria-labelledby": headingId }, [
    h("h3", { id: headingId, className: "sr-receipt__title", text: TEXTS.receipt.title }),
    h("p", { className: "sr-receipt__code", text: code }),
    h("p", { className: "sr-receipt__hint", text: TEXTS.receipt.hint })
  ]);
  var actions = h("div", { className: "sr-receipt__actions" }, copyButton(TEXTS.receipt.copy, function () {
    return code;
  }).concat([printButton(TEXTS.receipt.print, TEXTS.receipt.title, function () {
    return code + "\n" + TEXTS.receipt.hint;
  })]));
  box.appendChild(actions);
  return box;
}

/** The handover summary as a block to copy or print. */
export function renderHandover(custom, idPrefix) {
  if (!custom || custom.type !== "handover_summary" || typeof custom.text !== "string") {
    return null;
  }
  var headingId = idPrefix + "-handover";
  var lines = custom.text.split("\n");
  var body = h("pre", { className: "sr-handover__text", text: lines.slice(1).join("\n") });
  var box = h("section", { className: "sr-handover", "aria-labelledby": headingId }, [
    h("h3", { id: headingId, className: "sr-handover__title", text: lines[0] }),
    body
  ]);
  box.appendChild(h("div", { className: "sr-receipt__actions" }, copyButton(TEXTS.handover.copy, function () {
    return custom.text;
  }).concat([printButton(TEXTS.handover.print, lines[0], function () {
    return lines.slice(1).join("\n");
  })])));
  return box;
}

/** A form for a name and a phone number or e-mail, sent as one message ("naam, contact"). */
export function renderContactForm(custom, idPrefix, active) {
  if (!custom || custom.type !== "contact_form" || !active) {
    return null;
  }
  var nameId = idPrefix + "-naam";
  var reachId = idPrefix + "-bereik";
  var name = h("input", { id: nameId, className: "sr-form-input", type: "text", autocomplete: "name", maxlength: "120" });
  var reach = h("input", { id: reachId, className: "sr-form-input", type: "text", autocomplete: "tel", maxlength: "120" });
  var form = h("form", { className: "sr-contact-form", novalidate: true, "aria-label": TEXTS.contactForm.label }, [
    h("label", { for: nameId, className: "sr-label", text: TEXTS.contactForm.name }),
    name,
    h("label", { for: reachId, className: "sr-label", text: TEXTS.contactForm.reach }),
    reach,
    h("button", { type: "submit", className: "sr-button sr-button--primary", text: TEXTS.contactForm.send })
  ]);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = [name.value.trim(), reach.value.trim()].filter(Boolean).join(", ");
    if (!text) {
      name.focus();
      return;
    }
    form.dispatchEvent(new CustomEvent("sr-send", { bubbles: true, detail: { text: text } }));
  });
  // Inside a choices group: it goes away like the buttons once the professional answers.
  return h("div", { className: "sr-choices sr-choices--form" }, [form]);
}

var CALL_112 = /\bbel\b[^.?!]*\b112\b/i;

/** Whether a bot message tells to call 112 now (the danger answer, from Rasa or the route). */
export function callsFor112(message) {
  return Boolean(message && message.from === "bot" && CALL_112.test(message.text || ""));
}

/** 112 as an alert: red block, the number as a large call button, read out at once. */
export function renderAlert112(message, idPrefix) {
  if (!callsFor112(message)) {
    return null;
  }
  var textId = idPrefix + "-alert";
  return h("div", { className: "sr-alert112", role: "alert", "aria-describedby": textId }, [
    h("a", { href: "tel:112", className: "sr-alert112__call", text: TEXTS.alert112.call }),
    h("div", { id: textId, className: "sr-alert112__text" }, [renderText(message.text)])
  ]);
}
