// One chat widget: the conversation, its connection and what the user sees and hears.

import {
  announcement, bindConfirm, createAnnouncer, createStatus, focusQuietly, isFocusOnChoice
} from "./accessibility.js";
import { MAX_MESSAGE_LENGTH, REPLY_TIMEOUT_MS, readConfig } from "./config.js";
import {
  REFERENCE_CODE, answerChoices, applyTheme, buildWindow, counterText, enableChoices, h, removeChoices, renderMessage,
  splitAtLimit
} from "./rendering.js";
import { newSessionId, sessionStore } from "./storage.js";
import { TEXTS } from "./texts.js";
import { botMessage, connect } from "./transport.js";

var instanceCount = 0;

/** Start a widget for the script tag described by `settings` (see signaalroute-widget.js). */
export function start(settings) {
  var config = readConfig(settings);
  var run = function () {
    Widget(config, sessionStore("signaalroute:" + config.server));
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
}

function Widget(config, storage) {
  instanceCount += 1;
  var uid = "signaalroute-" + instanceCount;
  var state = storage.load();
  var transport = null;
  var connecting = null;
  var awaitingReply = false;
  var lastInputWasButton = false;
  var replyTimer = null;
  var typingTimer = null;
  var wasOffline = false;
  var replyMayBeLost = false;
  var messageCount = 0;
  var turnCard = null; // the first contact card of the bot's current turn
  var mounted = config.mount ? document.querySelector(config.mount) : null;
  var floating = !mounted;

  var host = h("div", { className: "signaalroute-host", "data-state": "idle" });
  applyTheme(host, config.theme);
  var shadow = host.attachShadow({ mode: "open" });
  shadow.appendChild(h("link", { rel: "stylesheet", href: config.cssUrl }));
  var ui = buildWindow(uid, config.title, floating, state.open);
  var panel = ui.panel;
  var launcher = ui.launcher;
  var messages = ui.messages;
  var input = ui.input;
  var log = ui.log;
  var status = createStatus(ui.status);
  var showStatus = status.show;
  var announcer = createAnnouncer(ui.announcer);
  shadow.appendChild(ui.root);
  state.messages.forEach(function (message, index) {
    show(message, index >= lastUserIndex());
  });
  (mounted || document.body).appendChild(host);

  if (!floating || state.open) {
    ensureConnected();
    scrollToEnd();
  }

  // ------------------------------------------------------------ events

  if (launcher) {
    launcher.addEventListener("click", function () {
      setOpen(panel.hidden);
    });
    ui.closeButton.addEventListener("click", function () {
      setOpen(false);
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        setOpen(false);
      }
    });
  }
  bindConfirm(ui.confirm, ui.clearButton, clearQuestion, clearConversation);
  ui.form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) {
      input.focus();
      return;
    }
    var parts = splitAtLimit(text);
    input.value = parts[1];
    fitInput();
    if (parts[1]) {
      // Nothing is dropped: the rest waits in the field for a second message.
      showStatus(TEXTS.sentFirstPart);
    }
    lastInputWasButton = false;
    sendUserMessage(parts[0], parts[0]);
  });
  input.addEventListener("input", fitInput);
  input.addEventListener("keydown", function (event) {
    // Enter sends, Shift+Enter starts a new line (as in most chats).
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      ui.form.requestSubmit();
    }
  });

  function fitInput() {
    input.style.height = "auto";
    input.style.height = input.scrollHeight + 2 + "px";
    ui.counter.textContent = counterText(input.value.length);
    ui.counter.classList.toggle("sr-counter--over", input.value.length > MAX_MESSAGE_LENGTH);
  }
  messages.addEventListener("sr-send", function (event) {
    lastInputWasButton = false;
    sendUserMessage(event.detail.text, event.detail.text);
  });
  messages.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".sr-choice") : null;
    if (!button || button.getAttribute("aria-disabled") === "true") {
      return;
    }
    answerChoices(messages);
    button.classList.add("sr-choice--chosen");
    lastInputWasButton = true;
    sendUserMessage(button.textContent, button.getAttribute("data-payload"));
  });

  // ------------------------------------------------------------ connection

  function setOpen(open) {
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    state.open = open;
    storage.save(state);
    if (open) {
      ensureConnected();
      scrollToEnd();
      input.focus();
    } else {
      launcher.focus();
    }
  }

  function setState(name) {
    host.setAttribute("data-state", name);
  }

  function ensureConnected() {
    if (connecting) {
      return connecting;
    }
    if (!state.sessionId) {
      state.sessionId = newSessionId();
      storage.save(state);
    }
    setState("connecting");
    showStatus(TEXTS.connecting, true);
    connecting = connect(config, {
      sessionId: function () {
        return state.sessionId;
      },
      onTransport: function (name) {
        host.setAttribute("data-transport", name);
      },
      onSession: onSession,
      onMessage: onBotMessage,
      onOffline: onOffline,
      onOnline: onOnline,
      onUnreachable: function () {
        stopWaiting();
        setState("offline");
        showStatus(TEXTS.unreachable, true);
      },
      onRefused: function () {
        stopWaiting();
        showStatus(TEXTS.refused);
      }
    }).then(function (t) {
      transport = t;
      return t;
    });
    return connecting;
  }

  function onSession(sessionId) {
    state.sessionId = sessionId;
    onOnline();
    if (!state.started) {
      state.started = true;
      if (config.initialMessage) {
        startWaiting();
        if (transport) {
          transport.send(config.initialMessage);
        } else {
          // REST confirms the session before connect() has resolved.
          connecting.then(function (t) {
            t.send(config.initialMessage);
          });
        }
      }
    }
    storage.save(state);
  }

  function onOnline() {
    if (wasOffline) {
      wasOffline = false;
      showStatus(replyMayBeLost ? TEXTS.restoredResend : TEXTS.restored);
      if (replyMayBeLost) {
        replyMayBeLost = false;
        enableChoices(messages);
      }
    } else if (status.text() === TEXTS.connecting || status.text() === TEXTS.unreachable) {
      showStatus("");
    }
    if (awaitingReply) {
      // A message typed while offline has just been sent.
      startWaiting();
    } else {
      setState("ready");
    }
  }

  function onOffline() {
    if (awaitingReply) {
      // The reply to a message sent just before the drop may never come.
      replyMayBeLost = true;
      stopWaiting();
    }
    if (!wasOffline) {
      wasOffline = true;
      showStatus(TEXTS.offline, true);
    }
    setState("offline");
  }

  // ------------------------------------------------------------ messages

  function sendUserMessage(label, payload) {
    var message = { from: "user", text: label };
    replyMayBeLost = false;
    state.messages.push(message);
    storage.save(state);
    if (!lastInputWasButton) {
      removeChoices(messages, false);
    }
    turnCard = null;
    show(message, true);
    scrollToEnd();
    startWaiting();
    ensureConnected().then(function (t) {
      t.send(payload);
    });
  }

  function onBotMessage(raw) {
    var message = botMessage(raw);
    if (!message) {
      return;
    }
    var focusWasOnChoice = isFocusOnChoice(shadow);
    // Only the answered buttons go: every button group of this bot turn stays usable.
    removeChoices(messages, true);
    state.messages.push(message);
    storage.save(state);
    var el = show(message, true);
    turnCard = turnCard || el.querySelector(".sr-card, .sr-receipt");
    scrollToTurn();
    announcer.say(announcement(message));
    keepTypingBriefly();
    var call112 = el.querySelector(".sr-alert112__call");
    var onCall112 = shadow.activeElement && shadow.activeElement.classList.contains("sr-alert112__call");
    if (call112) {
      // Danger: the call button is the first thing the keyboard reaches.
      focusQuietly(call112);
    } else if (onCall112) {
      // The rest of the danger turn does not take the focus away from 112.
    } else if (lastInputWasButton && message.buttons.length) {
      focusQuietly(el.querySelector(".sr-choice"));
    } else if (focusWasOnChoice && !shadow.activeElement) {
      // The chosen button is gone; continue from the text field.
      focusQuietly(input);
    }
  }

  function show(message, withChoices) {
    messageCount += 1;
    var el = renderMessage(message, withChoices, uid + "-m" + messageCount);
    messages.appendChild(el);
    return el;
  }

  function lastUserIndex() {
    for (var i = state.messages.length - 1; i >= 0; i -= 1) {
      if (state.messages[i].from === "user") {
        return i + 1;
      }
    }
    return 0;
  }

  // ------------------------------------------------------------ waiting and status

  function startWaiting() {
    awaitingReply = true;
    clearTimeout(typingTimer);
    clearTimeout(replyTimer);
    if (wasOffline) {
      // Queued until the connection is back; onOnline starts waiting again.
      setState("offline");
      return;
    }
    setState("waiting");
    ui.typing.hidden = false;
    replyTimer = setTimeout(function () {
      stopWaiting();
      setState("ready");
      showStatus(TEXTS.slow, true);
    }, REPLY_TIMEOUT_MS);
    scrollToEnd();
  }

  /** Bots often answer in a few messages; keep the indicator up for a moment. */
  function keepTypingBriefly() {
    awaitingReply = false;
    clearTimeout(replyTimer);
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () {
      ui.typing.hidden = true;
      if (!wasOffline) {
        setState("ready");
      }
    }, 600);
  }

  function stopWaiting() {
    awaitingReply = false;
    clearTimeout(replyTimer);
    clearTimeout(typingTimer);
    ui.typing.hidden = true;
  }

  // ------------------------------------------------------------ scrolling

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  /**
   * A turn with a contact card keeps its first card in view (the one thing the
   * professional needs, with 112 the whole 112 card); other turns scroll to the end.
   */
  function scrollToTurn() {
    if (!turnCard) {
      scrollToEnd();
      return;
    }
    var margin = 8;
    log.scrollTop += turnCard.getBoundingClientRect().top - log.getBoundingClientRect().top - margin;
  }

  // ------------------------------------------------------------ clearing

  function clearQuestion() {
    var code = lastReferenceCode();
    return code ? TEXTS.confirmClearCode.replace("{code}", code) : TEXTS.confirmClear;
  }

  function lastReferenceCode() {
    for (var i = state.messages.length - 1; i >= 0; i -= 1) {
      var found = state.messages[i].from === "bot" && REFERENCE_CODE.exec(state.messages[i].text || "");
      if (found) {
        return found[0];
      }
    }
    return null;
  }

  function clearConversation() {
    var oldSessionId = state.sessionId;
    var started = Boolean(transport);
    stopWaiting();
    storage.clear();
    state = { version: 1, sessionId: newSessionId(), started: false, open: state.open, messages: [] };
    storage.save(state);
    while (messages.firstChild) {
      messages.removeChild(messages.firstChild);
    }
    announcer.clear();
    turnCard = null;
    input.value = "";
    fitInput();
    lastInputWasButton = false;
    showStatus(TEXTS.cleared);
    input.focus();
    if (started) {
      transport.restart(oldSessionId);
    } else {
      ensureConnected();
    }
  }
}
