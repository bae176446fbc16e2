package sweepctl

import (
	"strings"
	"testing"
	"time"

	"unibias/protocol"
)

// TestPreviewShownUntilDescription: a query with a preview shows it at
// Restart (not stale, Previewing), asks the Runner only once the query has
// rested, ignores older descriptions, and gives way to the description of
// its own generation, which starts the jobs.
func TestPreviewShownUntilDescription(t *testing.T) {
	h := newHarness(t)
	previews := map[string]*protocol.Figure{}
	h.c.Preview = func(q string) *protocol.Figure {
		if q == "preset=x" {
			return nil
		}
		f := figure("preview "+q, 2, 0)
		previews[q] = f
		return f
	}
	h.c.Restart("a=1")
	assertCounts(t, h.c, 0, 2)
	if h.c.Figure() != previews["a=1"] || !h.c.Previewing() || h.c.Stale() {
		t.Fatalf("after Restart: Figure %q, Previewing %v, Stale %v; want the preview, previewing, not stale", h.c.Figure().Name, h.c.Previewing(), h.c.Stale())
	}
	if n := h.r.describeCount(); n != 0 {
		t.Fatalf("%d Describes at once; want none before the query rests", n)
	}
	// A slider moves: three Restarts 20 ms apart, each previewed at once.
	for _, q := range []string{"a=2", "a=3", "a=4"} {
		h.s.Advance(20 * time.Millisecond)
		h.c.Restart(q)
		if h.c.Figure() != previews[q] {
			t.Fatalf("Restart(%q) shows %q", q, h.c.Figure().Name)
		}
	}
	if n := h.r.describeCount(); n != 0 {
		t.Fatalf("%d Describes while the query moves; want none", n)
	}
	h.s.Advance(previewRest)
	if n := h.r.describeCount(); n != 1 || h.r.describe(0).query != "a=4" {
		t.Fatalf("%d Describes after the rest (want 1, for a=4)", n)
	}
	if len(h.r.sims) != 0 {
		t.Fatalf("%d jobs queued for a preview", len(h.r.sims))
	}
	full := figure("full", 3, 0)
	h.answerDescribe(0, full)
	if h.c.Figure() != full || h.c.Previewing() {
		t.Fatalf("after the description: Figure %q, Previewing %v", h.c.Figure().Name, h.c.Previewing())
	}
	h.s.Advance(DefaultDebounce)
	if len(h.r.sims) != 3 {
		t.Fatalf("%d jobs queued after the description, want 3", len(h.r.sims))
	}
	// An older description arriving after a newer preview is not shown.
	h.c.Restart("a=5")
	h.s.Advance(previewRest)
	h.c.Restart("a=6")
	h.answerDescribe(1, figure("old", 1, 0))
	if h.c.Figure() != previews["a=6"] || !h.c.Previewing() {
		t.Fatalf("an older description replaced the preview: %q", h.c.Figure().Name)
	}
	// No preview (a preset): the previous figure stays, stale, and the
	// description is asked at once.
	h.c.Restart("preset=x")
	if !h.c.Stale() || h.c.Previewing() {
		t.Fatalf("without a preview: Stale %v, Previewing %v", h.c.Stale(), h.c.Previewing())
	}
}

// TestOrderQueuesJobsInGivenOrder: with Order set, the jobs go to the
// Runner in its order, those it leaves out after them in figure order.
func TestOrderQueuesJobsInGivenOrder(t *testing.T) {
	h := newHarness(t)
	h.c.Order = func(fig *protocol.Figure) []int { return []int{3, 1, 7, -1} }
	h.startFigure("a=1", figure("f", 5, 0))
	var got []string
	for _, s := range h.r.sims {
		got = append(got, s.job.Query)
	}
	want := []string{"f&job=3", "f&job=1", "f&job=0", "f&job=2", "f&job=4"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("queued %v, want %v", got, want)
	}
}
