package app

import (
	"encoding/json"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/protocol"
)

// Prebuilt preset descriptions. A preset's description depends on its name
// only, so make build writes each one (app/prerender) to
// PresetDescriptionPath(name), and the page fetches it instead of asking
// the theory worker: index.html starts the fetch of the address's preset
// while WebAssembly loads (window.unibiasFetchPreset), and the figure's
// jobs then go to the workers as soon as they are up. Where the file cannot
// be had (a page without the fetcher, a host that lost the file, one that
// does not match) the theory worker describes the preset as before.

// PresetDescriptionPath is the site address, relative to the page, of the
// prebuilt description of preset name (index.html builds the same).
func PresetDescriptionPath(name string) string { return "web/presets/" + name + ".json" }

// describeWaiter is a Describe call waiting for a prebuilt description.
type describeWaiter struct {
	gen  int
	done func(protocol.Response)
}

// presetOf returns the preset named by a figure query "preset=NAME" and
// whether the query is one.
func presetOf(query string) (string, bool) {
	name, ok := strings.CutPrefix(query, KeyPreset+"=")
	if !ok {
		return "", false
	}
	_, ok = protocol.PresetByName(name)
	return name, ok
}

// describePrebuiltLocked takes a Describe call for a preset whose prebuilt
// description the page can fetch, and reports whether it did; the answer
// comes when the file arrives (caller holds p.mu).
func (p *Pool) describePrebuiltLocked(gen int, query string, done func(protocol.Response)) bool {
	name, ok := presetOf(query)
	if !ok || !app.IsClient {
		return false
	}
	if w, ok := p.prebuilt[query]; ok {
		p.prebuilt[query] = append(w, describeWaiter{gen, done})
		return true
	}
	fetch := app.Window().Get("unibiasFetchPreset")
	if fetch.Type() != app.TypeFunction {
		return false
	}
	p.prebuilt[query] = []describeWaiter{{gen, done}}
	var then, later app.Func
	text := ""
	// The file is taken in a browser task of its own (a timer), not in
	// the task that asked (the page's mount, when the file came first):
	// the page paints in between, and decoding and drawing the figure do
	// not lengthen the mount's long first task.
	later = app.FuncOf(func(this app.Value, args []app.Value) any {
		later.Release()
		p.prebuiltArrived(query, name, text)
		return nil
	})
	then = app.FuncOf(func(this app.Value, args []app.Value) any {
		then.Release()
		if len(args) > 0 && args[0].Type() == app.TypeString {
			text = args[0].String()
		}
		app.Window().Call("setTimeout", later, 0)
		return nil
	})
	fetch.Invoke(name).Call("then", then)
	return true
}

// prebuiltArrived answers the calls waiting for the prebuilt description of
// preset name with text, the file's content ("" when it could not be
// fetched); a file that is not that preset's description sends them to the
// theory worker.
func (p *Pool) prebuiltArrived(query, name, text string) {
	fig := decodePrebuilt(name, text)
	p.mu.Lock()
	waiters := p.prebuilt[query]
	delete(p.prebuilt, query)
	if fig == nil {
		var failed []func()
		for _, w := range waiters {
			if f := p.describeByWorkerLocked(w.gen, query, w.done); f != nil {
				failed = append(failed, f)
			}
		}
		p.mu.Unlock()
		for _, f := range failed {
			f()
		}
		return
	}
	p.figures[query] = fig
	p.mu.Unlock()
	for _, w := range waiters {
		w.done(protocol.Response{Type: protocol.RespFigure, Gen: w.gen, Figure: fig})
	}
}

// decodePrebuilt decodes a prebuilt description of preset name, or returns
// nil when text is not one (empty, not JSON, another figure, no panels).
func decodePrebuilt(name, text string) *protocol.Figure {
	if text == "" {
		return nil
	}
	var fig protocol.Figure
	if err := json.Unmarshal([]byte(text), &fig); err != nil || fig.Name != name || len(fig.Panels) == 0 {
		return nil
	}
	return &fig
}

// describeByWorkerLocked sends a description request to the theory worker;
// when no worker can start it returns the call that answers done with the
// reason, to be made once p.mu is released (caller holds p.mu).
func (p *Pool) describeByWorkerLocked(gen int, query string, done func(protocol.Response)) (failed func()) {
	if p.broken != "" {
		msg := p.brokenText()
		return func() { done(protocol.Response{Type: protocol.RespError, Gen: gen, Error: msg}) }
	}
	id := p.request(done)
	p.sendTheory(protocol.Request{Type: protocol.ReqFigure, ID: id, Gen: gen, Query: query, Dense: denseTheory})
	return nil
}
