// voxpress embed: add `<script src="https://VOXPRESS/embed.js" async></script>` once and
// `<div data-voxpress></div>` where a player should sit. This loader finds the server from its
// own address and imports the player modules from it (they are served to any origin; the API
// behind them answers only the publisher's origins). Once the page's elements are there it asks
// for each player's narration and for the voices at once, beside the modules' download, so the
// server fetches the page and starts narrating it meanwhile; a player takes the answer for the
// request it would make itself (embed/early.js builds the same URLs), else it asks on its own.
(function () {
  "use strict";
  if (window.__voxpressEmbed) {
    window.__voxpressEmbed.then((player) => player.mountAll(window.__voxpressBase));
    return;
  }
  var script = document.currentScript || document.querySelector('script[src$="/embed.js"]');
  var base = new URL(script ? script.src : "/embed.js", location.href).href.replace(/\/embed\.js([?#].*)?$/, "");
  window.__voxpressBase = base;
  var early = (window.__voxpressEarly = new Map());
  var ask = function (url) {
    if (early.has(url)) return; // one request for players of one story
    var answer = fetch(url, { credentials: "omit" }).then(function (response) {
      return response.text().then(function (text) {
        return { ok: response.ok, text: text };
      });
    });
    answer.catch(function () {}); // a failed request is the player's to make again
    early.set(url, answer);
  };
  var canonical = function () {
    var link = document.querySelector('link[rel="canonical"]');
    var url = new URL((link && link.href) || location.href);
    url.hash = "";
    return url.href;
  };
  var askEarly = function () {
    var elements = document.querySelectorAll("[data-voxpress]");
    for (var i = 0; i < elements.length; i++) {
      var options = elements[i].dataset;
      var voice = options.voxpressVoice ? "&voice=" + encodeURIComponent(options.voxpressVoice) : "";
      var id = options.voxpressArticleId;
      ask(
        id
          ? base + "/api/embed/articles/" + encodeURIComponent(id) + "?" + voice.slice(1)
          : base + "/api/embed/narration?url=" + encodeURIComponent(options.voxpressUrl || canonical()) + voice,
      );
    }
    if (elements.length) ask(base + "/api/voices");
  };
  // Not before the page is parsed: its canonical link and every player's attributes are there then.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", askEarly);
  else askEarly();
  window.__voxpressEmbed = import(base + "/embed/assets/player.js").then(function (player) {
    var start = function () {
      player.mountAll(base);
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
    return player;
  });
})();
