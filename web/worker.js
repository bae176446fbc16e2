// Web Worker bootstrap: loads Go's wasm support and runs the page's own
// module, app.wasm, with self.unibiasWorker set, so that its main runs the
// worker (package worker) instead of mounting the page (main_js.go).
// Messages are JSON strings (package protocol), and a result with packed
// numbers (a trajectory, a compete report's series) is {json, packed}
// (worker/worker.go); the Go side installs self.onmessage and posts
// {"type":"ready"} once it runs.
//
// The page's first message is the module: the WebAssembly.Module that
// index.html compiled once, off the page's thread, for the page and every
// worker (then this worker neither fetches nor compiles), or null, when the
// page has none: then it fetches and compiles app.wasm itself.
importScripts("../wasm_exec.js");
self.onmessage = function (e) {
  self.onmessage = null; // the Go program installs its own
  start(e.data instanceof WebAssembly.Module ? e.data : null);
};

async function start(mod) {
  try {
    self.unibiasWorker = true; // main_js.go: run the worker, not the page
    const go = new Go();
    let instance;
    if (mod) {
      instance = await WebAssembly.instantiate(mod, go.importObject);
    } else {
      const resp = fetch(new URL("app.wasm", self.location.href));
      const result = WebAssembly.instantiateStreaming
        ? await WebAssembly.instantiateStreaming(resp, go.importObject)
        : await WebAssembly.instantiate(await (await resp).arrayBuffer(), go.importObject);
      instance = result.instance;
    }
    let code = 0;
    go.exit = (c) => { code = c; if (c !== 0) console.warn("exit code:", c); };
    await go.run(instance);
    // The Go program ended: a worker's never does unless it panicked or ran
    // out of memory. The page replaces it (app/workers_fault.go).
    self.postMessage(JSON.stringify({ type: "exit", error: "its Go program ended (exit code " + code + ")" }));
  } catch (err) {
    self.postMessage(JSON.stringify({ type: "error", error: "worker failed to start: " + err }));
  }
}
