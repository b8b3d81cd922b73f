// Talking to the Rasa server: socket.io first, Rasa's REST webhook when socket.io is unavailable.

import { SOCKET_FAILURES_BEFORE_REST } from "./config.js";
import { cardContact } from "./rendering.js";

/** Load the socket.io client from our own origin; resolves to window.io or null. */
function loadSocketIo(url) {
  if (typeof window.io === "function") {
    return Promise.resolve(window.io);
  }
  return new Promise(function (resolve) {
    var tag = document.createElement("script");
    tag.src = url;
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
function SocketTransport(io, server, handlers) {
  var socket = io(server, {
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
function RestTransport(server, handlers) {
  var queue = Promise.resolve();
  var url = server + "/webhooks/rest/webhook";

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
export function mergeRestMessages(items) {
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

/**
 * Start socket.io; use REST when the client cannot load or never connects.
 * Resolves to {name(), send(text), restart(oldSessionId)}.
 */
export function connect(config, handlers) {
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
    transport = RestTransport(config.server, handlers);
    handlers.onTransport("rest");
    transport.start();
  }
  handlers.onSocketUnavailable = tryRest;
  return loadSocketIo(config.socketIoUrl).then(function (io) {
    if (!io) {
      useRest();
    } else {
      transport = SocketTransport(io, config.server, handlers);
      handlers.onTransport("socketio");
      transport.start();
    }
    return proxy;
  });
}

/**
 * A bot message as the widget keeps it ({from, text, buttons, custom}), or null when
 * the server sent nothing the widget can show. Never trusts the shape it gets.
 */
export function botMessage(raw) {
  if (!raw || typeof raw !== "object") {
    return null;
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
  return message.text || message.buttons.length || cardContact(message.custom) ? message : null;
}
