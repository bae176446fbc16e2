//go:build js && wasm

// Command worker is the Web Worker side of unibias, compiled to its own small
// WebAssembly module (engine only, no UI). It answers protocol.Request
// messages: sweep plans with theory curves, whole simulations, and live runs
// streamed as progress snapshots. Work yields to the JavaScript event loop
// regularly so that cancel and control messages are seen promptly.
package main

import (
	"encoding/json"
	"sync"
	"syscall/js"
	"time"

	"unibias/protocol"
	"unibias/worker/serve"
)

var (
	mu    sync.Mutex
	queue []protocol.Request
	wake  = make(chan struct{}, 1)
)

func post(r protocol.Response) {
	b, err := json.Marshal(r)
	if err != nil {
		b, _ = json.Marshal(protocol.Response{Type: protocol.RespError, ID: r.ID, Gen: r.Gen, Error: "encoding: " + err.Error()})
	}
	js.Global().Call("postMessage", string(b))
}

func main() {
	h := serve.New(post, func() []protocol.Request {
		mu.Lock()
		q := queue
		queue = nil
		mu.Unlock()
		return q
	}, func() { time.Sleep(time.Millisecond) })
	js.Global().Set("onmessage", js.FuncOf(func(this js.Value, args []js.Value) any {
		var req protocol.Request
		if err := json.Unmarshal([]byte(args[0].Get("data").String()), &req); err != nil {
			post(protocol.Response{Type: protocol.RespError, Error: "bad request: " + err.Error()})
			return nil
		}
		mu.Lock()
		queue = append(queue, req)
		mu.Unlock()
		select {
		case wake <- struct{}{}:
		default:
		}
		return nil
	}))
	post(protocol.Response{Type: protocol.RespReady})
	for {
		if !h.Poll() {
			// Nothing to do: wait for a message.
			<-wake
		}
	}
}
