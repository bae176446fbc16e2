//go:build !js

package e2e

import (
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"unibias/cli"
)

// captureJS makes every <a download> click record its file instead of
// downloading it: window.__dl holds {name, text} once read from its blob.
const captureJS = `(function(){
  window.__dl = [];
  const blobs = {};
  const create = URL.createObjectURL;
  URL.createObjectURL = function(b){ const u = create.call(URL, b); blobs[u] = b; return u; };
  HTMLAnchorElement.prototype.click = function(){
    const name = this.download, b = blobs[this.href];
    if (!b) return;
    b.text().then(text => new Promise(res => { const fr = new FileReader(); fr.onload = () => res(fr.result); fr.readAsDataURL(b); }).then(url => window.__dl.push({name, text, type: b.type, size: b.size, url})));
  };
  return true;
})()`

type download struct {
	Name string `json:"name"`
	Text string `json:"text"`
	Type string `json:"type"`
	Size int    `json:"size"`
	URL  string `json:"url"` // data: URL of the file
}

// save writes a downloaded file into shots/ to look at.
func (d download) save(t *testing.T) {
	i := strings.Index(d.URL, ",")
	raw, err := base64.StdEncoding.DecodeString(d.URL[i+1:])
	if err != nil {
		t.Logf("save %s: %v", d.Name, err)
		return
	}
	_ = os.MkdirAll("shots", 0o755)
	if err := os.WriteFile(filepath.Join("shots", "export-"+d.Name), raw, 0o644); err == nil {
		t.Logf("figure: exported file shots/export-%s", d.Name)
	}
}

// clickDownload clicks the button id and returns the file it produced.
func clickDownload(t *testing.T, b *browser, id string) download {
	t.Helper()
	n := eval[int](t, b, `window.__dl.length`)
	b.do(t, chromedp.Evaluate[chromedp.Void](`document.getElementById("`+id+`").click()`))
	waitJS(t, b, `window.__dl.length > `+itoa(n), 20*time.Second)
	s := eval[string](t, b, `JSON.stringify(window.__dl[window.__dl.length-1])`)
	var d download
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// small sweep: quick to simulate.
const smallQuery = "?points=5&steps=3000&rho=0.3"

// markersJS lists the rendered simulated markers' positions.
const markersJS = `JSON.stringify([...document.querySelectorAll('#diagram .sim-ta path, #diagram .sim-tb path, #diagram .sim-ta, #diagram .sim-tb')].map(e => e.getAttribute('d') || e.getAttribute('transform') || e.getAttribute('cx')+','+e.getAttribute('cy')))`

func TestExportAndImport(t *testing.T) {
	s := startServer(t, "")
	b := newBrowser(t, 1280, 900)
	b.do(t, chromedp.Navigate(s.URL+"/"+smallQuery))
	waitJS(t, b, readyJS, 60*time.Second)
	waitJS(t, b, theoryJS, 30*time.Second)
	waitJS(t, b, simsDoneJS, 120*time.Second)
	eval[bool](t, b, captureJS)

	for _, id := range []string{"export-diagram-svg", "export-ratio-svg", "export-live-svg"} {
		d := clickDownload(t, b, id)
		if !isSVGDocument(d.Text) {
			t.Errorf("%s: file %s is not an SVG document: %.60q", id, d.Name, d.Text)
			continue
		}
		// The file loads as an image on its own.
		ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`new Promise(res => { const i = new Image(); i.onload = () => res(i.naturalWidth > 0); i.onerror = () => res(false); i.src = URL.createObjectURL(new Blob([window.__dl[window.__dl.length-1].text], {type: "image/svg+xml"})); })`, chromedp.EvalAwaitPromise))
		if err != nil || !ok {
			t.Errorf("%s: SVG does not load as an image (%v)", id, err)
		}
		if !strings.Contains(d.Text, "<style") {
			t.Errorf("%s: SVG has no inlined style", id)
		}
		logf(t, "export %s: %s, %d bytes", id, d.Name, len(d.Text))
	}
	for _, id := range []string{"export-diagram-png", "export-ratio-png"} {
		d := clickDownload(t, b, id)
		if d.Type != "image/png" || d.Size < 1000 {
			t.Errorf("%s: PNG %s type %q size %d", id, d.Name, d.Type, d.Size)
		}
		logf(t, "export %s: %s, %d bytes", id, d.Name, d.Size)
	}
	// The page's SVG of the finished diagram is the command line's for the
	// same parameters: one figure pipeline, and simulations that are bit
	// for bit the same natively and in WebAssembly.
	page := clickDownload(t, b, "export-diagram-svg").Text
	var cliOut, cliErr strings.Builder
	if code := cli.Main(append([]string{"figure", "--simulate"}, queryFlags(smallQuery)...), &cliOut, &cliErr); code != 0 {
		t.Fatalf("unibias figure: exit %d: %s", code, cliErr.String())
	}
	if page != cliOut.String() {
		t.Errorf("the page's SVG export (%d bytes) differs from unibias figure --simulate (%d bytes) for %s", len(page), cliOut.Len(), smallQuery)
	}
	d := clickDownload(t, b, "export-sweep-csv")
	cr := csv.NewReader(strings.NewReader(d.Text))
	cr.Comment = '#'
	rows, err := cr.ReadAll()
	if err != nil || len(rows) < 2 || rows[0][0] != "job" || !strings.Contains(strings.Join(rows[0], ","), "sim_t_A") {
		t.Fatalf("sweep CSV: %v, %d rows, header %v", err, len(rows), rows)
	}
	total := eval[int](t, b, `+document.querySelector('[data-sims-total]').dataset.simsTotal`)
	if len(rows)-1 != total {
		t.Errorf("sweep CSV has %d rows, want %d", len(rows)-1, total)
	}
	logf(t, "sweep CSV: %d rows, header %v", len(rows)-1, rows[0])
	run := clickDownload(t, b, "export-sweep-json")
	var rf struct {
		Unibias, Version, Query string
		Results                 []json.RawMessage
	}
	if err := json.Unmarshal([]byte(run.Text), &rf); err != nil || rf.Unibias != "run" || rf.Version == "" || len(rf.Results) != total {
		t.Fatalf("run file: %v %q %q %d results", err, rf.Unibias, rf.Version, len(rf.Results))
	}
	// The live run's trajectory.
	b.do(t, chromedp.Evaluate[chromedp.Void](`document.getElementById("train").click()`))
	waitJS(t, b, `+document.querySelector('#live').dataset.step > 0`, 30*time.Second)
	lc := clickDownload(t, b, "export-live-csv")
	if !strings.Contains(lc.Text, "\nstep,t,loss,w_A,w_B") || strings.Count(lc.Text, "\n") < 3 {
		t.Errorf("live CSV: %.100q", lc.Text)
	}
	lj := clickDownload(t, b, "export-live-json")
	var lf struct {
		Unibias    string
		Trajectory []json.RawMessage
	}
	if err := json.Unmarshal([]byte(lj.Text), &lf); err != nil || lf.Unibias != "live" || len(lf.Trajectory) == 0 {
		t.Errorf("live JSON: %v %q %d", err, lf.Unibias, len(lf.Trajectory))
	}

	before := eval[string](t, b, markersJS)
	nBefore := eval[int](t, b, `document.querySelectorAll('#diagram .sim-ta').length`)
	if before == "[]" || nBefore == 0 {
		t.Fatalf("no markers to compare: %s", before)
	}
	// Keep the exported PNG to look at.
	clickDownload(t, b, "export-diagram-png").save(t)

	// Import: a fresh page with default parameters; load the run file.
	b.do(t, chromedp.Navigate(s.URL+"/"))
	waitJS(t, b, readyJS, 60*time.Second)
	b.do(t, chromedp.Evaluate[chromedp.Void](`window.__run = `+jsString(run.Text)))
	b.do(t, chromedp.Evaluate[chromedp.Void](`(function(){const dt = new DataTransfer(); dt.items.add(new File([window.__run], "run.json", {type: "application/json"})); const i = document.getElementById("import-run"); i.files = dt.files; i.dispatchEvent(new Event("change", {bubbles: true}));})()`))
	waitJS(t, b, `!!document.getElementById("import-status") && document.querySelectorAll('#diagram .sim-ta').length === `+itoa(nBefore), 20*time.Second)
	time.Sleep(500 * time.Millisecond) // the panels adopt the plan frame by frame
	after := eval[string](t, b, markersJS)
	if before != after {
		t.Errorf("imported diagram differs:\nbefore %.300s\nafter  %.300s", before, after)
	}
	if got := eval[string](t, b, `location.search`); !strings.Contains(got, "points=5") {
		t.Errorf("import did not restore the parameters in the address: %q", got)
	}
	logf(t, "import: %d markers reproduced, status %q", nBefore, eval[string](t, b, `document.getElementById("import-status").textContent`))

	// Junk is refused with a message.
	b.do(t, chromedp.Evaluate[chromedp.Void](`(function(){const dt = new DataTransfer(); dt.items.add(new File(["{junk"], "x.json")); const i = document.getElementById("import-run"); i.files = dt.files; i.dispatchEvent(new Event("change", {bubbles: true}));})()`))
	waitJS(t, b, `document.getElementById("import-status").textContent.startsWith("not a unibias run file")`, 10*time.Second)
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestHistoryAndCopyLink(t *testing.T) {
	s := startServer(t, "")
	b := newBrowser(t, 1280, 900)
	b.do(t, chromedp.Navigate(s.URL+"/?rho=0.7&points=5&steps=3000"))
	waitJS(t, b, readyJS, 60*time.Second)
	waitJS(t, b, theoryJS, 30*time.Second)
	if v := eval[string](t, b, `document.getElementById("ctl-rho") ? document.getElementById("ctl-rho").value : "none"`); v != "0.7" {
		t.Errorf("rho control shows %q, want 0.7", v)
	}
	// Copy link: the clipboard may be refused in headless Chromium; either
	// the confirmation or the fallback field shows the address.
	b.do(t, chromedp.Evaluate[chromedp.Void](`document.getElementById("copy-link").click()`))
	waitJS(t, b, `document.getElementById("copy-link").textContent.includes("copied") || (!!document.getElementById("copy-fallback") && document.getElementById("copy-fallback").value === location.href)`, 10*time.Second)
	waitJS(t, b, simsDoneJS, 90*time.Second)
	// Change a parameter through its control; after it settles, Back restores.
	b.do(t, chromedp.Evaluate[chromedp.Void](`(function(){const e = document.getElementById("ctl-rho"); e.value = "0.2"; e.dispatchEvent(new Event("input", {bubbles: true})); e.dispatchEvent(new Event("change", {bubbles: true}));})()`))
	waitJS(t, b, `location.search.includes("rho=0.2")`, 10*time.Second)
	time.Sleep(900 * time.Millisecond)
	n := eval[int](t, b, `history.length`)
	back := time.Now()
	b.do(t, chromedp.Evaluate[chromedp.Void](`history.back()`))
	waitJS(t, b, `location.search.includes("rho=0.7") && document.getElementById("ctl-rho").value === "0.7"`, 10*time.Second)
	waitJS(t, b, theoryJS, 30*time.Second)
	// The simulations of rho = 0.7 are kept (app/sweepctl/reuse.go).
	waitJS(t, b, simsDoneJS, 90*time.Second)
	logf(t, "history: back to rho 0.7, its %s simulations shown again %.2f s after Back", eval[string](t, b, `document.querySelector('[data-sims-total]').dataset.simsTotal`), time.Since(back).Seconds())
	b.do(t, chromedp.Evaluate[chromedp.Void](`history.forward()`))
	waitJS(t, b, `location.search.includes("rho=0.2") && document.getElementById("ctl-rho").value === "0.2"`, 10*time.Second)
	logf(t, "history: %d entries; back/forward restored rho 0.7 ↔ 0.2", n)
}

func TestEmbedHide(t *testing.T) {
	s := startServer(t, "")
	parent := startParent(t, s.URL+"/?embed=1&hide=lr")
	b := newBrowser(t, 700, 900)
	b.do(t, chromedp.Navigate(parent))
	b.do(t, chromedp.Evaluate[chromedp.Void](`document.getElementById("ub").width = "600"`))
	waitJS(t, b, `window.__heights.length > 0`, 60*time.Second)
	time.Sleep(3 * time.Second)
	b.screenshot(t, "embed-iframe-600")
	b2 := newBrowser(t, 600, 900)
	b2.do(t, chromedp.Navigate(s.URL+"/?embed=1&hide=lr"))
	waitJS(t, b2, readyJS, 60*time.Second)
	if eval[bool](t, b2, `!!document.getElementById("ctl-lr") && document.getElementById("ctl-lr").offsetParent !== null`) {
		t.Error("hide=lr left #ctl-lr visible")
	}
	if !eval[bool](t, b2, `!!document.getElementById("ctl-rho")`) {
		t.Error("hide=lr hid the other controls")
	}
	logf(t, "embed: heights posted %s", eval[string](t, b, `JSON.stringify(window.__heights)`))
}

func TestKeyboardAndPresenter(t *testing.T) {
	s := startServer(t, "")
	b := newBrowser(t, 1280, 900)
	b.do(t, chromedp.Navigate(s.URL+"/?present=1&points=5&steps=3000"))
	waitJS(t, b, readyJS, 60*time.Second)
	waitJS(t, b, theoryJS, 30*time.Second)
	if !eval[bool](t, b, `document.body.classList.contains("presenter") && parseFloat(getComputedStyle(document.body).fontSize) > 20`) {
		t.Error("?present=1 did not switch presenter mode on")
	}
	b.screenshot(t, "presenter")
	key := func(k string) {
		b.do(t, chromedp.Evaluate[chromedp.Void](`document.body.focus(); document.body.dispatchEvent(new KeyboardEvent("keydown", {key: "`+k+`", bubbles: true, cancelable: true}))`))
	}
	key(" ") // starts a run
	waitJS(t, b, `document.querySelector('#live').dataset.status === "training" && +document.querySelector('#live').dataset.step > 0`, 30*time.Second)
	key(" ") // pause
	waitJS(t, b, `document.getElementById("live-pause").textContent.includes("Resume")`, 5*time.Second)
	time.Sleep(300 * time.Millisecond)
	s0 := eval[int](t, b, `+document.querySelector('#live').dataset.step`)
	time.Sleep(500 * time.Millisecond)
	if s1 := eval[int](t, b, `+document.querySelector('#live').dataset.step`); s1 != s0 {
		t.Errorf("paused run advanced from %d to %d", s0, s1)
	}
	key("s")
	waitJS(t, b, `+document.querySelector('#live').dataset.step > `+itoa(s0), 10*time.Second)
	// Keys typed in a text field are not shortcuts.
	if eval[bool](t, b, `(function(){const i = document.querySelector('input[type="text"], input[type="number"]'); if (!i) return false; i.focus(); const e = new KeyboardEvent("keydown", {key: "r", bubbles: true, cancelable: true}); i.dispatchEvent(e); return e.defaultPrevented;})()`) {
		t.Error("r in a text field was taken as a shortcut")
	}
	key("r")
	waitJS(t, b, `+document.querySelector('#live').dataset.step < 200`, 10*time.Second)
	// Tour: opens, Next/Back, Esc closes.
	b.do(t, chromedp.Evaluate[chromedp.Void](`document.getElementById("tour").click()`))
	waitJS(t, b, `!!document.getElementById("tour-dialog") && document.activeElement.id === "tour-next"`, 5*time.Second)
	b.do(t, chromedp.Evaluate[chromedp.Void](`document.getElementById("tour-next").click()`))
	waitJS(t, b, `document.getElementById("tour-link").getAttribute("href") === "?preset=ratio-rho"`, 5*time.Second)
	b.do(t, chromedp.Evaluate[chromedp.Void](`document.getElementById("tour-next").dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true}))`))
	waitJS(t, b, `!document.getElementById("tour-dialog")`, 5*time.Second)
	logf(t, "keyboard: space/space/s/r drove the live run; tour opened, stepped and closed with Esc")
}

func TestShareDialog(t *testing.T) {
	s := startServer(t, "")
	b := newBrowser(t, 1280, 900)
	b.do(t, chromedp.Navigate(s.URL+"/?rho=0.4"))
	waitJS(t, b, readyJS, 60*time.Second)
	b.do(t, chromedp.Evaluate[chromedp.Void](`document.getElementById("share").click()`))
	waitJS(t, b, `!!document.getElementById("share-dialog") && document.activeElement.id === "share-link"`, 5*time.Second)
	link := eval[string](t, b, `document.getElementById("share-link").value`)
	snippet := eval[string](t, b, `document.getElementById("share-iframe").value`)
	if link != eval[string](t, b, `location.href`) || !strings.HasPrefix(snippet, `<iframe src="`) || !strings.Contains(snippet, "embed=1") || !strings.Contains(snippet, `height="800"`) {
		t.Errorf("share dialog: link %q snippet %q", link, snippet)
	}
	// The snippet's iframe works: load it in a parent and see the heights.
	src := eval[string](t, b, `new DOMParser().parseFromString(document.getElementById("share-iframe").value, "text/html").querySelector("iframe").getAttribute("src")`)
	b.do(t, chromedp.Evaluate[chromedp.Void](`document.getElementById("share-dialog").dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true}))`))
	waitJS(t, b, `!document.getElementById("share-dialog")`, 5*time.Second)
	parent := startParent(t, src)
	b2 := newBrowser(t, 640, 900)
	b2.do(t, chromedp.Navigate(parent))
	b2.do(t, chromedp.Evaluate[chromedp.Void](`document.getElementById("ub").width = "600"`))
	waitJS(t, b2, `window.__heights.length > 0 && window.__heights[window.__heights.length-1] > 500`, 60*time.Second)
	time.Sleep(4 * time.Second)
	b2.screenshot(t, "embed-snippet-600")
	logf(t, "share: snippet %s; parent received heights %s", snippet, eval[string](t, b2, `JSON.stringify(window.__heights)`))
}

func TestShareDataTable(t *testing.T) {
	s := startServer(t, "")
	b := newBrowser(t, 1280, 900)
	b.do(t, chromedp.Navigate(s.URL+"/"+smallQuery))
	waitJS(t, b, readyJS, 60*time.Second)
	waitJS(t, b, simsDoneJS, 120*time.Second)
	b.do(t, chromedp.Evaluate[chromedp.Void](`document.getElementById("data-table-toggle").click()`))
	waitJS(t, b, `!!document.querySelector("#data-table caption")`, 5*time.Second)
	rows := eval[int](t, b, `document.querySelectorAll("#data-table tbody tr").length`)
	total := eval[int](t, b, `+document.querySelector('[data-sims-total]').dataset.simsTotal`)
	cols := eval[int](t, b, `document.querySelectorAll('#data-table thead th[scope="col"]').length`)
	if rows != total || cols < 9 {
		t.Errorf("data table: %d rows (want %d), %d column headers", rows, total, cols)
	}
	// Every control has a label or an accessible name.
	unlabelled := eval[string](t, b, `JSON.stringify([...document.querySelectorAll("input, select, textarea, button")].filter(e => e.type !== "hidden" && !(e.labels && e.labels.length) && !e.getAttribute("aria-label") && !e.getAttribute("aria-labelledby") && !(e.tagName === "BUTTON" && e.textContent.trim())).map(e => e.id || e.outerHTML.slice(0, 60)))`)
	if unlabelled != "[]" {
		t.Errorf("unlabelled controls: %s", unlabelled)
	}
	logf(t, "data table: %d rows, %d columns; all controls labelled", rows, cols)
}

func TestExportPresetPanel(t *testing.T) {
	s := startServer(t, "")
	b := newBrowser(t, 1280, 900)
	b.do(t, chromedp.Navigate(s.URL+"/?preset=early-late"))
	waitJS(t, b, readyJS, 60*time.Second)
	waitJS(t, b, `!!document.querySelector('.fig-panel [id^="export-panel-"][id$="-svg"]')`, 60*time.Second)
	eval[bool](t, b, captureJS)
	id := eval[string](t, b, `document.querySelector('.fig-panel [id^="export-panel-"][id$="-svg"]').id`)
	d := clickDownload(t, b, id)
	if !isSVGDocument(d.Text) || !strings.Contains(d.Text, "<style") {
		t.Errorf("preset panel SVG: %.80q", d.Text)
	}
	ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`new Promise(res => { const i = new Image(); i.onload = () => res(i.naturalWidth > 0); i.onerror = () => res(false); i.src = URL.createObjectURL(new Blob([window.__dl[window.__dl.length-1].text], {type: "image/svg+xml"})); })`, chromedp.EvalAwaitPromise))
	if err != nil || !ok {
		t.Errorf("preset panel SVG does not load as an image (%v)", err)
	}
	p := clickDownload(t, b, strings.TrimSuffix(id, "-svg")+"-png")
	p.save(t)
	if p.Type != "image/png" || p.Size < 1000 {
		t.Errorf("preset panel PNG: %q %d", p.Type, p.Size)
	}
	logf(t, "preset panel export %s: SVG %d bytes, PNG %d bytes", id, len(d.Text), p.Size)
}

// queryFlags turns a page query ("?a=1&b=2") into command-line flags.
func queryFlags(query string) []string {
	q, _ := url.ParseQuery(strings.TrimPrefix(query, "?"))
	var out []string
	for k := range q {
		out = append(out, "--"+k+"="+q.Get(k))
	}
	return out
}

// isSVGDocument reports whether text is a standalone SVG document: an
// optional XML declaration, then the <svg> root.
func isSVGDocument(text string) bool {
	return strings.HasPrefix(strings.TrimPrefix(text, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"), "<svg")
}
