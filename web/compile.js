// Compiles the page's WebAssembly away from the page's thread. A browser
// decodes a streamed module on the thread that receives its bytes: on the
// page's thread that held frames for 0.3–0.6 s at start-up (11 MB of code).
// The page posts the module's address; the compiled WebAssembly.Module
// comes back (a module can be posted between threads), or the error's text.
self.onmessage = async function (e) {
  try {
    const resp = fetch(e.data);
    const mod = WebAssembly.compileStreaming
      ? await WebAssembly.compileStreaming(resp)
      : await WebAssembly.compile(await (await resp).arrayBuffer());
    self.postMessage(mod);
  } catch (err) {
    self.postMessage(String(err));
  }
};
