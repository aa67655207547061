// voxpress embed: add `<script src="https://VOXPRESS/embed.js" async></script>` once and
// `<div data-voxpress></div>` where a player should sit. This loader finds the server from its
// own address and imports the player modules from it (they are served to any origin; the API
// behind them answers only the publisher's origins).
(function () {
  "use strict";
  if (window.__voxpressEmbed) {
    window.__voxpressEmbed.then((player) => player.mountAll(window.__voxpressBase));
    return;
  }
  var script = document.currentScript || document.querySelector('script[src$="/embed.js"]');
  var base = new URL(script ? script.src : "/embed.js", location.href).href.replace(/\/embed\.js([?#].*)?$/, "");
  window.__voxpressBase = base;
  window.__voxpressEmbed = import(base + "/embed/assets/player.js").then(function (player) {
    var start = function () {
      player.mountAll(base);
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
    return player;
  });
})();
