// Package worker is the Web Worker side of unibias: the page's own
// WebAssembly module runs it in each worker (main_js.go, web/worker.js), so
// the workers need no module of their own to download or compile. It
// answers protocol.Request messages: sweep plans with theory curves, whole
// simulations, and live runs streamed as progress snapshots. Work yields to
// the JavaScript event loop regularly so that cancel and control messages
// are seen promptly. The platform-independent core, tested natively, is
// package serve; this package only moves messages (js/wasm).
package worker
