package sweepctl

import (
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"unibias/protocol"
)

func TestRestartCoalescesDescriptions(t *testing.T) {
	h := newHarness(t)
	h.c.Restart("a=1")
	h.c.Restart("a=2")
	h.c.Restart("a=3")
	if n := h.r.describeCount(); n != 1 {
		t.Fatalf("%d Describes in flight after 3 Restarts, want 1", n)
	}
	if d := h.r.describe(0); d.gen != 1 || d.query != "a=1" {
		t.Fatalf("first Describe = gen %d %q, want gen 1 a=1", d.gen, d.query)
	}
	if h.c.Gen() != 3 || h.c.Query() != "a=3" {
		t.Fatalf("Gen() = %d, Query() = %q, want 3, a=3", h.c.Gen(), h.c.Query())
	}
	h.answerDescribe(0, figure("one", 2, 0))
	if n := h.r.describeCount(); n != 2 {
		t.Fatalf("%d Describes after the first answer, want 2", n)
	}
	if d := h.r.describe(1); d.gen != 3 || d.query != "a=3" {
		t.Fatalf("second Describe = gen %d %q, want the newest: gen 3 a=3", d.gen, d.query)
	}
	three := figure("three", 2, 0)
	h.answerDescribe(1, three)
	if h.r.describeCount() != 2 {
		t.Fatalf("%d Describes after the current answer, want still 2", h.r.describeCount())
	}
	if h.c.Figure() != three || h.c.Stale() {
		t.Fatalf("Figure() = %v, Stale() = %v, want the newest figure, not stale", h.c.Figure().Name, h.c.Stale())
	}
}

func TestSecondAnswerToOneDescribeIsIgnored(t *testing.T) {
	h := newHarness(t)
	h.c.Restart("a=1")
	h.answerDescribe(0, figure("one", 1, 0))
	h.c.Restart("a=2")
	if h.r.describeCount() != 2 {
		t.Fatalf("%d Describes, want 2", h.r.describeCount())
	}
	h.answerDescribe(0, figure("late", 1, 0)) // the first request answered twice
	h.c.Restart("a=3")
	if n := h.r.describeCount(); n != 2 {
		t.Fatalf("a duplicate answer ended the request in flight: %d Describes, want 2", n)
	}
	if !h.c.Stale() || h.c.Figure().Name != "one" {
		t.Fatalf("Figure() = %q, Stale() = %v: the duplicate answer was applied", h.c.Figure().Name, h.c.Stale())
	}
}

func TestOlderDescriptionReplacesFigureWithoutJobs(t *testing.T) {
	h := newHarness(t)
	h.c.Restart("a=1")
	h.c.Restart("a=2")
	old := figure("old", 3, 0)
	h.answerDescribe(0, old)
	if h.c.Figure() != old {
		t.Fatalf("the older description did not replace the figure")
	}
	if !h.c.Stale() {
		t.Fatalf("Stale() = false while the current description is computed")
	}
	if res := h.c.Results(); len(res) != 3 || res[0].Done || res[2].Done {
		t.Fatalf("Results() = %+v, want 3 pending", res)
	}
	h.s.Advance(time.Second)
	if n := h.r.simCount(); n != 0 {
		t.Fatalf("a stale description queued %d jobs", n)
	}
	if h.c.Running() {
		t.Fatalf("Running() with a stale figure")
	}
	cur := figure("cur", 4, 0)
	h.answerDescribe(1, cur)
	if h.c.Figure() != cur || h.c.Stale() {
		t.Fatalf("current description not shown")
	}
	// The query has rested for over a second: the jobs start at once.
	if n := h.r.simCount(); n != 4 {
		t.Fatalf("%d jobs queued for the current figure, want 4", n)
	}
	for k := range 4 {
		if s := h.r.sim(k); s.gen != 2 || s.job.Query != cur.Jobs[k].Query {
			t.Fatalf("job %d = gen %d %q, want gen 2 %q", k, s.gen, s.job.Query, cur.Jobs[k].Query)
		}
	}
}

func TestRestartKeepsFigureStaleAndClearsResults(t *testing.T) {
	h := newHarness(t)
	fig := figure("f", 3, 0)
	h.startFigure("a=1", fig)
	h.answerSim(0, "r0")
	h.s.Advance(h.c.Batch)
	assertCounts(t, h.c, 1, 3)
	rev := h.c.Rev()
	before := h.count(FigureChanged)
	h.c.Restart("a=2")
	if h.c.Figure() != fig || !h.c.Stale() {
		t.Fatalf("Restart: Figure() changed or Stale() = false")
	}
	assertCounts(t, h.c, 0, 3)
	if h.c.Running() || h.c.Elapsed() != 0 {
		t.Fatalf("Restart: Running() = %v, Elapsed() = %v", h.c.Running(), h.c.Elapsed())
	}
	if h.c.Rev() != rev+1 || h.count(FigureChanged) != before+1 {
		t.Fatalf("Restart: Rev %d → %d, FigureChanged %d → %d", rev, h.c.Rev(), before, h.count(FigureChanged))
	}
}

func TestDebounceQueuesJobsAfterRest(t *testing.T) {
	h := newHarness(t)
	h.c.Restart("a=1")
	if h.r.describeCount() != 1 {
		t.Fatalf("the description is not requested at once")
	}
	h.s.Advance(10 * time.Millisecond)
	h.answerDescribe(0, figure("f", 4, 0))
	if h.c.Figure() == nil || h.r.simCount() != 0 {
		t.Fatalf("figure %v, %d jobs right after the description", h.c.Figure(), h.r.simCount())
	}
	h.s.Advance(139 * time.Millisecond)
	if n := h.r.simCount(); n != 0 || h.c.Running() {
		t.Fatalf("%d jobs queued 149 ms after Restart", n)
	}
	h.s.Advance(time.Millisecond)
	if n := h.r.simCount(); n != 4 || !h.c.Running() {
		t.Fatalf("%d jobs queued 150 ms after Restart (Running %v), want 4", n, h.c.Running())
	}
	if h.c.Elapsed() != 0 {
		t.Fatalf("Elapsed() = %v when the jobs start", h.c.Elapsed())
	}
}

func TestRestartWithinDebouncePostponesJobs(t *testing.T) {
	h := newHarness(t)
	h.c.Restart("a=1")
	h.s.Advance(10 * time.Millisecond)
	h.answerDescribe(0, figure("f1", 2, 0))
	h.s.Advance(100 * time.Millisecond) // t = 110 ms
	h.c.Restart("a=2")
	if h.r.describeCount() != 2 {
		t.Fatalf("no Describe for the second query")
	}
	h.s.Advance(50 * time.Millisecond) // t = 160: the first query's debounce has passed
	if n := h.r.simCount(); n != 0 {
		t.Fatalf("%d jobs of a superseded query queued", n)
	}
	h.answerDescribe(1, figure("f2", 3, 0))
	h.s.Advance(99 * time.Millisecond) // 149 ms after the second Restart
	if n := h.r.simCount(); n != 0 {
		t.Fatalf("%d jobs queued before the second query rested", n)
	}
	h.s.Advance(time.Millisecond)
	if n := h.r.simCount(); n != 3 {
		t.Fatalf("%d jobs queued after the second query rested, want 3", n)
	}
	for k := range 3 {
		if g := h.r.sim(k).gen; g != 2 {
			t.Fatalf("job %d queued for gen %d, want 2", k, g)
		}
	}
	h.s.Advance(time.Second)
	if n := h.r.simCount(); n != 3 {
		t.Fatalf("%d jobs after another second, want still 3", n)
	}
}

func TestCancelCalledWithNewGeneration(t *testing.T) {
	h := newHarness(t)
	h.c.Restart("a=1")
	if got := h.r.cancelled(); !slices.Equal(got, []int{1}) {
		t.Fatalf("Restart: Cancel calls %v, want [1]", got)
	}
	h.c.Stop()
	if got := h.r.cancelled(); !slices.Equal(got, []int{1, 2}) {
		t.Fatalf("Stop: Cancel calls %v, want [1 2]", got)
	}
	h.c.Show(figure("imp", 1, 0), nil)
	if got := h.r.cancelled(); !slices.Equal(got, []int{1, 2, 3}) {
		t.Fatalf("Show: Cancel calls %v, want [1 2 3]", got)
	}
	h.c.Restart("a=2")
	if got := h.r.cancelled(); !slices.Equal(got, []int{1, 2, 3, 4}) || h.c.Gen() != 4 {
		t.Fatalf("Restart: Cancel calls %v, Gen() %d, want [1 2 3 4], 4", got, h.c.Gen())
	}
}

func TestOlderGenerationAndDuplicateResultsIgnored(t *testing.T) {
	h := newHarness(t)
	h.startFigure("a=1", figure("f1", 3, 0))
	if h.r.simCount() != 3 {
		t.Fatalf("%d jobs, want 3", h.r.simCount())
	}
	h.answerSim(0, "first")
	h.answerSim(0, "duplicate")
	h.s.Advance(h.c.Batch)
	if res := h.c.Results(); res[0].Report == nil || res[0].Report.Version != "first" {
		t.Fatalf("Results()[0] = %+v, want the first answer", res[0])
	}
	assertCounts(t, h.c, 1, 3)
	h.answerSim(0, "late duplicate")
	h.s.Advance(h.c.Batch)
	if v := h.c.Results()[0].Report.Version; v != "first" {
		t.Fatalf("a later duplicate replaced the result: %q", v)
	}

	h.startFigure("a=2", figure("f2", 3, 0))
	if h.r.simCount() != 6 {
		t.Fatalf("%d jobs, want 6", h.r.simCount())
	}
	results := h.count(ResultsChanged)
	h.answerSim(1, "gen 1, job 1")
	h.answerSim(2, "gen 1, job 2")
	h.s.Advance(h.c.Batch)
	if h.count(ResultsChanged) != results {
		t.Fatalf("results of an older generation caused an update")
	}
	assertCounts(t, h.c, 0, 3)
	h.answerSim(1, "gen 1 again")
	h.answerSim(3, "gen 2, job 0")
	h.s.Advance(h.c.Batch)
	res := h.c.Results()
	if !res[0].Done || res[0].Report.Version != "gen 2, job 0" || res[1].Done || res[2].Done {
		t.Fatalf("Results() = %+v, want only job 0 of gen 2 done", res)
	}
	assertCounts(t, h.c, 1, 3)
}

func TestResultsBatchedIntoOneChange(t *testing.T) {
	h := newHarness(t)
	h.startFigure("a=1", figure("f", 11, 0))
	rev, before := h.c.Rev(), h.count(ResultsChanged)
	for k := range 10 {
		h.answerSim(k, "r")
		h.s.Advance(10 * time.Millisecond) // 10 results within 100 ms < Batch
	}
	if h.count(ResultsChanged) != before {
		t.Fatalf("an update before the batch window closed")
	}
	if n := h.s.Pending(h.c.Batch); n != 1 {
		t.Fatalf("%d flushes scheduled for one batch, want 1", n)
	}
	assertCounts(t, h.c, 0, 11)
	h.s.Advance(20 * time.Millisecond) // 120 ms after the first result
	if n := h.count(ResultsChanged) - before; n != 1 {
		t.Fatalf("%d ResultsChanged for a batch of 10, want 1", n)
	}
	if h.c.Rev() != rev+1 {
		t.Fatalf("Rev %d → %d, want one increment", rev, h.c.Rev())
	}
	assertCounts(t, h.c, 10, 11)
	h.answerSim(10, "r")
	h.s.Advance(h.c.Batch)
	if n := h.count(ResultsChanged) - before; n != 2 {
		t.Fatalf("%d ResultsChanged after a second batch, want 2", n)
	}
	assertCounts(t, h.c, 11, 11)
	if h.count(FigureChanged) != 2 { // Restart and its description
		t.Fatalf("%d FigureChanged, want 2", h.count(FigureChanged))
	}
}

func TestRunningAndElapsedStopWhenAllDone(t *testing.T) {
	h := newHarness(t)
	h.startFigure("a=1", figure("f", 2, 0))
	if !h.c.Running() {
		t.Fatalf("not running after the jobs were queued")
	}
	h.s.Advance(2 * time.Second)
	if e := h.c.Elapsed(); e != 2*time.Second {
		t.Fatalf("Elapsed() = %v while running, want 2s", e)
	}
	h.answerSim(0, "r0")
	h.s.Advance(h.c.Batch)
	if !h.c.Running() {
		t.Fatalf("stopped with a job left")
	}
	h.s.Advance(380 * time.Millisecond)
	h.answerSim(1, "r1")
	h.s.Advance(h.c.Batch) // applied 2.5 s + 120 ms after the start
	if h.c.Running() {
		t.Fatalf("still running with every job done")
	}
	want := 2500*time.Millisecond + h.c.Batch
	if e := h.c.Elapsed(); e != want {
		t.Fatalf("Elapsed() = %v when done, want %v", e, want)
	}
	h.s.Advance(5 * time.Second)
	if e := h.c.Elapsed(); e != want {
		t.Fatalf("Elapsed() = %v 5 s later, want frozen at %v", e, want)
	}
}

func TestElapsedTickStopsAfterCompletion(t *testing.T) {
	h := newHarness(t)
	h.startFigure("a=1", figure("f", 2, 0))
	before := h.count(ResultsChanged)
	h.s.Advance(3 * time.Second)
	if n := h.count(ResultsChanged) - before; n != 3 {
		t.Fatalf("%d ticks in 3 s of running, want 3", n)
	}
	if n := h.s.Pending(time.Second); n != 1 {
		t.Fatalf("%d ticks pending while running, want 1", n)
	}
	h.answerSim(0, "r")
	h.answerSim(1, "r")
	h.s.Advance(h.c.Batch)
	if h.c.Running() {
		t.Fatalf("still running")
	}
	after := h.count(ResultsChanged)
	h.s.Advance(2 * time.Second) // the last scheduled tick fires and ends
	if n := h.s.Pending(0); n != 0 {
		t.Fatalf("%d callbacks pending after completion, want 0", n)
	}
	if h.count(ResultsChanged) != after {
		t.Fatalf("a tick after completion called OnChange")
	}
}

func TestAtMostOneTickPending(t *testing.T) {
	h := newHarness(t)
	h.startFigure("a=1", figure("f1", 2, 0))
	for i := range 5 {
		h.s.Advance(300 * time.Millisecond)
		h.startFigure("a="+string(rune('2'+i)), figure("f", 2, 0))
		if !h.c.Running() {
			t.Fatalf("restart %d: not running", i)
		}
		if n := h.s.Pending(time.Second); n != 1 {
			t.Fatalf("restart %d: %d ticks pending, want 1", i, n)
		}
	}
	h.c.Stop()
	h.s.Advance(2 * time.Second)
	if n := h.s.Pending(0); n != 0 {
		t.Fatalf("%d callbacks pending after Stop, want 0", n)
	}
}

func TestShowIsNotReplacedByLateDescription(t *testing.T) {
	h := newHarness(t)
	h.c.Restart("a=1")
	h.c.Restart("a=2") // waits for the first Describe
	imp := figure("imported", 3, 0)
	in := []protocol.JobResult{{Done: true, Report: &protocol.Report{Version: "x"}}, {}, {Done: true, Err: "e"}}
	h.c.Show(imp, in)
	if !h.c.Imported() || h.c.Figure() != imp || h.c.Stale() || h.c.Running() {
		t.Fatalf("Show: Imported %v, Figure %v, Stale %v, Running %v", h.c.Imported(), h.c.Figure().Name, h.c.Stale(), h.c.Running())
	}
	assertCounts(t, h.c, 2, 3)
	h.answerDescribe(0, figure("late", 2, 0))
	if h.c.Figure() != imp {
		t.Fatalf("a late description replaced the imported run: %q", h.c.Figure().Name)
	}
	if n := h.r.describeCount(); n != 1 {
		t.Fatalf("%d Describes: the query superseded by Show was still requested", n)
	}
	h.s.Advance(time.Second)
	if n := h.r.simCount(); n != 0 {
		t.Fatalf("an imported run queued %d jobs", n)
	}
	if res := h.c.Results(); len(res) != 3 || res[0].Report.Version != "x" || res[1].Done || res[2].Err != "e" {
		t.Fatalf("Results() = %+v, want the imported ones", res)
	}

	// Show while the current query's own description is in flight.
	h.c.Restart("a=3")
	imp2 := figure("imported2", 1, 0)
	h.c.Show(imp2, nil)
	h.answerDescribe(1, figure("late2", 1, 0))
	h.s.Advance(time.Second)
	if h.c.Figure() != imp2 || h.r.simCount() != 0 {
		t.Fatalf("Figure() = %q, %d jobs: the description replaced the import", h.c.Figure().Name, h.r.simCount())
	}
	assertCounts(t, h.c, 0, 1)

	// Restart leaves the import.
	h.c.Restart("a=4")
	if h.c.Imported() {
		t.Fatalf("Imported() after Restart")
	}
}

func TestRunOnDemand(t *testing.T) {
	h := newHarness(t)
	fig := figure("f", 5, 2)
	h.startFigure("preset=f", fig)
	if n := h.r.simCount(); n != 3 {
		t.Fatalf("%d jobs queued, want the 3 not on demand", n)
	}
	assertCounts(t, h.c, 0, 3)
	h.c.RunOnDemand()
	if n := h.r.simCount(); n != 5 || !h.c.OnDemandRequested() {
		t.Fatalf("%d jobs after RunOnDemand, want 5", n)
	}
	if q := h.r.sim(4).job.Query; q != fig.Jobs[4].Query {
		t.Fatalf("on-demand job %q, want %q", q, fig.Jobs[4].Query)
	}
	assertCounts(t, h.c, 0, 5)
	h.c.RunOnDemand()
	if n := h.r.simCount(); n != 5 {
		t.Fatalf("%d jobs after a second RunOnDemand, want 5", n)
	}
	for k := range 5 {
		h.answerSim(k, "r")
	}
	h.s.Advance(h.c.Batch)
	assertCounts(t, h.c, 5, 5)
	if h.c.Running() {
		t.Fatalf("running with every job done")
	}
}

func TestRunOnDemandBeforeDebounceQueuesWithTheOthers(t *testing.T) {
	h := newHarness(t)
	h.c.Restart("preset=f")
	h.answerDescribe(0, figure("f", 4, 2))
	h.c.RunOnDemand()
	if n := h.r.simCount(); n != 0 {
		t.Fatalf("%d jobs queued before the debounce", n)
	}
	h.s.Advance(h.c.Debounce)
	if n := h.r.simCount(); n != 4 {
		t.Fatalf("%d jobs queued, want all 4", n)
	}
	assertCounts(t, h.c, 0, 4)
}

func TestAddRunsExtraJob(t *testing.T) {
	h := newHarness(t)
	fig := figure("f", 2, 0)
	fig.Jobs = slices.Grow(fig.Jobs, 1) // room to append in place
	h.startFigure("preset=f", fig)
	h.answerSim(0, "r")
	h.answerSim(1, "r")
	h.s.Advance(time.Second)
	if h.c.Running() {
		t.Fatalf("running with every job done")
	}
	figures := h.count(FigureChanged)
	i := h.c.Add(protocol.FigJob{Query: "click", Trajectory: true, OnDemand: true})
	if i != 2 {
		t.Fatalf("Add returned %d, want 2", i)
	}
	if h.count(FigureChanged) != figures+1 {
		t.Fatalf("Add did not report FigureChanged")
	}
	if got := h.c.Figure(); len(got.Jobs) != 3 || got.Jobs[2].Query != "click" || len(h.c.Results()) != 3 {
		t.Fatalf("after Add: %d jobs, %d results", len(got.Jobs), len(h.c.Results()))
	}
	if len(fig.Jobs) != 2 || fig.Jobs[:3][2].Query != "" {
		t.Fatalf("Add modified the described figure's jobs")
	}
	if n := h.r.simCount(); n != 3 || h.r.sim(2).job.Query != "click" || h.r.sim(2).gen != 1 || !h.r.sim(2).job.Trajectory {
		t.Fatalf("Add queued %d jobs in all, want the clicked one third", n)
	}
	if !h.c.Running() || h.c.Elapsed() != 0 {
		t.Fatalf("Add: Running() %v, Elapsed() %v", h.c.Running(), h.c.Elapsed())
	}
	assertCounts(t, h.c, 2, 3)
	h.answerSim(2, "clicked")
	h.s.Advance(h.c.Batch)
	assertCounts(t, h.c, 3, 3)
	if h.c.Running() || h.c.Results()[2].Report.Version != "clicked" {
		t.Fatalf("clicked job not applied")
	}
	if e := h.c.Elapsed(); e != h.c.Batch {
		t.Fatalf("Elapsed() = %v, want the added job's %v", e, h.c.Batch)
	}

	h.c.Restart("preset=g")
	if i := h.c.Add(protocol.FigJob{Query: "stale"}); i != -1 || h.r.simCount() != 3 {
		t.Fatalf("Add on a stale figure returned %d and queued %d jobs", i, h.r.simCount())
	}
}

func TestDescriptionError(t *testing.T) {
	h := newHarness(t)
	h.startFigure("a=1", figure("f", 2, 0))
	h.c.Restart("a=bad")
	h.failDescribe(1, "bad parameter")
	if h.c.Err() != "bad parameter" || h.c.Figure() != nil || h.c.Results() != nil || h.c.Stale() {
		t.Fatalf("Err() %q, Figure() %v, Results() %v, Stale() %v", h.c.Err(), h.c.Figure(), h.c.Results(), h.c.Stale())
	}
	assertCounts(t, h.c, 0, 0)
	h.s.Advance(time.Second)
	if n := h.r.simCount(); n != 2 {
		t.Fatalf("%d jobs after an error, want the first figure's 2", n)
	}
	// An older query's error does not set Err; the current one's figure clears it.
	h.c.Restart("a=2")
	h.c.Restart("a=3")
	h.failDescribe(2, "older")
	if h.c.Err() != "bad parameter" {
		t.Fatalf("Err() = %q, an older error replaced it", h.c.Err())
	}
	h.answerDescribe(3, figure("f3", 1, 0))
	if h.c.Err() != "" || h.c.Figure().Name != "f3" {
		t.Fatalf("Err() = %q after the current figure arrived", h.c.Err())
	}
	h.c.Restart("a=4")
	h.r.describe(4).done(protocol.Response{Type: protocol.RespError})
	h.s.Advance(0)
	if h.c.Err() == "" {
		t.Fatalf("an error without a message left Err() empty")
	}
}

func TestJobErrorCountsAsDone(t *testing.T) {
	h := newHarness(t)
	h.startFigure("a=1", figure("f", 3, 0))
	h.r.sim(0).done(protocol.Response{Type: protocol.RespError, Error: "diverged"})
	h.r.sim(1).done(protocol.Response{Type: protocol.RespError})
	h.answerSim(2, "ok")
	h.s.Advance(h.c.Batch)
	res := h.c.Results()
	if !res[0].Done || res[0].Err != "diverged" || res[0].Report != nil {
		t.Fatalf("Results()[0] = %+v, want done with the error", res[0])
	}
	if !res[1].Done || res[1].Err == "" {
		t.Fatalf("Results()[1] = %+v, want done with a non-empty error", res[1])
	}
	if res[2].Err != "" || res[2].Millis != 5 {
		t.Fatalf("Results()[2] = %+v", res[2])
	}
	assertCounts(t, h.c, 3, 3)
	if h.c.Running() {
		t.Fatalf("running after every job failed or finished")
	}
}

func TestStopFreezesAndIgnoresLateResults(t *testing.T) {
	h := newHarness(t)
	fig := figure("f", 3, 1)
	h.startFigure("a=1", fig)
	h.answerSim(0, "r")
	h.s.Advance(h.c.Batch)
	h.s.Advance(time.Second - h.c.Batch)
	h.c.Stop()
	if h.c.Running() || h.c.Elapsed() != time.Second {
		t.Fatalf("Stop: Running() %v, Elapsed() %v, want false, 1s", h.c.Running(), h.c.Elapsed())
	}
	h.answerSim(1, "late")
	h.s.Advance(5 * time.Second)
	assertCounts(t, h.c, 1, 2)
	if h.c.Elapsed() != time.Second || h.c.Figure() != fig {
		t.Fatalf("after Stop: Elapsed() %v, figure %v", h.c.Elapsed(), h.c.Figure().Name)
	}
	h.c.RunOnDemand()
	if i := h.c.Add(protocol.FigJob{Query: "x"}); i != -1 || h.r.simCount() != 2 {
		t.Fatalf("after Stop: Add %d, %d jobs queued, want -1, 2", i, h.r.simCount())
	}
	// A description arriving after Stop is not shown and starts nothing.
	h.c.Restart("a=2")
	h.c.Stop()
	h.answerDescribe(1, figure("g", 2, 0))
	h.s.Advance(time.Second)
	if h.c.Figure() != fig || h.r.simCount() != 2 {
		t.Fatalf("a description after Stop was applied")
	}
	// Restart resumes.
	h.startFigure("a=3", figure("h", 2, 0))
	if h.r.simCount() != 4 || !h.c.Running() {
		t.Fatalf("Restart after Stop: %d jobs, Running %v", h.r.simCount(), h.c.Running())
	}
}

func TestSynchronousCallbacksDoNotDeadlock(t *testing.T) {
	h := newHarness(t)
	h.s.immediate = true
	h.r.answerDescribe = func(gen int, query string) protocol.Response {
		return protocol.Response{Type: protocol.RespFigure, Gen: gen, Figure: figure(query, 4, 1)}
	}
	h.r.answerSimulate = func(gen int, job protocol.FigJob) protocol.Response {
		return protocol.Response{Type: protocol.RespResult, Gen: gen, Report: &protocol.Report{Version: job.Query}}
	}
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		h.c.Restart("a")
		h.c.Restart("b")
		h.s.Advance(h.c.Debounce)
		h.c.RunOnDemand()
		h.c.Add(protocol.FigJob{Query: "c"})
		h.s.Advance(h.c.Batch)
	}()
	select {
	case <-finished:
	case <-time.After(10 * time.Second):
		t.Fatal("deadlock with synchronous callbacks")
	}
	if h.c.Figure().Name != "b" || h.r.describeCount() != 2 {
		t.Fatalf("Figure() %q after %d Describes, want b after 2", h.c.Figure().Name, h.r.describeCount())
	}
	assertCounts(t, h.c, 5, 5)
	if h.c.Running() || h.r.simCount() != 5 {
		t.Fatalf("Running() %v, %d jobs", h.c.Running(), h.r.simCount())
	}
}

func TestConcurrentDeliveryIsRaceFree(t *testing.T) {
	h := newHarness(t)
	const n = 400
	h.startFigure("a=1", figure("f", n, 0))
	if h.r.simCount() != n {
		t.Fatalf("%d jobs, want %d", h.r.simCount(), n)
	}
	const workers = 8
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for k := w; k < n; k += workers {
				h.answerSim(k, "r")
				h.answerSim(k, "dup")
			}
		})
	}
	stop := make(chan struct{})
	var readers sync.WaitGroup
	readers.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
				h.c.Counts()
				_ = h.c.Results()
				h.c.Elapsed()
				h.c.Rev()
			}
		}
	})
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	for waiting := true; waiting; {
		select {
		case <-finished:
			waiting = false
		default:
			h.s.Advance(10 * time.Millisecond)
		}
	}
	h.s.Advance(h.c.Batch)
	close(stop)
	readers.Wait()
	assertCounts(t, h.c, n, n)
	if h.c.Running() {
		t.Fatalf("running with every job done")
	}
	for i, r := range h.c.Results() {
		if r.Report == nil || r.Report.Version != "r" {
			t.Fatalf("Results()[%d] = %+v, want the first answer", i, r)
		}
	}
	if h.count(ResultsChanged) < 1 {
		t.Fatalf("no ResultsChanged")
	}
}

func TestChangeString(t *testing.T) {
	if FigureChanged.String() != "FigureChanged" || ResultsChanged.String() != "ResultsChanged" || Change(7).String() != "Change(7)" {
		t.Fatalf("String: %v %v %v", FigureChanged, ResultsChanged, Change(7))
	}
}

// TestSameSimulationRunsOnce: jobs of a figure that ask for the same
// simulation are sent to the Runner once and all get its answer; a job
// that records the trajectory answers the jobs of the same run that do not
// (without the trajectory), never the reverse.
func TestSameSimulationRunsOnce(t *testing.T) {
	h := newHarness(t)
	f := &protocol.Figure{Name: "twins", Jobs: []protocol.FigJob{
		{Query: "rho=0.5", Panel: "times", Extract: "times"},
		{Query: "rho=0.5", Panel: "end", Extract: "split"},
		{Query: "rho=0.5", Panel: "w", Extract: "weights", Trajectory: true},
		{Query: "rho=0", Panel: "times", Extract: "times"},
		{Query: "rho=0", Panel: "w", Extract: "weights", Trajectory: true, OnDemand: true}, // not run: not requested
		{Query: "rho=1", Panel: "w", Extract: "weights", Trajectory: true},
		{Query: "rho=1", Panel: "w", Extract: "weights", Trajectory: true},
	}}
	h.startFigure("preset=twins", f)
	h.s.Advance(0)
	if n := h.r.simCount(); n != 3 {
		t.Fatalf("%d simulations sent for 3 distinct runs", n)
	}
	want := map[string]bool{"rho=0.5": true, "rho=0": false, "rho=1": true} // query → trajectory recorded
	for k := range 3 {
		s := h.r.sim(k)
		if rec, ok := want[s.job.Query]; !ok || s.job.Trajectory != rec {
			t.Errorf("simulation %d: %q, trajectory %v", k, s.job.Query, s.job.Trajectory)
		}
		delete(want, s.job.Query)
		answerRun(s, "v"+strconv.Itoa(k), 5)
	}
	h.s.Advance(h.c.Batch)
	assertCounts(t, h.c, 6, 6)
	res := h.c.Results()
	if res[2].Report == nil || len(res[2].Report.Trajectory) != 2 {
		t.Fatalf("the trajectory job lost its trajectory: %+v", res[2])
	}
	for _, i := range []int{0, 1} {
		if r := res[i].Report; r == nil || r.Version != res[2].Report.Version || r.Trajectory != nil {
			t.Errorf("job %d: want the trajectory job's report without its trajectory, got %+v", i, r)
		}
	}
	if res[3].Report == nil || res[3].Report.Trajectory != nil || res[4].Done {
		t.Errorf("rho=0: %+v; the on-demand job: %+v", res[3], res[4])
	}
	if res[5].Report == nil || res[6].Report != res[5].Report || len(res[6].Report.Trajectory) != 2 {
		t.Errorf("the twin trajectory jobs: %+v, %+v", res[5], res[6])
	}
}
