// Compiles the page's WebAssembly away from the page's thread. A browser
// decodes a streamed module on the thread that receives its bytes: on the
// page's thread that held frames for 0.3–0.6 s at start-up (11 MB of code).
// The page posts the module's address; the compiled WebAssembly.Module
// comes back (a module can be posted between threads), or the error's text.
// The workers run the same module (web/worker.js).
//
// For the page's own module the page also posts what its address shows,
// {url, precompile: {search, prerendered, preset}}: the module then runs
// here once (app.Precompile, main_js.go), mounting the page in a stand-in
// document, before it goes back, preceded by {compiled: module} as soon as
// it is compiled (for the workers) and {precompiled: report}. A
// browser compiles a function of a module when it is first called, on the
// thread that calls it, and every thread shares what was compiled: the
// page then starts with its start-up code compiled instead of compiling it
// between two frames.
self.onmessage = async function (e) {
  const { url, precompile: page } = typeof e.data === "string" ? { url: e.data } : e.data;
  try {
    const resp = fetch(url);
    const compiling = WebAssembly.compileStreaming
      ? WebAssembly.compileStreaming(resp)
      : resp.then((r) => r.arrayBuffer()).then((b) => WebAssembly.compile(b));
    const preset = page && page.preset ? presetText(page.preset) : Promise.resolve("");
    const mod = await compiling;
    if (page) {
      // The workers run this module too (web/worker.js): they can start
      // now, while the page's start-up is compiled here.
      self.postMessage({ compiled: mod });
      const report = await precompile(mod, { search: page.search, prerendered: page.prerendered, preset: await preset });
      self.postMessage({ precompiled: report });
    }
    self.postMessage(mod);
  } catch (err) {
    self.postMessage(String(err));
  }
};

// presetText is a preset's prebuilt description (web/presets/NAME.json,
// app.PresetDescriptionPath, which the page fetches too), or "".
function presetText(name) {
  return fetch("presets/" + encodeURIComponent(name) + ".json")
    .then((r) => (r.ok ? r.text() : ""))
    .catch(() => "");
}

// precompile runs the page's start-up in the module (app.Precompile) and
// says how it went: {done, error, ms}. Whatever fails, or takes longer than
// two seconds, the page compiles the rest itself.
async function precompile(mod, page) {
  const t0 = performance.now();
  const report = () => ({ done: !!page.done, error: page.error || "", ms: Math.round(performance.now() - t0) });
  try {
    importScripts("../wasm_exec.js");
    self.document = standInDocument();
    self.unibiasPrecompile = page; // main_js.go: Precompile sets done, or error
    const go = new Go();
    let exit = 0;
    go.exit = (code) => (exit = code);
    const instance = await WebAssembly.instantiate(mod, go.importObject);
    await Promise.race([go.run(instance), new Promise((resolve) => setTimeout(resolve, 2000))]);
    if (!page.done && !page.error) page.error = exit ? "exit code " + exit : "not done after 2 s";
  } catch (err) {
    page.error = String(err);
  }
  return report();
}

// standInDocument is a document with no page behind it: what go-app needs
// to mount components (elements, text nodes, attributes, children).
function standInDocument() {
  class Node {
    constructor(name) {
      this.nodeName = name;
      this.tagName = name.toUpperCase();
      this.childNodes = [];
      this.parentNode = null;
      this.attrs = new Map();
      this.style = { setProperty() {}, removeProperty() {} };
      this.dataset = {};
      this.nodeValue = null;
    }
    get firstChild() { return this.childNodes[0] || null; }
    get lastChild() { return this.childNodes[this.childNodes.length - 1] || null; }
    get firstElementChild() { return this.childNodes.find((n) => n.nodeName !== "#text") || null; }
    get innerHTML() { return ""; }
    set innerHTML(html) {
      this.childNodes = [];
      if (html) this.appendChild(new Node("div")); // a raw element's content
    }
    appendChild(c) { return this.insertBefore(c, null); }
    insertBefore(c, ref) {
      if (c.parentNode) c.parentNode.removeChild(c);
      const i = this.childNodes.indexOf(ref);
      this.childNodes.splice(i < 0 ? this.childNodes.length : i, 0, c);
      c.parentNode = this;
      return c;
    }
    removeChild(c) {
      const i = this.childNodes.indexOf(c);
      if (i >= 0) this.childNodes.splice(i, 1);
      c.parentNode = null;
      return c;
    }
    replaceChild(c, old) {
      this.insertBefore(c, old);
      return this.removeChild(old);
    }
    setAttribute(k, v) { this.attrs.set(k, String(v)); }
    getAttribute(k) { return this.attrs.has(k) ? this.attrs.get(k) : null; }
    hasAttribute(k) { return this.attrs.has(k); }
    removeAttribute(k) { this.attrs.delete(k); }
    addEventListener() {}
    removeEventListener() {}
    querySelector() { return null; }
    querySelectorAll() { return []; }
  }
  const doc = new Node("#document");
  doc.createElement = (tag) => new Node(tag);
  doc.createElementNS = (ns, tag) => new Node(tag);
  doc.createTextNode = (text) => Object.assign(new Node("#text"), { nodeValue: String(text) });
  doc.getElementById = () => null;
  doc.documentElement = doc.appendChild(new Node("html"));
  doc.body = doc.documentElement.appendChild(new Node("body"));
  doc.body.appendChild(new Node("div"));
  return doc;
}
