package params

// Combinations of the classification parameters of docs/theory.md §10.2:
// the logistic loss needs labels ±1 (the insufficient-data model) and, like
// the smoothed ReLU, has no moment form, so both train on samples.

// competeSamples is the sample count Reconcile substitutes (P = 2000 in the
// experiments of §10.2).
const competeSamples = "2000"

func (s Set) reconcileCompete() []string {
	var n []string
	if s.Get("loss") == "logistic" && s.Get("data") != "insufficient" {
		n = append(n, "the logistic loss needs labels ±1; using data=insufficient (§10.2)")
		s.vals["data"] = "insufficient"
	}
	if s.Int("samples") == 0 {
		switch {
		case s.Get("loss") == "logistic":
			n = append(n, "the logistic loss has no moment form and trains on samples; using samples="+competeSamples)
			s.vals["samples"] = competeSamples
		case s.Get("act") == "smoothrelu":
			n = append(n, "smoothed-ReLU networks train on samples; using samples="+competeSamples)
			s.vals["samples"] = competeSamples
		}
	}
	return n
}

func (s Set) validateCompete() error {
	if s.Get("loss") == "logistic" && s.Get("data") != "insufficient" {
		return &Error{"loss", "logistic", "needs labels ±1; set data=insufficient (§10.2)"}
	}
	if s.Int("samples") == 0 {
		if s.Get("loss") == "logistic" {
			return &Error{"samples", "0", "the logistic loss has no moment form and trains on samples; set samples ≥ 1 (e.g. 2000)"}
		}
		if s.Get("act") == "smoothrelu" {
			return &Error{"samples", "0", "smoothed-ReLU networks train on samples; set samples ≥ 1 (e.g. 2000)"}
		}
	}
	return nil
}
