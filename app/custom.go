package app

import (
	"bytes"
	"fmt"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/engine/custom"
	"unibias/engine/params"
)

// DataPanel is the "Your data" section (docs/theory.md §2.5): it loads a
// moments file or a CSV of samples chosen with a file input, shows what is
// wrong with a malformed one (offering the nearest valid covariance when
// there is one, never applying it unasked), and summarises the moments on
// screen — which modality is A in the user's names, the variance each
// modality explains and the correlation of their best predictors. A loaded
// data set becomes data=custom with its moments, through OnChange.
type DataPanel struct {
	app.Compo

	Params   params.Set
	OnChange ParamsHandler

	a, b, y, scale string       // the CSV's columns (empty: guessed) and scaling
	status         string       // what the last load did
	failed         bool         // status is an error
	fix            *custom.Data // the repair the last error offers
	guessed        bool         // a, b, y were guessed from the last header (not typed)

	predKey string // the moments, u0 and η of pred
	pred    custom.Prediction
	predErr error
}

// maxURLMoments is the longest moments value the page address carries;
// longer ones travel in run files (the JSON button under the diagram).
const maxURLMoments = 4000

// addressParams is s as the page address carries it: moments beyond
// maxURLMoments are left out (the page keeps them; a run file shares them).
func addressParams(s params.Set) params.Set {
	if len(s.Get("moments")) <= maxURLMoments {
		return s
	}
	c := s.Clone()
	_ = c.Set("moments", "")
	return c
}

// Render draws the panel.
func (d *DataPanel) Render() app.UI {
	scale := d.scale
	if scale == "" {
		scale = custom.ScaleCenter
	}
	scales := []string{custom.ScaleCenter, custom.ScaleStandardize, custom.ScaleNone}
	return app.Section().ID("your-data").Class("your-data").Aria("labelledby", "your-data-title").Body(
		app.H2().ID("your-data-title").Text("Your data"),
		app.P().Class("hint").Text("Bring the moments of your own two modalities — a moments file (JSON) or a CSV of samples — and see their predicted unimodal phase and simulations trained on exactly these moments (docs/theory.md §2.5). "+
			"Which modality is A is decided by the data: the one learned first."),
		app.Div().Class("fig-tools").Body(
			app.Label().For("load-moments").Class("button small file-label").Title("A moments file: sigma_a, sigma_b, sigma_ab, sigma_ya, sigma_yb and eyy (or noise_variance), or a covariance of [x_A; x_B; y] with da, db").Body(
				app.Text("Load moments…"),
				app.Input().Type("file").ID("load-moments").Class("visually-hidden").Accept(".json,application/json").OnChange(d.onMoments),
			),
			app.Label().For("load-csv").Class("button small file-label").Title("A CSV of samples with a header; the columns of A, B and the target below (empty: guessed from the header)").Body(
				app.Text("Load CSV…"),
				app.Input().Type("file").ID("load-csv").Class("visually-hidden").Accept(".csv,text/csv,text/plain").OnChange(d.onCSV),
			),
		),
		app.Details().Class("csv-columns").Body(
			app.Summary().Text("CSV columns and scaling"),
			d.textField("data-a", "Columns of A", "e.g. audio_* (names or patterns, comma-separated)", d.a, func(v string) { d.a = v }),
			d.textField("data-b", "Columns of B", "e.g. video_*", d.b, func(v string) { d.b = v }),
			d.textField("data-y", "Target column", "e.g. label", d.y, func(v string) { d.y = v }),
			app.Div().Class("field").Body(
				app.Label().For("data-scale").Text("Scaling"),
				app.Select().ID("data-scale").OnChange(func(ctx app.Context, e app.Event) { d.scale = ctx.JSSrc().Get("value").String() }).
					Body(app.Range(scales).Slice(func(i int) app.UI {
						return app.Option().Value(scales[i]).Selected(scales[i] == scale).Text(scales[i])
					})),
				app.Small().Class("hint").Text("center: subtract each column's mean (the covariance); standardize: also scale every feature to unit variance; none: raw second moments. Files up to "+
					strconv.Itoa(custom.MaxTabCSV>>20)+" MB; larger ones: unibias moments --csv on the command line."),
			),
		),
		app.If(d.status != "", func() app.UI {
			role, cls := "status", "data-status"
			if d.failed {
				role, cls = "alert", "data-status field-error"
			}
			return app.P().ID("data-status").Class(cls).Role(role).Text(d.status)
		}),
		app.If(d.fix != nil, func() app.UI {
			return app.Button().Type("button").ID("data-repair").Class("small").Text("Use the nearest valid moments").
				Title("Replace the covariance by the nearest valid one described above").OnClick(d.onRepair)
		}),
		d.summaryUI(),
	)
}

// textField is a labelled text input.
func (d *DataPanel) textField(id, label, hint, val string, set func(string)) app.UI {
	return app.Div().Class("field").Body(
		app.Label().For(id).Text(label),
		app.Input().Type("text").ID(id).Value(val).Attr("autocomplete", "off").Attr("placeholder", hint).
			OnChange(func(ctx app.Context, e app.Event) { set(ctx.JSSrc().Get("value").String()); d.guessed = false }),
	)
}

// readFile reads the first file of the input element that fired e as
// bytes and calls then with them (on the UI goroutine); it clears the
// input so the same file can be chosen again.
func readFile(ctx app.Context, then func(ctx app.Context, name string, size int64, data []byte)) (name string, size int64, ok bool) {
	files := ctx.JSSrc().Get("files")
	if !files.Truthy() || files.Get("length").Int() == 0 {
		return "", 0, false
	}
	f := files.Index(0)
	name, size = f.Get("name").String(), int64(f.Get("size").Float())
	var cb app.Func
	cb = app.FuncOf(func(this app.Value, args []app.Value) any {
		var buf []byte
		if len(args) > 0 {
			u8 := app.Window().Get("Uint8Array").New(args[0])
			buf = make([]byte, u8.Get("length").Int())
			app.CopyBytesToGo(buf, u8)
		}
		ctx.Dispatch(func(ctx app.Context) { then(ctx, name, size, buf) })
		cb.Release()
		return nil
	})
	f.Call("arrayBuffer").Call("then", cb)
	ctx.JSSrc().Set("value", "")
	return name, size, true
}

// onMoments loads a moments file.
func (d *DataPanel) onMoments(ctx app.Context, e app.Event) {
	name, size, ok := readFile(ctx, func(ctx app.Context, name string, _ int64, data []byte) {
		md, err := custom.ParseMoments(data)
		if err != nil {
			d.fail(name, err)
			return
		}
		d.apply(ctx, md, "Loaded "+name+".")
	})
	if ok && size > custom.MaxFile {
		d.status, d.failed, d.fix = fmt.Sprintf("%s: the moments file is %s; a moments file is at most %d MB (a CSV of samples goes through “Load CSV…”)", name, sizeText(size), custom.MaxFile>>20), true, nil
	}
}

// onCSV loads a CSV of samples: its columns from the fields, or guessed
// from the header when all are empty or were guessed for an earlier file.
func (d *DataPanel) onCSV(ctx app.Context, e app.Event) {
	files := ctx.JSSrc().Get("files")
	if files.Truthy() && files.Get("length").Int() > 0 {
		if size := int64(files.Index(0).Get("size").Float()); size > custom.MaxTabCSV {
			d.fail(files.Index(0).Get("name").String(), custom.TooLarge(size, custom.MaxTabCSV))
			ctx.JSSrc().Set("value", "")
			return
		}
	}
	d.status, d.failed, d.fix = "Reading…", false, nil
	readFile(ctx, func(ctx app.Context, name string, size int64, data []byte) {
		spec := custom.CSVSpec{A: d.a, B: d.b, Y: d.y, Scale: d.scale, MaxBytes: custom.MaxTabCSV}
		guessed := ""
		if d.guessed || d.a == "" && d.b == "" && d.y == "" {
			if a, b, y, ok := custom.GuessColumns(data); ok {
				spec.A, spec.B, spec.Y = a, b, y
				d.a, d.b, d.y, d.guessed = a, b, y, true
				guessed = fmt.Sprintf(" Columns guessed from the header: A = %s, B = %s, target = %s (change them under “CSV columns” and load again).", a, b, y)
			}
		}
		start := time.Now()
		res, err := custom.ReadCSV(bytes.NewReader(data), spec)
		ms := float64(time.Since(start).Microseconds()) / 1000
		app.Window().Get("document").Get("body").Get("dataset").Set("csvMs", strconv.FormatFloat(ms, 'f', 1, 64))
		if err != nil {
			d.fail(name, err)
			if guessed != "" {
				d.status += guessed
			}
			return
		}
		d.apply(ctx, &res.Data, fmt.Sprintf("Loaded %s: %s, read in %s ms.%s", name, res.Describe(), strconv.FormatFloat(ms, 'f', 0, 64), guessed))
	})
}

// fail shows a load error, keeping the page's data as they were.
func (d *DataPanel) fail(name string, err error) {
	d.status, d.failed, d.fix = name+": "+err.Error(), true, custom.FixOf(err)
}

// onRepair accepts the offered nearest valid moments.
func (d *DataPanel) onRepair(ctx app.Context, e app.Event) {
	if d.fix == nil {
		return
	}
	fix := d.fix
	if err := custom.Check(fix); err != nil {
		d.status, d.failed, d.fix = "The nearest valid moments are not valid either: "+err.Error(), true, nil
		return
	}
	d.apply(ctx, fix, "Using the nearest valid moments (repaired as described).")
}

// apply makes the loaded data the page's: data=custom with its moments,
// and a network parameter on the diagram's axis when it was a data one.
func (d *DataPanel) apply(ctx app.Context, data *custom.Data, msg string) {
	next := d.Params.Clone()
	enc := custom.Encode(data)
	if err := next.Set("data", "custom"); err != nil {
		d.status, d.failed = err.Error(), true
		return
	}
	if err := next.Set("moments", enc); err != nil {
		d.status, d.failed = err.Error(), true
		return
	}
	if n := custom.NetworkAxis(next); n != "" {
		msg += " " + n + "."
	}
	if len(enc) > maxURLMoments {
		msg += " These moments are too long for the page address: share them with a run file (JSON under the diagram)."
	}
	d.status, d.failed, d.fix = msg, false, nil
	if d.OnChange != nil {
		d.OnChange.ParamsChanged(ctx, next)
	}
}

// sizeText formats a byte count.
func sizeText(n int64) string {
	if n >= 1<<20 {
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	}
	return strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64) + " kB"
}
