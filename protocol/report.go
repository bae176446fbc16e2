// Package protocol holds the plain data types that cross the boundary between
// the engine and its users: the simulation report (what the command line
// prints and the page exports) and the messages between the page and its Web
// Workers. It imports nothing heavy, so the page can decode engine output
// without linking the engine.
package protocol

import "math"

// Num is a JSON-safe number: non-finite values are encoded as null, so no NaN
// ever reaches a file or the page.
type Num = *float64

// N returns a Num for x, nil when x is NaN or infinite.
func N(x float64) Num {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// V returns the value of a Num, NaN for nil.
func V(n Num) float64 {
	if n == nil {
		return math.NaN()
	}
	return *n
}

// TheoryReport is the theory block of a report (docs/theory.md §4–§5). Times are
// in theory time t (τ = 1) and in steps t/η.
type TheoryReport struct {
	OK             bool   `json:"ok"`
	Error          string `json:"error,omitempty"`
	First          string `json:"first,omitempty"`
	Ratio          Num    `json:"ratio"`
	RatioFormula   string `json:"ratio_formula,omitempty"`
	RatioGF        Num    `json:"ratio_gradient_flow"`
	TA             Num    `json:"t_A"`
	TB             Num    `json:"t_B"`
	TASteps        Num    `json:"t_A_steps"`
	TBSteps        Num    `json:"t_B_steps"`
	TimesFormula   string `json:"times_formula,omitempty"`
	ODETA          Num    `json:"ode_t_A"`
	ODETB          Num    `json:"ode_t_B"`
	ODERatio       Num    `json:"ode_ratio"`
	ODETASteps     Num    `json:"ode_t_A_steps"`
	ODETBSteps     Num    `json:"ode_t_B_steps"`
	Plateau        []Num  `json:"plateau"`
	PlateauFormula string `json:"plateau_formula"`
	Misattribution []Num  `json:"misattribution"`
	MisFormula     string `json:"misattribution_formula"`
	LossZero       Num    `json:"loss_zero"`
	LossPlateau    Num    `json:"loss_plateau"`
	LossMin        Num    `json:"loss_min"`
	// RatioEmpirical and MisEmpirical are the same predictions evaluated on
	// the training sample's moments (only when training on samples): the
	// theory for the finite data set actually drawn.
	RatioEmpirical Num      `json:"ratio_empirical,omitempty"`
	MisEmpirical   Num      `json:"misattribution_empirical,omitempty"`
	U0             Num      `json:"u0_effective"`
	W0             Num      `json:"w0_effective"`
	Notes          []string `json:"notes,omitempty"`
}

// Nums maps a slice to JSON-safe numbers.
func Nums(v []float64) []Num {
	out := make([]Num, len(v))
	for i, x := range v {
		out[i] = N(x)
	}
	return out
}

// Report is the result of one simulation with the theory beside it: what the
// command line's `simulate` prints and what the page exports.
type Report struct {
	Version   string            `json:"version"`
	Params    map[string]string `json:"params"`
	Theory    TheoryReport      `json:"theory"`
	TA        Num               `json:"t_A"` // steps, argmin rule (§6)
	TB        Num               `json:"t_B"`
	TATime    Num               `json:"t_A_time"` // theory time η·steps
	TBTime    Num               `json:"t_B_time"`
	TAFirst   Num               `json:"t_A_first_crossing"`
	TBFirst   Num               `json:"t_B_first_crossing"`
	Ratio     Num               `json:"ratio"`
	UniLength Num               `json:"unimodal_phase_length"` // η·(t_B − t_A)
	TUni      Num               `json:"t_uni"`
	// Misattribution is W_first(t_uni) − W_first(end) (§5.2, §6).
	Misattribution Num    `json:"misattribution"`
	PlateauValue   Num    `json:"plateau_value"`
	PlateauLoss    Num    `json:"plateau_loss"`
	FinalLoss      Num    `json:"final_loss"`
	InitialLoss    Num    `json:"initial_loss"`
	StepsRun       int    `json:"steps_run"`
	Converged      bool   `json:"converged"`
	Diverged       bool   `json:"diverged"`
	Status         string `json:"status"`
	Reason         string `json:"reason,omitempty"`
	SuggestedLR    Num    `json:"suggested_lr,omitempty"`
	ALearned       bool   `json:"a_learned"`
	BLearned       bool   `json:"b_learned"`
	FinalWA        []Num  `json:"final_w_A"`
	FinalWB        []Num  `json:"final_w_B"`
	// TXor and TLin are the half-times (steps) of the XOR and linear parts of
	// the output on XOR + Gaussian data (docs/theory.md §9.2).
	TXor       Num         `json:"t_xor,omitempty"`
	TLin       Num         `json:"t_lin,omitempty"`
	Trajectory []TrajPoint `json:"trajectory,omitempty"`
	// Compete is the joint-versus-unimodal comparison (docs/theory.md §10.2)
	// when the job asked for it (query key compete=1).
	Compete *CompeteReport `json:"compete,omitempty"`
}

// TrajPoint is a trajectory point with JSON-safe numbers.
type TrajPoint struct {
	Step  int   `json:"step"`
	T     Num   `json:"t"`
	Loss  Num   `json:"loss"`
	WA    Num   `json:"w_A"`
	WB    Num   `json:"w_B"`
	NormA Num   `json:"norm_A"`
	NormB Num   `json:"norm_B"`
	Eg    Num   `json:"eg"`
	DecA  Num   `json:"dec_A"`
	DecB  Num   `json:"dec_B"`
	Xor   Num   `json:"xor,omitempty"`
	Lin   Num   `json:"lin,omitempty"`
	VecA  []Num `json:"vec_A,omitempty"`
	VecB  []Num `json:"vec_B,omitempty"`
	TrajMeasures
}

// TrajMeasures are the related work's measures at a trajectory point
// (docs/theory.md §10); a field is absent where the quantity is undefined or
// was not read at that point.
type TrajMeasures struct {
	// PF, PA, PB: fraction of the target explained by the network and by
	// each modality alone, P(f), P(f_A′), P(f_B′) (accuracies under the
	// logistic loss; §10.0, §10.3).
	PF Num `json:"p_f,omitempty"`
	PA Num `json:"p_A,omitempty"`
	PB Num `json:"p_B,omitempty"`
	// UAB = u(A|B), UBA = u(B|A): conditional utilisation rates (§10.1).
	UAB Num `json:"u_AB,omitempty"`
	UBA Num `json:"u_BA,omitempty"`
	// D = log10(M_B/M_A): conditional learning-speed imbalance (§10.1).
	D Num `json:"d,omitempty"`
	// SA, SB: modality scores; KA, KB: OGM's coefficients (§10.4).
	SA Num `json:"s_A,omitempty"`
	SB Num `json:"s_B,omitempty"`
	KA Num `json:"k_A,omitempty"`
	KB Num `json:"k_B,omitempty"`
	// FeatA, FeatB: RMS norm of the features entering the fusion layer;
	// ContA, ContB: RMS of the output contributions ŷ_A, ŷ_B (§10.3).
	FeatA Num `json:"feat_A,omitempty"`
	FeatB Num `json:"feat_B,omitempty"`
	ContA Num `json:"cont_A,omitempty"`
	ContB Num `json:"cont_B,omitempty"`
}

// JobResult is what came back from a worker for one simulation job: its
// report, or the error that stopped it. Done is false while it is pending.
type JobResult struct {
	Done   bool    `json:"done"`
	Report *Report `json:"report,omitempty"`
	Err    string  `json:"error,omitempty"`
	Millis float64 `json:"ms,omitempty"`
}
