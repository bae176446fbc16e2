package preset

import (
	"encoding/json"
	"math"
	"net/url"
	"testing"

	"unibias/engine/params"
)

func TestEveryPresetBuilds(t *testing.T) {
	for _, info := range List() {
		t.Run(info.Name, func(t *testing.T) {
			fig, err := Build(info.Name)
			if err != nil {
				t.Fatal(err)
			}
			if fig.Caption == "" || fig.Title == "" || fig.Section == "" || len(fig.Panels) == 0 || len(fig.Jobs) == 0 {
				t.Fatalf("incomplete figure %+v", fig)
			}
			if _, err := json.Marshal(fig); err != nil {
				t.Fatalf("figure does not encode (NaN?): %v", err)
			}
			panels := map[string]bool{}
			theoryMarks := 0
			for _, p := range fig.Panels {
				panels[p.ID] = true
				theoryMarks += len(p.Lines) + len(p.Arrows) + len(p.Marks)
				if p.Heat != nil {
					theoryMarks++
				}
				for _, l := range p.Lines {
					if l.Kind == "" && len(l.Points) < 2 {
						t.Errorf("panel %s: theory line %q has %d points", p.ID, l.Label, len(l.Points))
					}
				}
			}
			if theoryMarks == 0 {
				t.Fatal("no theory content")
			}
			for _, j := range fig.Jobs {
				if !panels[j.Panel] {
					t.Fatalf("job targets unknown panel %q", j.Panel)
				}
				q, err := url.ParseQuery(j.Query)
				if err != nil {
					t.Fatal(err)
				}
				p, notes := params.FromQuery(q)
				if len(notes) != 0 {
					t.Fatalf("job query %q needs corrections: %v", j.Query, notes)
				}
				if err := p.Validate(); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	if _, err := Build("nope"); err == nil {
		t.Fatal("unknown preset must fail")
	}
}

func TestRatioRhoTheoryLines(t *testing.T) {
	// §8.1: the §5.3 (dashed) line of σ_A/σ_B = 2 passes through 4 at ρ = 0
	// and the §5.10 line through 3.784225.
	fig, _ := Build("ratio-rho")
	var gf, fin float64
	for _, l := range fig.Panels[0].Lines {
		if l.Series != 1 {
			continue
		}
		for _, p := range l.Points {
			if math.Abs(p[0]) < 1e-12 {
				if l.Dash {
					gf = p[1]
				} else {
					fin = p[1]
				}
			}
		}
	}
	if math.Abs(gf-4) > 1e-9 || math.Abs(fin-3.784225) > 1e-6 {
		t.Fatalf("ρ = 0, r = 2: gradient flow %v (want 4), finite η %v (want 3.784225)", gf, fin)
	}
}

func TestHeatmapValues(t *testing.T) {
	// §7.3: ratio 1 + (r² − 1)/(1 − ρ²); at ρ = 0, r = 3: 9; misattribution ρ/r.
	fig, _ := Build("heatmap")
	h := fig.Panels[0].Heat
	j := len(h.Ys) - 1 // r = 3
	i := len(h.Xs) / 2 // ρ = 0
	if math.Abs(h.Ys[j]-3) > 1e-12 || math.Abs(h.Xs[i]) > 1e-12 || math.Abs(h.Z[j][i]-9) > 1e-9 {
		t.Fatalf("heat(ρ=%v, r=%v) = %v, want 9", h.Xs[i], h.Ys[j], h.Z[j][i])
	}
	m := fig.Panels[1].Heat
	if math.Abs(m.Z[j][0]-(-0.92/3)) > 1e-9 {
		t.Fatalf("misattribution at ρ=−0.92, r=3: %v", m.Z[j][0])
	}
}

func TestSuperficialExample(t *testing.T) {
	// §5.9/§8.5: ℒ(M_A)/ℒ(0) = 0.64 and ℒ(M_B)/ℒ(0) = 0.36.
	fig, _ := Build("superficial")
	loss := fig.Panels[1]
	if math.Abs(loss.Lines[0].At-0.64) > 1e-9 || math.Abs(loss.Lines[1].At-0.36) > 1e-9 {
		t.Fatalf("plateau levels %v, %v", loss.Lines[0].At, loss.Lines[1].At)
	}
}

func TestPortraitEarlyPath(t *testing.T) {
	// §7.5: the early-fusion path from (0.01, 0.01) has W_B = 0.046, 0.19,
	// 0.46 when W_A = 0.1, 0.5, 0.95 (read at the first crossing; 0.01 abs).
	fig, _ := Build("portrait")
	path := fig.Panels[1].Lines[0].Points
	for _, c := range [][2]float64{{0.1, 0.046}, {0.5, 0.19}, {0.95, 0.46}} {
		for _, p := range path {
			if p[0] >= c[0] {
				if math.Abs(p[1]-c[1]) > 0.01 {
					t.Errorf("W_A = %v: W_B = %v, docs/theory.md §7.5 says %v", c[0], p[1], c[1])
				}
				break
			}
		}
	}
}
