// unibias export helpers: text download (figures arrive as standalone SVG
// text written by Go), PNG drawn from an SVG text, and
// drag-and-drop of run files onto the page (forwarded to #import-run).
(function () {
  "use strict";
  function download(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.style.display = "none";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { a.remove(); URL.revokeObjectURL(url); }, 30000);
  }
  window.unibiasExport = {
    // pngFromSVG draws a standalone SVG document at twice its size on white.
    pngFromSVG: function (text, name) {
      var url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
      var img = new Image();
      img.onload = function () {
        var w = img.naturalWidth || img.width, h = img.naturalHeight || img.height;
        var c = document.createElement("canvas");
        c.width = w * 2; c.height = h * 2;
        var g = c.getContext("2d");
        g.fillStyle = "#fff"; g.fillRect(0, 0, c.width, c.height);
        g.scale(2, 2); g.drawImage(img, 0, 0, w, h);
        URL.revokeObjectURL(url);
        c.toBlob(function (b) { if (b) download(b, name); }, "image/png");
      };
      img.onerror = function () { URL.revokeObjectURL(url); console.error("unibias: PNG export failed"); };
      img.src = url;
    },
    text: function (text, mime, name) { download(new Blob([text], { type: mime }), name); }
  };
  // A run file dropped anywhere on the page goes through the file input.
  addEventListener("dragover", function (e) {
    if (e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types, "Files") >= 0) e.preventDefault();
  });
  addEventListener("drop", function (e) {
    var input = document.getElementById("import-run");
    if (!input || !e.dataTransfer || !e.dataTransfer.files.length) return;
    e.preventDefault();
    var dt = new DataTransfer();
    dt.items.add(e.dataTransfer.files[0]);
    input.files = dt.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });
})();

// Keyboard shortcuts for the live run when focus is not in a text field:
// space play/pause (or start), s single step, r reset.
addEventListener("keydown", function (e) {
  if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
  var t = e.target;
  if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || (t.tagName === "BUTTON" && e.key === " "))) return;
  if (document.getElementById("tour-dialog") && t && t.closest && t.closest("#tour-dialog")) return;
  var id = { " ": "live-pause", "s": "live-step", "r": "live-reset" }[e.key];
  if (!id) return;
  var b = document.getElementById(id);
  if (id === "live-pause" && b && b.disabled) b = document.getElementById("train");
  if (b && !b.disabled) { e.preventDefault(); b.click(); }
});
