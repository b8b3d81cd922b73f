/*
 * Signaalroute chat widget for a municipal intranet.
 *
 * Embed with one tag:
 *   <script src="https://signaalroute.example.nl/widget/signaalroute-widget.js"
 *           data-server="https://signaalroute.example.nl:5005"
 *           data-title="Signaalroute" data-theme="utrecht-theme"
 *           data-initial-message="/greet" data-mount="#chat"></script>
 *
 * data-server           Rasa server (default: the script's origin)
 * data-title            heading of the chat (default "Signaalroute")
 * data-theme            CSS class name(s) with design tokens, or the URL of a tokens CSS file
 * data-initial-message  sent (not shown) when a new conversation starts (default "/greet")
 * data-mount            CSS selector of an element to show the chat in; without it
 *                       the chat opens from a button in the corner of the page
 *
 * The widget loads its CSS and the socket.io client from the script's own origin,
 * talks to Rasa's socket.io channel (REST webhook when socket.io is unavailable),
 * and keeps the conversation in sessionStorage so it survives a page reload.
 * User and bot text are only ever inserted as text, never as HTML.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !script.src) {
    return;
  }

  var MAX_MESSAGE_LENGTH = 2000;
  var MAX_STORED_MESSAGES = 300;
  var REPLY_TIMEOUT_MS = 30000;
  var SOCKET_FAILURES_BEFORE_REST = 3;
  var instanceCount = 0;

  var TEXTS = {
    launcher: "Signaalroute",
    launcherHint: "Hulp bij een signaal van mensenhandel",
    close: "Sluiten",
    clear: "Gesprek wissen",
    emergency: "Direct gevaar?",
    emergencyCall: "Bel 112",
    logLabel: "Gesprek",
    you: "Jij:",
    bot: "Signaalroute:",
    inputLabel: "Je bericht",
    inputHint: "Noem geen namen of adressen van het slachtoffer of van anderen.",
    send: "Verstuur",
    typing: "Signaalroute schrijft een antwoord",
    choices: "Kies een antwoord",
    connecting: "Verbinden met Signaalroute…",
    offline: "De verbinding is weg. We proberen opnieuw te verbinden. Bij direct gevaar: bel 112.",
    restored: "De verbinding is terug. Je kunt verder met je gesprek.",
    restoredResend: "De verbinding is terug. Kreeg je geen antwoord op je laatste bericht? Stuur het dan opnieuw.",
    unreachable: "Signaalroute is nu niet bereikbaar. Probeer het zo opnieuw. Bij direct gevaar: bel 112.",
    slow: "Er komt nog geen antwoord. Probeer het zo opnieuw. Bij direct gevaar: bel 112.",
    tooLong: "Je bericht is te lang. Maak het korter dan 2000 tekens.",
    refused: "Dit bericht kon niet worden verwerkt. Probeer het opnieuw.",
    cleared: "Het gesprek is gewist. Je kunt een nieuw gesprek beginnen.",
    confirmClear: "Wil je het gesprek wissen? Alles in dit venster is dan weg.",
    confirmClearCode: "Wil je het gesprek wissen? Alles in dit venster is dan weg, ook je referentiecode {code}. Schrijf de code eerst op.",
    confirmClearYes: "Ja, wis het gesprek",
    confirmClearNo: "Nee, ga terug",
    newMessage: "Signaalroute zegt:",
    choicesAnnounce: "Kies een antwoord:",
    card: {
      phone: "Telefoon",
      email: "E-mail",
      url: "Website",
      hours: "Bereikbaar",
      prepare: "Leg klaar",
      // The same sentence as bot/texts.py NATIONAL_CONTACT.
      national: "Dit is een landelijk contact. Je regio noemt hier geen eigen contact.",
      contact: "Contact:"
    }
  };

  var config = readConfig(script);
  var storage = sessionStore("signaalroute:" + config.server);

  function readConfig(el) {
    var scriptUrl = new URL(el.src, document.baseURI);
    var server = (el.getAttribute("data-server") || scriptUrl.origin).replace(/\/+$/, "");
    return {
      server: server,
      title: el.getAttribute("data-title") || "Signaalroute",
      theme: (el.getAttribute("data-theme") || "").trim(),
      initialMessage: el.hasAttribute("data-initial-message")
        ? el.getAttribute("data-initial-message")
        : "/greet",
      mount: el.getAttribute("data-mount"),
      cssUrl: new URL("signaalroute-widget.css", scriptUrl).href,
      socketIoUrl: new URL("/vendor/socket.io/socket.io.min.js", scriptUrl).href
    };
  }

  // ---------------------------------------------------------------- storage

  /** Conversation state in sessionStorage; a browser without storage keeps it in memory. */
  function sessionStore(key) {
    var memory = null;
    function read() {
      try {
        var raw = window.sessionStorage.getItem(key);
        return raw ? JSON.parse(raw) : null;
      } catch (e) {
        return memory;
      }
    }
    return {
      load: function () {
        var data = read();
        if (!data || data.version !== 1 || !Array.isArray(data.messages)) {
          return { version: 1, sessionId: null, started: false, open: false, messages: [] };
        }
        return data;
      },
      save: function (state) {
        state.messages = state.messages.slice(-MAX_STORED_MESSAGES);
        memory = state;
        try {
          window.sessionStorage.setItem(key, JSON.stringify(state));
        } catch (e) {
          // Storage full or disabled: the conversation still works for this page view.
        }
      },
      clear: function () {
        memory = null;
        try {
          window.sessionStorage.removeItem(key);
        } catch (e) {
          // Nothing stored, nothing to clear.
        }
      }
    };
  }

  function newSessionId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) {
        return ("0" + b.toString(16)).slice(-2);
      })
      .join("");
  }

  // ---------------------------------------------------------------- transports

  /** Load the socket.io client from our own origin; resolves to window.io or null. */
  function loadSocketIo() {
    if (typeof window.io === "function") {
      return Promise.resolve(window.io);
    }
    return new Promise(function (resolve) {
      var tag = document.createElement("script");
      tag.src = config.socketIoUrl;
      tag.async = true;
      tag.onload = function () {
        resolve(typeof window.io === "function" ? window.io : null);
      };
      tag.onerror = function () {
        resolve(null);
      };
      document.head.appendChild(tag);
    });
  }

  /**
   * Rasa's socket.io channel with session persistence. Messages typed while the
   * connection is down wait in an outbox and are sent once, after the session is
   * confirmed again; a message already sent is never sent a second time.
   */
  function SocketTransport(io, handlers) {
    var socket = io(config.server, {
      path: "/socket.io",
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      reconnection: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 3000,
      timeout: 8000,
      autoConnect: false
    });
    var ready = false;
    var everConnected = false;
    var failures = 0;
    var outbox = [];

    socket.on("connect", function () {
      everConnected = true;
      failures = 0;
      socket.emit("session_request", { session_id: handlers.sessionId() });
    });
    socket.on("session_confirm", function (sessionId) {
      ready = true;
      handlers.onSession(typeof sessionId === "string" ? sessionId : handlers.sessionId());
      var pending = outbox;
      outbox = [];
      pending.forEach(emitMessage);
    });
    socket.on("bot_uttered", function (message) {
      handlers.onMessage(message);
    });
    socket.on("widget_error", function (problem) {
      handlers.onRefused(problem && problem.code);
    });
    socket.on("disconnect", function (reason) {
      ready = false;
      if (reason === "io client disconnect") {
        return;
      }
      handlers.onOffline();
      if (reason === "io server disconnect") {
        // The server closed the socket on purpose; socket.io does not retry by itself then.
        socket.connect();
      }
    });
    socket.on("connect_error", function () {
      failures += 1;
      if (!everConnected && failures % SOCKET_FAILURES_BEFORE_REST === 0) {
        handlers.onSocketUnavailable();
      }
    });

    function emitMessage(text) {
      socket.emit("user_uttered", { message: text, session_id: handlers.sessionId() });
    }

    return {
      name: "socketio",
      start: function () {
        socket.connect();
      },
      stop: function () {
        socket.off();
        socket.disconnect();
      },
      send: function (text) {
        if (ready) {
          emitMessage(text);
        } else {
          outbox.push(text);
        }
      },
      /** Restart the old conversation, then open a fresh socket for the new one. */
      restart: function (oldSessionId) {
        if (ready && oldSessionId) {
          socket.emit("user_uttered", { message: "/restart", session_id: oldSessionId });
        }
        outbox = [];
        ready = false;
        // A new socket leaves the old session's room, so late replies to the
        // old conversation can never show up in the new one.
        socket.disconnect();
        socket.connect();
      }
    };
  }

  /** Rasa's REST webhook: one request per message, replies in the response. */
  function RestTransport(handlers) {
    var queue = Promise.resolve();
    var url = config.server + "/webhooks/rest/webhook";

    function post(sessionId, text) {
      return fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender: sessionId, message: text })
      }).then(function (res) {
        if (!res.ok) {
          throw new Error("HTTP " + res.status);
        }
        return res.json();
      });
    }

    return {
      name: "rest",
      start: function () {
        handlers.onSession(handlers.sessionId());
      },
      stop: function () {},
      send: function (text) {
        var sessionId = handlers.sessionId();
        queue = queue.then(function () {
          return post(sessionId, text).then(
            function (messages) {
              handlers.onOnline();
              mergeRestMessages(messages).forEach(handlers.onMessage);
            },
            function () {
              handlers.onUnreachable();
            }
          );
        });
      },
      restart: function (oldSessionId) {
        if (oldSessionId) {
          post(oldSessionId, "/restart").catch(function () {
            // The server forgets idle conversations by itself; nothing to tell the user.
          });
        }
        handlers.onSession(handlers.sessionId());
      }
    };
  }

  /**
   * Rasa's REST channel returns a contact card as two items (the text, then the
   * custom payload); join them so the widget shows the card instead of the text.
   */
  function mergeRestMessages(items) {
    var merged = [];
    (Array.isArray(items) ? items : []).forEach(function (item) {
      var previous = merged[merged.length - 1];
      if (item && item.custom && !item.text && previous && !previous.custom && !previous.buttons) {
        previous.custom = item.custom;
      } else if (item) {
        merged.push({ text: item.text, buttons: item.buttons, custom: item.custom });
      }
    });
    return merged;
  }

  /** Start socket.io; use REST when the client cannot load or never connects. */
  function connect(handlers) {
    var transport = null;
    var switched = false;
    var proxy = {
      name: function () {
        return transport ? transport.name : "none";
      },
      send: function (text) {
        transport.send(text);
      },
      restart: function (oldSessionId) {
        transport.restart(oldSessionId);
      }
    };
    /** Socket.io never connected: use REST if the server answers there. */
    function tryRest() {
      fetch(config.server + "/webhooks/rest/", { method: "GET" }).then(
        function (res) {
          if (res.ok) {
            useRest();
          } else {
            handlers.onUnreachable();
          }
        },
        function () {
          handlers.onUnreachable();
        }
      );
    }
    function useRest() {
      if (switched) {
        return;
      }
      switched = true;
      if (transport) {
        transport.stop();
      }
      transport = RestTransport(handlers);
      handlers.onTransport("rest");
      transport.start();
    }
    handlers.onSocketUnavailable = tryRest;
    return loadSocketIo().then(function (io) {
      if (!io) {
        useRest();
      } else {
        transport = SocketTransport(io, handlers);
        handlers.onTransport("socketio");
        transport.start();
      }
      return proxy;
    });
  }

  // ---------------------------------------------------------------- DOM helpers

  function h(tag, attrs, children) {
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

  function hiddenText(text) {
    return h("span", { className: "sr-visually-hidden", text: text + " " });
  }

  var URL_IN_TEXT = /https?:\/\/[^\s<>"]*[^\s<>".,;:!?)]/g;
  // Web addresses, and Dutch phone numbers as bot texts write them (070-3614747,
  // 0800-5151, 06-14007438) and 112: each becomes a link.
  var LINK_IN_TEXT = /(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)])|(^|[\s(])(0\d{1,3}-\d{4,8}|112)(?=$|[\s.,;:!?)])/g;
  var REFERENCE_CODE = /\bSR-[A-Z0-9]{4}-[A-Z0-9]{2}\b/;

  /** tel: address of a Dutch phone number as written in text (0800-5151 -> tel:+318005151). */
  function telUri(number) {
    var digits = number.replace(/\D/g, "");
    return digits === "112" ? "tel:112" : "tel:+31" + digits.slice(1);
  }

  /** Text as paragraphs (blank line), line breaks and clickable web addresses. */
  function renderText(text) {
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
  function linkified(text) {
    var span = h("span");
    appendLinkified(span, String(text));
    return span;
  }

  function safeUrl(value, pattern) {
    return typeof value === "string" && pattern.test(value) ? value : null;
  }

  /** The contact of a contact_card payload (docs/contracts.md), or null. */
  function cardContact(custom) {
    var c = custom && custom.type === "contact_card" ? custom.contact : null;
    return c && typeof c === "object" && typeof c.organisation === "string" && c.organisation ? c : null;
  }

  /** The contact card of a bot message, or null when the payload is not a usable card. */
  function renderContactCard(custom, idPrefix) {
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
      list
    ]);
  }

  function announcement(message) {
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

  // ---------------------------------------------------------------- the widget

  function Widget() {
    instanceCount += 1;
    var uid = "signaalroute-" + instanceCount;
    var state = storage.load();
    var transport = null;
    var connecting = null;
    var awaitingReply = false;
    var lastInputWasButton = false;
    var replyTimer = null;
    var typingTimer = null;
    var statusTimer = null;
    var announceTimer = null;
    var announceQueue = [];
    var wasOffline = false;
    var replyMayBeLost = false;
    var messageCount = 0;
    var turnCard = null; // the first contact card of the bot's current turn
    var mounted = config.mount ? document.querySelector(config.mount) : null;
    var floating = !mounted;

    var host = h("div", { className: "signaalroute-host", "data-state": "idle" });
    themeHost(host);
    var shadow = host.attachShadow({ mode: "open" });
    shadow.appendChild(h("link", { rel: "stylesheet", href: config.cssUrl }));

    var titleId = uid + "-title";
    var hintId = uid + "-hint";
    var inputId = uid + "-input";
    var status = h("p", { className: "sr-status", role: "status" });
    var announcer = h("div", { className: "sr-visually-hidden", "aria-live": "polite" });
    var messages = h("div", { className: "sr-messages" });
    var typing = h("div", { className: "sr-typing", hidden: true }, [
      h("span", { text: TEXTS.typing }),
      h("span", { className: "sr-typing__dots", "aria-hidden": "true" }, [h("span"), h("span"), h("span")])
    ]);
    var log = h("div", {
      className: "sr-log",
      role: "log",
      "aria-label": TEXTS.logLabel,
      // The polite announcer below reads new bot messages once; a live log
      // would read them a second time.
      "aria-live": "off",
      tabindex: "0"
    }, [messages, typing]);
    var input = h("input", {
      id: inputId,
      className: "sr-input",
      type: "text",
      autocomplete: "off",
      maxlength: String(MAX_MESSAGE_LENGTH),
      "aria-describedby": hintId
    });
    var form = h("form", { className: "sr-form", novalidate: true }, [
      h("label", { for: inputId, className: "sr-label", text: TEXTS.inputLabel }),
      h("p", { id: hintId, className: "sr-hint", text: TEXTS.inputHint }),
      h("div", { className: "sr-form__row" }, [
        input,
        h("button", { type: "submit", className: "sr-button sr-button--primary", text: TEXTS.send })
      ])
    ]);
    // Clearing is rare and loses the reference code: the quietest button, and it asks first.
    var clearButton = h("button", {
      type: "button",
      className: "sr-button sr-button--quiet sr-clear",
      text: TEXTS.clear,
      "aria-expanded": "false",
      "aria-controls": uid + "-confirm"
    });
    var closeButton = floating
      ? h("button", { type: "button", className: "sr-button sr-button--subtle sr-close", text: TEXTS.close, "aria-controls": uid + "-panel" })
      : null;
    var confirmQuestion = h("p", { id: uid + "-confirm-question", className: "sr-confirm__question" });
    var confirmYes = h("button", { type: "button", className: "sr-button sr-button--secondary", text: TEXTS.confirmClearYes });
    var confirmNo = h("button", { type: "button", className: "sr-button sr-button--primary", text: TEXTS.confirmClearNo });
    var confirmBox = h("div", {
      id: uid + "-confirm",
      className: "sr-confirm",
      role: "alertdialog",
      "aria-labelledby": uid + "-confirm-question",
      hidden: true
    }, [confirmQuestion, h("div", { className: "sr-confirm__actions" }, [confirmNo, confirmYes])]);
    var panel = h("section", {
      id: uid + "-panel",
      className: "sr-panel" + (floating ? " sr-panel--floating" : " sr-panel--inline"),
      "aria-labelledby": titleId,
      lang: "nl",
      hidden: floating && !state.open
    }, [
      h("header", { className: "sr-header" }, [
        h("h2", { id: titleId, className: "sr-title", text: config.title }),
        h("div", { className: "sr-header__actions" }, [clearButton, closeButton])
      ]),
      h("p", { className: "sr-emergency" }, [
        TEXTS.emergency + " ",
        h("a", { href: "tel:112", className: "sr-emergency__call", text: TEXTS.emergencyCall }),
        "."
      ]),
      confirmBox,
      status,
      log,
      form,
      announcer
    ]);
    var launcher = floating
      ? h("button", {
        type: "button",
        className: "sr-launcher",
        "aria-expanded": state.open ? "true" : "false",
        "aria-controls": uid + "-panel",
        lang: "nl"
      }, [
        h("span", { className: "sr-launcher__title", text: TEXTS.launcher }),
        h("span", { className: "sr-launcher__hint", text: TEXTS.launcherHint })
      ])
      : null;

    var root = h("div", { className: "sr-root" + (floating ? " sr-root--floating" : ""), lang: "nl" }, [panel, launcher]);
    shadow.appendChild(root);
    state.messages.forEach(function (message, index) {
      renderMessage(message, index >= lastUserIndex());
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
      closeButton.addEventListener("click", function () {
        setOpen(false);
      });
      panel.addEventListener("keydown", function (event) {
        if (event.key === "Escape") {
          setOpen(false);
        }
      });
    }
    clearButton.addEventListener("click", askToClear);
    confirmNo.addEventListener("click", function () {
      closeConfirm(true);
    });
    confirmYes.addEventListener("click", function () {
      closeConfirm(false);
      clearConversation();
    });
    confirmBox.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        // Escape answers the question, it does not close the whole chat.
        event.stopPropagation();
        closeConfirm(true);
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (!text) {
        input.focus();
        return;
      }
      if (text.length > MAX_MESSAGE_LENGTH) {
        showStatus(TEXTS.tooLong);
        return;
      }
      input.value = "";
      lastInputWasButton = false;
      sendUserMessage(text, text);
    });
    messages.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest(".sr-choice") : null;
      if (!button || button.getAttribute("aria-disabled") === "true") {
        return;
      }
      answerChoices();
      button.classList.add("sr-choice--chosen");
      lastInputWasButton = true;
      sendUserMessage(button.textContent, button.getAttribute("data-payload"));
    });

    // ------------------------------------------------------------ behaviour

    function themeHost(el) {
      if (!config.theme) {
        return;
      }
      if (/^(https?:)?\/|\.css(\?|#|$)/.test(config.theme)) {
        document.head.appendChild(h("link", { rel: "stylesheet", href: new URL(config.theme, document.baseURI).href }));
      } else {
        config.theme.split(/\s+/).forEach(function (name) {
          if (/^[A-Za-z_][\w-]*$/.test(name)) {
            el.classList.add(name);
          }
        });
      }
    }

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
      connecting = connect({
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
        onRefused: function (code) {
          stopWaiting();
          showStatus(code === "message_too_long" ? TEXTS.tooLong : TEXTS.refused);
        }
      }).then(function (t) {
        transport = t;
        return t;
      });
      return connecting;
    }

    function onSession(sessionId) {
      if (sessionId !== state.sessionId) {
        state.sessionId = sessionId;
      }
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
          enableChoices();
        }
      } else if (status.textContent === TEXTS.connecting || status.textContent === TEXTS.unreachable) {
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

    function sendUserMessage(label, payload) {
      var message = { from: "user", text: label };
      replyMayBeLost = false;
      state.messages.push(message);
      storage.save(state);
      if (!lastInputWasButton) {
        removeChoices();
      }
      turnCard = null;
      renderMessage(message, true);
      scrollToEnd();
      startWaiting();
      ensureConnected().then(function (t) {
        t.send(payload);
      });
    }

    function onBotMessage(raw) {
      if (!raw || typeof raw !== "object") {
        return;
      }
      var message = {
        from: "bot",
        text: typeof raw.text === "string" ? raw.text : "",
        buttons: Array.isArray(raw.buttons)
          ? raw.buttons.filter(function (b) {
            return b && typeof b.title === "string" && typeof b.payload === "string";
          }).map(function (b) {
            return { title: b.title, payload: b.payload };
          })
          : [],
        custom: raw.custom && typeof raw.custom === "object" ? raw.custom : null
      };
      if (!message.text && !message.buttons.length && !cardContact(message.custom)) {
        return;
      }
      var focusWasOnChoice = isFocusOnChoice();
      // Only the answered buttons go: every button group of this bot turn stays usable.
      removeChoices(".sr-choices--answered");
      state.messages.push(message);
      storage.save(state);
      var el = renderMessage(message, true);
      if (!turnCard) {
        turnCard = el.querySelector(".sr-card");
      }
      scrollToTurn();
      announce(announcement(message));
      keepTypingBriefly();
      if (lastInputWasButton && message.buttons.length) {
        var first = el.querySelector(".sr-choice");
        if (first) {
          // No scrolling: the contact card of this turn stays in view.
          first.focus({ preventScroll: true });
        }
      } else if (focusWasOnChoice && !shadow.activeElement) {
        // The chosen button is gone; continue from the text field.
        input.focus({ preventScroll: true });
      }
    }

    function isFocusOnChoice() {
      var active = shadow.activeElement;
      return Boolean(active && active.classList && active.classList.contains("sr-choice"));
    }

    /** After a lost reply the user may click the same answer again. */
    function enableChoices() {
      Array.prototype.forEach.call(messages.querySelectorAll(".sr-choices--answered"), function (group) {
        group.classList.remove("sr-choices--answered");
      });
      Array.prototype.forEach.call(messages.querySelectorAll(".sr-choice"), function (b) {
        b.removeAttribute("aria-disabled");
        b.classList.remove("sr-choice--chosen");
      });
    }

    /** The user answered: every offered button stops working until the reply removes it. */
    function answerChoices() {
      Array.prototype.forEach.call(messages.querySelectorAll(".sr-choices"), function (group) {
        group.classList.add("sr-choices--answered");
      });
      Array.prototype.forEach.call(messages.querySelectorAll(".sr-choice"), function (b) {
        b.setAttribute("aria-disabled", "true");
      });
    }

    /** Remove answer buttons (all of them, or those matching a selector). */
    function removeChoices(selector) {
      Array.prototype.forEach.call(messages.querySelectorAll(selector || ".sr-choices"), function (group) {
        group.parentNode.removeChild(group);
      });
    }

    function renderMessage(message, withChoices) {
      messageCount += 1;
      var idPrefix = uid + "-m" + messageCount;
      var isBot = message.from === "bot";
      var el = h("div", { className: "sr-message sr-message--" + (isBot ? "bot" : "user") });
      var bubble = h("div", { className: "sr-bubble" }, [hiddenText(isBot ? TEXTS.bot : TEXTS.you)]);
      var card = isBot ? renderContactCard(message.custom, idPrefix) : null;
      if (card) {
        bubble.appendChild(card);
      } else if (message.text) {
        bubble.appendChild(renderText(message.text));
      }
      el.appendChild(bubble);
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
      typing.hidden = false;
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
        typing.hidden = true;
        if (!wasOffline) {
          setState("ready");
        }
      }, 600);
    }

    function stopWaiting() {
      awaitingReply = false;
      clearTimeout(replyTimer);
      clearTimeout(typingTimer);
      typing.hidden = true;
    }

    function showStatus(text, keep) {
      clearTimeout(statusTimer);
      status.textContent = text;
      status.hidden = !text;
      if (text && !keep) {
        statusTimer = setTimeout(function () {
          status.textContent = "";
          status.hidden = true;
        }, 10000);
      }
    }

    /** Collect messages that arrive together and read them out in one go. */
    function announce(text) {
      if (!text) {
        return;
      }
      announceQueue.push(text);
      clearTimeout(announceTimer);
      announceTimer = setTimeout(function () {
        announcer.textContent = TEXTS.newMessage + " " + announceQueue.join(" ");
        announceQueue = [];
      }, 250);
    }

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

    function askToClear() {
      var code = lastReferenceCode();
      confirmQuestion.textContent = code ? TEXTS.confirmClearCode.replace("{code}", code) : TEXTS.confirmClear;
      confirmBox.hidden = false;
      clearButton.setAttribute("aria-expanded", "true");
      confirmNo.focus();
    }

    function closeConfirm(returnFocus) {
      confirmBox.hidden = true;
      clearButton.setAttribute("aria-expanded", "false");
      if (returnFocus) {
        clearButton.focus();
      }
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
      announcer.textContent = "";
      turnCard = null;
      input.value = "";
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

  function start() {
    Widget();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
