// Web Worker bootstrap: loads Go's wasm support and the engine-only worker
// module. Messages are JSON strings (package protocol); the Go side installs
// self.onmessage and posts {"type":"ready"} once it runs.
importScripts("../wasm_exec.js");
(async function () {
  try {
    const go = new Go();
    const url = new URL("worker.wasm", self.location.href);
    const resp = fetch(url);
    const result = WebAssembly.instantiateStreaming
      ? await WebAssembly.instantiateStreaming(resp, go.importObject)
      : await WebAssembly.instantiate(await (await resp).arrayBuffer(), go.importObject);
    go.run(result.instance);
  } catch (err) {
    self.postMessage(JSON.stringify({ type: "error", error: "worker failed to start: " + err }));
  }
})();
