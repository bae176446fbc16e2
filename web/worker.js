// Web Worker bootstrap: loads Go's wasm support and the engine-only worker
// module. Messages are JSON strings (package protocol), and a result with a
// packed trajectory is {json, traj} (worker/main.go); the Go side installs
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
    let code = 0;
    go.exit = (c) => { code = c; if (c !== 0) console.warn("exit code:", c); };
    await go.run(result.instance);
    // The Go program ended: a worker's never does unless it panicked or ran
    // out of memory. The page replaces it (app/workers_fault.go).
    self.postMessage(JSON.stringify({ type: "exit", error: "its Go program ended (exit code " + code + ")" }));
  } catch (err) {
    self.postMessage(JSON.stringify({ type: "error", error: "worker failed to start: " + err }));
  }
})();
