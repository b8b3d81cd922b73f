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
 * This file only reads its own tag and loads the widget, which is written as native
 * ES modules next to it (signaalroute/*.js, served as they are, no build step):
 *   widget.js         the conversation: sending, receiving, waiting, scrolling, clearing
 *   transport.js      socket.io with session persistence; Rasa's REST webhook as fallback
 *   rendering.js      the DOM: text never as HTML, links, contact cards, buttons, the window
 *   accessibility.js  live-region announcements, focus, the "Gesprek wissen?" question
 *   storage.js        the conversation in sessionStorage, so a reload continues it
 *   config.js, texts.js  settings from this tag and limits; the widget's own Dutch texts
 * A classic script (not type="module") keeps every existing embed working: the tag and
 * its attributes are read here, where document.currentScript still points at it.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !script.src) {
    return;
  }
  var attributes = {};
  ["data-server", "data-title", "data-theme", "data-initial-message", "data-mount"].forEach(function (name) {
    attributes[name] = script.getAttribute(name);
  });
  var settings = { src: script.src, attributes: attributes };
  import(new URL("signaalroute/widget.js", script.src).href).then(
    function (widget) {
      widget.start(settings);
    },
    function (error) {
      // Without the modules there is no chat; say so to whoever looks at the console.
      window.console.error("Signaalroute: the widget could not be loaded.", error);
    }
  );
})();
