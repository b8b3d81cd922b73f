// The conversation in sessionStorage, so a page reload continues it (one conversation per tab).

import { MAX_STORED_MESSAGES } from "./config.js";

/** Conversation state in sessionStorage; a browser without storage keeps it in memory. */
export function sessionStore(key) {
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

/** A random id for a new conversation (hex, 32 characters). */
export function newSessionId() {
  var bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.prototype.map
    .call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    })
    .join("");
}
