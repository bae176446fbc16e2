//go:build !js

package e2e

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// loadFileJS puts a file with the text in window[v] into the file input id
// and fires its change event.
func loadFileJS(id, v, name, mime string) string {
	return `(function(){const dt = new DataTransfer(); dt.items.add(new File([window.` + v + `], "` + name + `", {type: "` + mime + `"})); const i = document.getElementById("` + id + `"); i.files = dt.files; i.dispatchEvent(new Event("change", {bubbles: true}));})()`
}

// TestYourData loads a moments file and a CSV through the page's file
// inputs: the page says which modality is A in the file's names, shows the
// prediction block, draws the theory and the simulated marks trained on
// these moments; malformed and invalid files show their message and leave
// the page working, and the nearest valid covariance is used only when
// asked. It logs the time to read a 10 MB CSV in the tab.
func TestYourData(t *testing.T) {
	moments, err := os.ReadFile("../engine/custom/example/views.moments.json")
	if err != nil {
		t.Fatal(err)
	}
	csvText, err := os.ReadFile("../engine/custom/example/views.csv")
	if err != nil {
		t.Fatal(err)
	}
	s := startServer(t, "")
	b := newBrowser(t, 1280, 900)
	b.do(t, chromedp.Navigate(s.URL+"/?points=3&values=2,4&steps=12000"))
	waitJS(t, b, readyJS, 60*time.Second)
	waitJS(t, b, theoryJS, 30*time.Second)

	// A moments file.
	b.do(t, chromedp.Evaluate[chromedp.Void](`window.__m = `+jsString(string(moments))))
	b.do(t, chromedp.Evaluate[chromedp.Void](loadFileJS("load-moments", "__m", "views.moments.json", "application/json")))
	waitJS(t, b, `!!document.getElementById("which-is-a")`, 20*time.Second)
	if got := textOf(t, b, "#which-is-a"); !strings.Contains(got, `A is "video" (your second modality)`) {
		t.Errorf("the page does not say video is A: %q", got)
	}
	if got := eval[string](t, b, `location.search`); !strings.Contains(got, "data=custom") || !strings.Contains(got, "moments=m1_") || !strings.Contains(got, "x=init") {
		t.Errorf("address %q lacks the custom data or the network axis", got)
	}
	pred := textOf(t, b, "#data-prediction")
	for _, want := range []string{"video (A) is learned first", "Plateau (§5.1)", "Misattribution (§5.2)", "No superficial preference", "Lf = 4"} {
		if !strings.Contains(pred, want) {
			t.Errorf("prediction block lacks %q: %q", want, pred)
		}
	}
	waitJS(t, b, theoryJS, 30*time.Second)
	waitJS(t, b, simsDoneJS, 180*time.Second)
	nTA := eval[int](t, b, `document.querySelectorAll('#diagram .sim-ta').length`)
	nTB := eval[int](t, b, `document.querySelectorAll('#diagram .sim-tb').length`)
	logf(t, "your data (moments file): %d t_A and %d t_B simulated marks; %s", nTA, nTB, textOf(t, b, "#data-status"))
	if nTA == 0 || nTB == 0 {
		t.Fatalf("simulated marks missing: %d t_A, %d t_B", nTA, nTB)
	}
	b.screenshot(t, "your-data-1280")

	// A malformed file: its message, and the page keeps its data and works.
	b.do(t, chromedp.Evaluate[chromedp.Void](`window.__junk = "{\"sigma_a\": [1,}"`))
	b.do(t, chromedp.Evaluate[chromedp.Void](loadFileJS("load-moments", "__junk", "junk.json", "application/json")))
	waitJS(t, b, `(document.getElementById("data-status")||{textContent:""}).textContent.includes("not a moments file")`, 10*time.Second)
	if !strings.Contains(textOf(t, b, "#which-is-a"), "video") {
		t.Error("a malformed file dropped the loaded data")
	}
	b.do(t, chromedp.Evaluate[chromedp.Void](`(function(){const e = document.getElementById("ctl-depth"); e.value = "3"; e.dispatchEvent(new Event("input", {bubbles: true})); e.dispatchEvent(new Event("change", {bubbles: true}));})()`))
	waitJS(t, b, `location.search.includes("depth=3")`, 10*time.Second)
	waitJS(t, b, theoryJS, 30*time.Second)

	// An indefinite covariance: the message says by how much and offers
	// the nearest valid one, which is used only on request.
	b.do(t, chromedp.Evaluate[chromedp.Void](`window.__bad = `+jsString(`{"names": ["left", "right"], "sigma_a": 1, "sigma_b": 1, "sigma_ab": 1.2, "sigma_ya": 1, "sigma_yb": 0.8, "eyy": 3}`)))
	b.do(t, chromedp.Evaluate[chromedp.Void](loadFileJS("load-moments", "__bad", "bad.json", "application/json")))
	waitJS(t, b, `(document.getElementById("data-status")||{textContent:""}).textContent.includes("not positive semi-definite") && !!document.getElementById("data-repair")`, 10*time.Second)
	if !strings.Contains(textOf(t, b, "#which-is-a"), "video") {
		t.Error("an invalid file replaced the loaded data without being asked")
	}
	logf(t, "your data: invalid covariance message: %s", textOf(t, b, "#data-status"))
	b.do(t, chromedp.Evaluate[chromedp.Void](`document.getElementById("data-repair").click()`))
	waitJS(t, b, `(document.getElementById("which-is-a")||{textContent:""}).textContent.includes('A is "left"')`, 10*time.Second)

	// A CSV, its columns guessed from the header.
	b.do(t, chromedp.Evaluate[chromedp.Void](`window.__csv = `+jsString(string(csvText))))
	b.do(t, chromedp.Evaluate[chromedp.Void](loadFileJS("load-csv", "__csv", "views.csv", "text/csv")))
	waitJS(t, b, `(document.getElementById("data-status")||{textContent:""}).textContent.startsWith("Loaded views.csv")`, 20*time.Second)
	if got := textOf(t, b, "#which-is-a"); !strings.Contains(got, `A is "video"`) {
		t.Errorf("after the CSV the page says %q", got)
	}
	waitJS(t, b, theoryJS, 30*time.Second)
	waitJS(t, b, simsDoneJS, 180*time.Second)
	if n := eval[int](t, b, `document.querySelectorAll('#diagram .sim-ta').length`); n == 0 {
		t.Error("no simulated marks after loading the CSV")
	}
	logf(t, "your data (CSV): %s", textOf(t, b, "#data-status"))
	if txt := eval[string](t, b, `document.body.innerText`); strings.Contains(txt, "NaN") {
		t.Error("the page shows NaN")
	}

	// A CSV with a missing value: row and column named.
	b.do(t, chromedp.Evaluate[chromedp.Void](`window.__miss = "a1,a2,b1,y\n1,2,3,4\n2,,5,3\n"`))
	b.do(t, chromedp.Evaluate[chromedp.Void](loadFileJS("load-csv", "__miss", "miss.csv", "text/csv")))
	waitJS(t, b, `(document.getElementById("data-status")||{textContent:""}).textContent.includes('row 2 (line 3), column "a2": missing value')`, 10*time.Second)

	// A file beyond the tab's limit: refused before reading, pointing to the command line.
	b.do(t, chromedp.Evaluate[chromedp.Void](`(function(){const dt = new DataTransfer(); dt.items.add(new File([new Uint8Array(65 << 20)], "huge.csv")); const i = document.getElementById("load-csv"); i.files = dt.files; i.dispatchEvent(new Event("change", {bubbles: true}));})()`))
	waitJS(t, b, `(document.getElementById("data-status")||{textContent:""}).textContent.includes("the page reads CSV files of up to 64.0 MB") && document.getElementById("data-status").textContent.includes("unibias moments --csv")`, 10*time.Second)

	// A 10 MB CSV in the tab: log the time to read it.
	b.do(t, chromedp.Evaluate[chromedp.Void](`(function(){
		let rows = ["id,audio_1,audio_2,audio_3,video_1,video_2,label"]; let n = 0, len = 0; let s = 1;
		const r = () => { s = (s * 16807) % 2147483647; return s / 2147483647 - 0.5; };
		while (len < 10 * 1048576) { n++; const z = r() * 3; const line = n + "," + [0.6*z+r(), 0.5*z+r(), 0.4*z+r(), z+r(), 0.8*z+r(), z+0.1*r()].map(v => v.toFixed(5)).join(","); rows.push(line); len += line.length + 1; }
		window.__big = rows.join("\n") + "\n"; window.__bigRows = n;
	})()`))
	start := time.Now()
	b.do(t, chromedp.Evaluate[chromedp.Void](loadFileJS("load-csv", "__big", "big.csv", "text/csv")))
	waitJS(t, b, `(document.getElementById("data-status")||{textContent:""}).textContent.startsWith("Loaded big.csv")`, 120*time.Second)
	wall := time.Since(start)
	logf(t, "your data: a %.1f MB CSV (%d rows) read in the tab in %s ms (ReadCSV), %.2f s from the file input to the summary; %s",
		eval[float64](t, b, `window.__big.length / 1048576`), eval[int](t, b, `window.__bigRows`), eval[string](t, b, `document.body.dataset.csvMs`), wall.Seconds(), textOf(t, b, "#data-status"))

	// The page at a phone's width.
	b2 := newBrowser(t, 390, 844)
	b2.do(t, chromedp.Navigate(s.URL+"/"+eval[string](t, b, `location.search`)))
	waitJS(t, b2, readyJS, 60*time.Second)
	waitJS(t, b2, `!!document.getElementById("which-is-a")`, 30*time.Second)
	b2.screenshot(t, "your-data-390")
	if buf, err := chromedp.Run(b2.ctx, chromedp.Screenshot("#your-data")); err == nil {
		if os.WriteFile("shots/your-data-panel-390.png", buf, 0o644) == nil {
			logf(t, "screenshot shots/your-data-panel-390.png")
		}
	}
	if w := eval[int](t, b2, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("the page scrolls sideways at 390 px: %d px wide", w)
	}
}

// TestYourDataPresetPage: the bundled example's preset draws its theory
// and the simulated marks trained on its moments, naming video as A.
func TestYourDataPresetPage(t *testing.T) {
	s := startServer(t, "")
	b := newBrowser(t, 1280, 900)
	run := openFigure(t, b, s.URL, "your-data", 5*time.Minute)
	theory := eval[int](t, b, `[...document.querySelectorAll('.fig-panel')].reduce((a,p)=>a+ +p.dataset.theoryMarks,0)`)
	sims := eval[int](t, b, `[...document.querySelectorAll('.fig-panel')].reduce((a,p)=>a+ +p.dataset.simMarks,0)`)
	logf(t, "preset your-data: %d theory marks, %d simulated marks, %s", theory, sims, run)
	if theory == 0 || sims == 0 {
		t.Errorf("figure lacks theory (%d) or simulated (%d) marks", theory, sims)
	}
	if txt := eval[string](t, b, `document.body.innerText`); !strings.Contains(txt, `A is "video"`) || strings.Contains(txt, "NaN") {
		t.Errorf("the preset does not say video is A, or shows NaN")
	}
	b.screenshot(t, "preset-your-data")
}
