//go:build js && wasm

package worker

import (
	"encoding/json"
	"errors"
	"fmt"
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

// post sends r to the page as JSON text. A report's trajectory and a
// compete report's series go packed (protocol.TrajPack, CompetePack), their
// numbers beside the text as transferred bytes: the message is then
// {json, packed}, and the page reads the bytes in one copy instead of
// scanning them as JSON.
func post(r protocol.Response) {
	r.PackTrajectory()
	r.PackCompete()
	packed := r.DetachPacked()
	b, err := json.Marshal(r)
	if err != nil {
		b, _ = json.Marshal(protocol.Response{Type: protocol.RespError, ID: r.ID, Gen: r.Gen, Error: "encoding: " + err.Error()})
		packed = nil
	}
	if packed == nil {
		js.Global().Call("postMessage", string(b))
		return
	}
	u := js.Global().Get("Uint8Array").New(len(packed))
	js.CopyBytesToJS(u, packed)
	js.Global().Call("postMessage", map[string]any{"json": string(b), "packed": u}, []any{u.Get("buffer")})
}

// Run answers the page's requests until the worker is closed; it never
// returns. web/worker.js sets self.unibiasWorker before it starts the page's
// module, and main_js.go then calls Run instead of mounting the page.
func Run() {
	h := serve.New(post, func() []protocol.Request {
		mu.Lock()
		q := queue
		queue = nil
		mu.Unlock()
		return q
	}, func() { time.Sleep(time.Millisecond) })
	js.Global().Set("onmessage", js.FuncOf(func(this js.Value, args []js.Value) any {
		req, err := decodeRequest(args[0].Get("data"))
		if err != nil {
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

// decodeRequest reads a protocol.Request from its JSON text with the
// browser's JSON.parse and reads each field from the parsed object. A
// request is a handful of scalars, and parsing it natively keeps Go's
// reflective JSON decoder — large functions the browser would compile
// again in the optimising tier while a sweep runs — out of the worker.
func decodeRequest(data js.Value) (req protocol.Request, err error) {
	if data.Type() != js.TypeString {
		return req, errors.New("message is not a JSON string")
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	o := js.Global().Get("JSON").Call("parse", data)
	if o.Type() != js.TypeObject || js.Global().Get("Array").Call("isArray", o).Bool() {
		return req, errors.New("message is not a JSON object")
	}
	str := func(k string) string {
		if v := o.Get(k); v.Type() == js.TypeString {
			return v.String()
		}
		return ""
	}
	num := func(k string) int {
		if v := o.Get(k); v.Type() == js.TypeNumber {
			return v.Int()
		}
		return 0
	}
	req.Type, req.Query, req.Action = str("type"), str("query"), str("action")
	req.ID, req.Gen, req.Dense, req.N = num("id"), num("gen"), num("dense"), num("n")
	req.Trajectory = o.Get("trajectory").Truthy()
	return req, nil
}
