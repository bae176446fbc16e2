//go:build !js

package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// dragJS drags #ctl-<param> from a to b over ms milliseconds with one input
// event per animation frame in which the slider's value (snapped to its
// step) changed, as a pointer drag fires them (../shared/tools/dragprobe
// sends one every frame), and
// resolves, once the curves have rested for 1.5 s after the last event,
// with: the latency from each event to the first frame whose theory curves
// (SVG paths of 20 or more segments) differ, the number of distinct curve
// states, the events never answered by a change, and the longest frame gap
// during the drag and after it.
const dragJS = `(async (param, a, b, ms) => {
  const el = document.querySelector('#ctl-' + param);
  if (!el) return JSON.stringify({error: 'no control #ctl-' + param});
  const curves = () => [...document.querySelectorAll('svg path')]
    .filter(e => ((e.getAttribute('d') || '').match(/[Ll]/g) || []).length >= 20)
    .map(e => e.getAttribute('d')).join('|');
  const frame = () => new Promise(r => requestAnimationFrame(r));
  const lat = [], states = new Set();
  let pending = [], last = curves(), gapDrag = 0, gapAfter = 0, prevT = performance.now(), lastEvent = 0, sent = 0, value = a, lastValue = el.value;
  const t0 = performance.now();
  while (true) {
    await frame();
    const now = performance.now();
    // A gap belongs to the drag when it began while events were still
    // being sent (a long frame in the drag is far from its last event).
    if (sent > 0 && prevT - t0 < ms) gapDrag = Math.max(gapDrag, now - prevT); else if (sent > 0) gapAfter = Math.max(gapAfter, now - prevT);
    prevT = now;
    const c = curves();
    if (c !== last) { last = c; states.add(c); for (const s of pending) lat.push(now - s); pending = []; }
    if (now - t0 < ms) {
      value = Math.round((a + (b - a) * (now - t0) / ms) * 100) / 100;
      el.value = String(value);
      // A slider snaps to its step, and a browser fires no input event
      // for a move that leaves the value where it was.
      if (el.value !== lastValue) {
        lastValue = el.value;
        el.dispatchEvent(new Event('input', {bubbles: true}));
        pending.push(performance.now()); sent++;
      }
      lastEvent = performance.now();
    } else if (now - lastEvent > 1500) break;
  }
  lat.sort((x, y) => x - y);
  const q = p => lat.length ? lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] : -1;
  return JSON.stringify({events: sent, answered: lat.length, unanswered: pending.length, states: states.size, value: el.value,
    median: q(0.5), p90: q(0.9), max: q(0.999), gapDrag: gapDrag, gapAfter: gapAfter});
})`

// dragResult is dragJS's answer.
type dragResult struct {
	Error                        string
	Events, Answered, Unanswered int
	States                       int
	Value                        string
	Median, P90, Max             float64
	GapDrag, GapAfter            float64
}

// TestSliderDragFollowsTheory drags the σ_A/σ_B and w_B* sliders across the default
// diagram after its sweep has finished. The theory curves must follow every
// input event (each is answered by a frame with new curves), take several
// distinct states on the way, and end, once the slider rests, on the full
// description (closed forms and the dashed reduced-ODE curves) of the value
// the slider stopped at, written to the address; no NaN on the way. The
// latency from event to changed curves and the frame gaps are logged.
func TestSliderDragFollowsTheory(t *testing.T) {
	s := startServer(t, "")
	b := newBrowser(t, 1280, 800)
	b.do(t, chromedp.Navigate(s.URL+"/"))
	waitJS(t, b, readyJS, 60*time.Second)
	waitJS(t, b, theoryJS, 30*time.Second)
	waitJS(t, b, simsDoneJS, 90*time.Second)
	time.Sleep(time.Second) // the preview warm-up after the sweep
	for _, c := range []struct {
		param    string
		from, to float64
	}{{"ratio", 1.5, 3}, {"wb", 1, 2}} {
		js := `(` + dragJS + `)("` + c.param + `", ` + ftoa(c.from) + `, ` + ftoa(c.to) + `, 1000)`
		raw, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		var r dragResult
		if err := json.Unmarshal([]byte(raw), &r); err != nil || r.Error != "" {
			t.Fatalf("drag %s: %v %s", c.param, err, r.Error)
		}
		logf(t, "slider drag %s %g→%g: %d input events, theory changed after a median %.0f ms (90th percentile %.0f ms, max %.0f ms), %d curve states; longest frame gap %.0f ms during the drag, %.0f ms after it",
			c.param, c.from, c.to, r.Events, r.Median, r.P90, r.Max, r.States, r.GapDrag, r.GapAfter)
		// The curves follow during the drag, not only once it stops: every
		// event is answered by new curves and they take several states on
		// the way (how many depends on the machine's speed, so only a few
		// are required).
		if r.Events < 5 || r.Unanswered > 0 || r.States < 5 {
			t.Errorf("drag %s: %d events, %d never followed by new curves, %d curve states", c.param, r.Events, r.Unanswered, r.States)
		}
		waitJS(t, b, theoryJS+` && document.querySelectorAll('path.ode-ta').length > 0`, 30*time.Second)
		if got := eval[string](t, b, `new URLSearchParams(location.search).get("`+c.param+`")`); got != r.Value {
			t.Errorf("drag %s ended at %s but the address says %q", c.param, r.Value, got)
		}
		if txt := eval[string](t, b, `document.body.innerText`); strings.Contains(txt, "NaN") {
			t.Errorf("drag %s: the page shows NaN", c.param)
		}
	}
	b.screenshot(t, "drag-after")
	// One step of the slider: the closed forms show at once, marked as
	// such, before the full description (asked once the slider has rested
	// for 60 ms, a few hundred milliseconds of work in the theory worker).
	state, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(async () => { const el = document.querySelector('#ctl-ratio'); el.value = "2.5"; el.dispatchEvent(new Event('input', {bubbles: true}));
	  for (let i = 0; i < 3; i++) await new Promise(r => requestAnimationFrame(r));
	  return document.querySelector('[data-theory]').dataset.theory; })()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	logf(t, "one slider step: the diagram shows theory %q two frames later", state)
	b.screenshot(t, "drag-preview")
	waitJS(t, b, theoryJS, 30*time.Second)
}

func ftoa(v float64) string { b, _ := json.Marshal(v); return string(b) }
