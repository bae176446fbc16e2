package app

import (
	"testing"
)

// TestPreviewFigure: the default diagram's preview has its four curves at
// previewDense points with closed-form times (and no dashed ODE curve where
// closed forms exist); more series get fewer points each, so a preview's
// cost stays bounded; presets and sampled data get no preview.
func TestPreviewFigure(t *testing.T) {
	fig := previewFigure("")
	if fig == nil || fig.Plan == nil || len(fig.Plan.Curves) != 4 || len(fig.Plan.Jobs) != 28 {
		t.Fatalf("default preview: %+v", fig)
	}
	for si, c := range fig.Plan.Curves {
		if len(c.Points) != previewDense {
			t.Fatalf("curve %d has %d points, want %d", si, len(c.Points), previewDense)
		}
		for _, p := range c.Points {
			if p.TA == nil || p.TB == nil || !(*p.TA > 0) || !(*p.TB > *p.TA) {
				t.Fatalf("curve %d at x=%g: times %v, %v", si, p.X, p.TA, p.TB)
			}
			if si > 0 && p.ODETA != nil {
				t.Fatalf("curve %d (Lf = %d) carries the reduced ODE", si, si+1)
			}
		}
	}
	many := previewFigure("series=ratio&values=1.5,2,2.5,3,3.5,4,4.5,5,5.5,6,6.5,7")
	if many == nil || len(many.Plan.Curves) != 12 {
		t.Fatalf("12-series preview: %+v", many)
	}
	total := 0
	for _, c := range many.Plan.Curves {
		total += len(c.Points)
	}
	if total > 12*previewMinDense {
		t.Errorf("12-series preview has %d points, want at most %d", total, 12*previewMinDense)
	}
	for _, q := range []string{"preset=deep", "data=xor&act=relu", "data=multi"} {
		if previewFigure(q) != nil {
			t.Errorf("%s: a preview was computed", q)
		}
	}
}
