// unibias export helpers: figure download (SVG, PNG), text download, and
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
  // cssText collects the page's style rules that can apply to figures.
  function cssText() {
    var out = [];
    for (var i = 0; i < document.styleSheets.length; i++) {
      var rules;
      try { rules = document.styleSheets[i].cssRules; } catch (_) { continue; }
      for (var j = 0; j < rules.length; j++) {
        out.push(rules[j].cssText);
      }
    }
    return out.join("\n");
  }
  // svgText serialises the first <svg> under root (or root itself) with
  // the page CSS inlined, so the file renders standalone.
  function svgText(root) {
    var src = root.tagName && root.tagName.toLowerCase() === "svg" ? root : root.querySelector("svg.fig, svg.plot, svg:not(.icon)");
    if (!src) return null;
    var r = src.getBoundingClientRect();
    var clone = src.cloneNode(true);
    clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    clone.style.fontFamily = getComputedStyle(src).fontFamily;
    if (!clone.getAttribute("width")) clone.setAttribute("width", String(Math.round(r.width) || 600));
    if (!clone.getAttribute("height")) clone.setAttribute("height", String(Math.round(r.height) || 400));
    var style = document.createElementNS("http://www.w3.org/2000/svg", "style");
    style.textContent = cssText() + "\nsvg{background:#fff;font-family:system-ui,sans-serif}";
    clone.insertBefore(style, clone.firstChild);
    return new XMLSerializer().serializeToString(clone);
  }
  // figureSVG combines every figure svg under root side by side in one svg.
  function figureSVG(root) {
    var svgs = root.querySelectorAll("svg.fig, svg.plot, svg.chart");
    if (svgs.length === 0) svgs = root.querySelectorAll("svg:not(.icon)");
    if (svgs.length <= 1) return svgText(svgs[0] || root);
    var base = root.getBoundingClientRect();
    var W = Math.ceil(base.width), H = Math.ceil(base.height);
    var NS = "http://www.w3.org/2000/svg";
    var outer = document.createElementNS(NS, "svg");
    outer.setAttribute("xmlns", NS);
    outer.setAttribute("width", W); outer.setAttribute("height", H);
    outer.setAttribute("viewBox", "0 0 " + W + " " + H);
    outer.style.fontFamily = getComputedStyle(root).fontFamily;
    var style = document.createElementNS(NS, "style");
    style.textContent = cssText() + "\nsvg{background:#fff;font-family:system-ui,sans-serif}";
    outer.appendChild(style);
    svgs.forEach(function (s) {
      var r = s.getBoundingClientRect();
      var c = s.cloneNode(true);
      c.setAttribute("x", Math.round(r.left - base.left));
      c.setAttribute("y", Math.round(r.top - base.top));
      c.setAttribute("width", Math.round(r.width));
      c.setAttribute("height", Math.round(r.height));
      outer.appendChild(c);
    });
    return new XMLSerializer().serializeToString(outer);
  }
  function find(sel) { return typeof sel === "string" ? document.querySelector(sel) : sel; }
  window.unibiasExport = {
    svgText: function (sel) { var el = find(sel); return el ? figureSVG(el) : null; },
    svg: function (sel, name) {
      var t = this.svgText(sel);
      if (t) download(new Blob([t], { type: "image/svg+xml" }), name);
    },
    png: function (sel, name) {
      var t = this.svgText(sel);
      if (!t) return;
      var url = URL.createObjectURL(new Blob([t], { type: "image/svg+xml" }));
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
