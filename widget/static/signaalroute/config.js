// Settings of one widget: the attributes of its script tag, and fixed limits.

// The same limit as every channel of the Rasa server (rasa_ext/channels/common.py).
// What one message may hold: the assistant reads it in parts of 2,000 characters, at most five
// (rasa_ext/channels/common.py); above this the widget sends the beginning and keeps the rest.
export const MAX_MESSAGE_LENGTH = 10000;
export const MAX_STORED_MESSAGES = 300;
export const REPLY_TIMEOUT_MS = 30000;
export const SOCKET_FAILURES_BEFORE_REST = 3;

/**
 * The widget's configuration from its script tag: `src` is the script's URL and
 * `attributes` its data-* attributes (null when absent); see signaalroute-widget.js.
 */
export function readConfig({ src, attributes }) {
  const scriptUrl = new URL(src, document.baseURI);
  const server = (attributes["data-server"] || scriptUrl.origin).replace(/\/+$/, "");
  return {
    server,
    title: attributes["data-title"] || "Signaalroute",
    theme: (attributes["data-theme"] || "").trim(),
    initialMessage: attributes["data-initial-message"] !== null ? attributes["data-initial-message"] : "/greet",
    mount: attributes["data-mount"],
    cssUrl: new URL("signaalroute-widget.css", scriptUrl).href,
    socketIoUrl: new URL("/vendor/socket.io/socket.io.min.js", scriptUrl).href
  };
}
