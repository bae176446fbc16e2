package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"unibias/engine/custom"
	"unibias/figure"
)

// The summary and the prediction block of the user's data (DataPanel).

// summaryUI is the "data" panel of the loaded moments (nothing for other
// data).
func (d *DataPanel) summaryUI() app.UI {
	if d.Params.Get("data") != "custom" {
		return app.Text("")
	}
	data, err := custom.Decode(d.Params.Get("moments"))
	if err != nil {
		return app.P().ID("data-summary").Class("data-summary field-error").Role("alert").Text(err.Error())
	}
	s := custom.Summarise(data)
	pct := func(x float64) string { return figure.FormatSig(100*x, 3) + "%" }
	rows := []struct{ role, name, dim, r2 string }{
		{"A (learned first)", s.NameA, strconv.Itoa(s.DA), pct(s.R2A)},
		{"B", s.NameB, strconv.Itoa(s.DB), pct(s.R2B)},
		{"both", "", strconv.Itoa(s.DA + s.DB), pct(s.R2)},
	}
	src := "population moments"
	if s.Samples > 0 {
		src = strconv.Itoa(s.Samples) + " samples"
	}
	if s.Preprocessing != "" {
		src += ", " + s.Preprocessing
	}
	return app.Div().ID("data-summary").Class("data-summary").Body(
		app.P().ID("which-is-a").Class("which-a").Text(s.Sentence),
		app.Table().Class("data-table").Body(
			app.Caption().Text("Variance of y explained by each modality's best linear predictor ("+src+")"),
			app.THead().Body(app.Tr().Body(app.Th().Scope("col").Text("modality"), app.Th().Scope("col").Text("name"), app.Th().Scope("col").Text("features"), app.Th().Scope("col").Text("R²"))),
			app.TBody().Body(app.Range(rows).Slice(func(i int) app.UI {
				r := rows[i]
				return app.Tr().Body(app.Th().Scope("row").Text(r.role), app.Td().Text(r.name), app.Td().Text(r.dim), app.Td().Text(r.r2))
			})),
		),
		app.P().Class("hint").Text("Correlation between the two modalities' best linear predictors: "+figure.FormatSig(s.PredCorr, 3)+
			". ‖Σ_yA‖ = "+figure.FormatSig(s.CorrA, 4)+", ‖Σ_yB‖ = "+figure.FormatSig(s.CorrB, 4)+"."),
		d.predictionUI(data, s),
	)
}

// predictionUI is the theory's prediction block for the loaded data at
// the page's u0 and η (aligned-balanced initialisation, docs/theory.md §5).
func (d *DataPanel) predictionUI(data *custom.Data, s custom.Summary) app.UI {
	u0, lr := d.Params.Float("init"), d.Params.Float("lr")
	key := d.Params.Get("moments") + "|" + d.Params.Get("init") + "|" + d.Params.Get("lr")
	if key != d.predKey {
		d.predKey = key
		d.pred, d.predErr = custom.Predict(data, u0, lr, 5)
	}
	if d.predErr != nil {
		return app.P().ID("data-prediction").Class("field-error").Role("alert").Text("No prediction for these moments: " + d.predErr.Error())
	}
	p := d.pred
	vec := func(v []float64) string {
		out := ""
		for i, x := range v {
			if i > 0 {
				out += ", "
			}
			out += figure.FormatSig(x, 4)
		}
		if len(v) > 1 {
			return "(" + out + ")"
		}
		return out
	}
	maxL := p.Depths[len(p.Depths)-1]
	head := []app.UI{app.Th().Scope("col").Text("depth L")}
	for lf := 1; lf <= maxL; lf++ {
		head = append(head, app.Th().Scope("col").Text("Lf = "+strconv.Itoa(lf)))
	}
	return app.Div().ID("data-prediction").Class("data-prediction").Body(
		app.H3().Text("Prediction"),
		app.Ul().Body(
			app.Li().Text(s.NameA+" (A) is learned first; "+s.NameB+" (B) waits on a plateau."),
			app.Li().Text("Plateau (§5.1): W_A^uni = "+vec(p.Plateau)+"; loss ℒ/ℒ(0) = "+figure.FormatSig(p.PlateauLoss, 3)+" there, "+figure.FormatSig(p.MinLoss, 3)+" at the end."),
			app.Li().Text("Misattribution (§5.2): W_A^uni − W*_A = "+vec(p.Misattribution)+"."),
			app.Li().ID("data-superficial").Text(p.Check),
		),
		app.Table().ID("data-ratios").Class("data-table").Body(
			app.Caption().Text("t_B/t_A, the length of the unimodal phase, for every depth and fusion layer (aligned init, u0 = "+figure.FormatSig(u0, 3)+", η = "+figure.FormatSig(lr, 3)+")"),
			app.THead().Body(app.Tr().Body(head...)),
			app.TBody().Body(app.Range(p.Depths).Slice(func(i int) app.UI {
				cells := []app.UI{app.Th().Scope("row").Text(strconv.Itoa(p.Depths[i]))}
				for lf := 1; lf <= maxL; lf++ {
					txt := ""
					if lf <= len(p.Ratio[i]) {
						txt = "–"
						if r := p.Ratio[i][lf-1]; r > 0 {
							txt = figure.FormatSig(r, 3)
						}
					}
					cells = append(cells, app.Td().Title(formulaAt(p, i, lf)).Text(txt))
				}
				return app.Tr().Body(cells...)
			})),
		),
	)
}

func formulaAt(p custom.Prediction, i, lf int) string {
	if lf <= len(p.Formula[i]) {
		return p.Formula[i][lf-1]
	}
	return ""
}
