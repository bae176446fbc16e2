// Package params is the single source of truth for unibias experiment
// parameters: name, type, default, valid range, unit and help text. The command
// line flags, the page's controls and URL, and the JSON export are all derived
// from Table, in the spirit of tensorflow/playground's state table.
package params

import (
	"fmt"
	"maps"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Kind is the type of a parameter's value.
type Kind int

// Parameter kinds.
const (
	Float Kind = iota // a real number in [Min, Max]
	Int               // an integer in [Min, Max]
	Enum              // one of Choices
	Bool              // true or false
	List              // a comma-separated list of reals (sweep series values)
	Name              // the name of another sweepable parameter (or empty)
	Text              // free text of at most MaxText bytes (the custom data's moments), no control of its own
)

// MaxText is the longest value of a Text parameter.
const MaxText = 1 << 20

// Param describes one experiment parameter.
type Param struct {
	Name     string   // URL key and command-line flag
	Label    string   // short human label for controls
	Kind     Kind     // value type
	Default  string   // default value, in canonical text form
	Min, Max float64  // valid range for Float and Int
	Choices  []string // allowed values for Enum
	Unit     string   // unit or symbol, e.g. "σ_A/σ_B"
	Help     string   // one-sentence explanation
	Group    string   // "network", "data", "training", "sweep"
	Log      bool     // a log scale suits this parameter (controls, sweeps)
	Sweep    bool     // may be used as a sweep axis or series
	Step     float64  // suggested control step (0: any)

	// Symbol is the short name in the paper's notation (ρ, Lf, σ_A/σ_B),
	// used in legends and captions; every sweepable parameter has one.
	Symbol string
	// AxisFrom and AxisTo are the sweep range a new x axis on this
	// parameter starts with (sweepable parameters only).
	AxisFrom, AxisTo string
	// SeriesValues are the values a new series on this parameter starts
	// with, as a List value (sweepable parameters only).
	SeriesValues string
	// Under names the parameters that switch this one on (a remedy's
	// settings under the remedy): the page shows its control only while one
	// of them differs from its default.
	Under []string
}

// Table lists every parameter, in display order. docs/theory.md section numbers in
// the help text point to the meaning of each quantity.
var Table = []Param{
	{Name: "depth", Label: "Depth L", Kind: Int, Default: "4", Min: 1, Max: 8, Unit: "layers", Group: "network", Sweep: true, Step: 1,
		Symbol: "L", AxisFrom: "2", AxisTo: "6", SeriesValues: "2,3,4",
		Help: "Number of weight layers L (docs/theory.md §1)."},
	{Name: "fusion", Label: "Fusion layer Lf", Kind: Int, Default: "4", Min: 1, Max: 8, Unit: "layer", Group: "network", Sweep: true, Step: 1,
		Symbol: "Lf", AxisFrom: "1", AxisTo: "4", SeriesValues: "1,2,3,4",
		Help: "Layer at which the modalities merge: 1 = early, L = late fusion (§1)."},
	{Name: "width", Label: "Width h", Kind: Int, Default: "100", Min: 1, Max: 1000, Unit: "units", Group: "network", Sweep: true, Step: 1,
		Symbol: "h", AxisFrom: "10", AxisTo: "200", SeriesValues: "10,100",
		Help: "Hidden width of every hidden layer (§1)."},
	{Name: "init", Label: "Init scale", Kind: Float, Default: "0.1", Min: 1e-12, Max: 0.5, Unit: "u0 or γ", Group: "network", Sweep: true, Log: true,
		Symbol: "u0", AxisFrom: "0.01", AxisTo: "0.2", SeriesValues: "0.01,0.05,0.1",
		Help: "Initial weight scale: u0 for aligned and norm-scaled init, entry std γ for entrywise (§1.1)."},
	{Name: "initscheme", Label: "Init scheme", Kind: Enum, Default: "aligned", Choices: []string{"entrywise", "scaled", "aligned"}, Group: "network",
		Help: "entrywise N(0,γ²); scaled: each layer of norm ≈ γ (reference deep code); aligned: rank-one balanced, follows the reduced ODE (§1.1)."},
	{Name: "act", Label: "Activation", Kind: Enum, Default: "linear", Choices: []string{"linear", "relu", "smoothrelu"}, Group: "network",
		Help: "Linear network, ReLU, or the odd smoothed ReLU σ̃(z) − σ̃(−z) of §10.2 between layers (the nonlinear ones train on samples, §9)."},
	{Name: "lr", Label: "Learning rate η", Kind: Float, Default: "0.04", Min: 1e-5, Max: 2, Unit: "η", Group: "training", Sweep: true, Log: true,
		Symbol: "η", AxisFrom: "0.005", AxisTo: "0.08", SeriesValues: "0.01,0.04",
		Help: "Full-batch gradient-descent step; theory time t = η·steps (§3)."},
	{Name: "steps", Label: "Step budget", Kind: Int, Default: "20000", Min: 1, Max: 5000000, Unit: "steps", Group: "training", Log: true,
		Help: "Maximum number of gradient steps; a run also stops once it has converged."},
	{Name: "tol", Label: "Convergence tolerance", Kind: Float, Default: "0.0001", Min: 1e-12, Max: 1, Group: "training", Log: true,
		Help: "Stop when the loss is within this of its minimum (reference: 1e-4, §3)."},
	{Name: "data", Label: "Data", Kind: Enum, Default: "toy", Choices: []string{"toy", "multi", "random", "xor", "insufficient", "custom"}, Group: "data",
		Help: "toy: scalar Gaussian pair; multi: 100-d fixed Gaussian; random: inverse-Wishart covariance; xor: XOR + Gaussian (§2); insufficient: labels ±1, each modality's feature present with probability 1 − p_m (§10.2); custom: your own data's moments (§2.5)."},
	{Name: "rho", Label: "Correlation ρ", Kind: Float, Default: "0", Min: -0.99, Max: 0.99, Unit: "ρ", Group: "data", Sweep: true, Step: 0.01,
		Symbol: "ρ", AxisFrom: "-0.9", AxisTo: "0.9", SeriesValues: "-0.5,0,0.5",
		Help: "Correlation between the two modalities (toy data, §2.1); |ρ| → 1 makes B redundant."},
	{Name: "ratio", Label: "σ_A/σ_B", Kind: Float, Default: "2", Min: 0.1, Max: 10, Unit: "σ_A/σ_B", Group: "data", Sweep: true, Step: 0.05,
		Symbol: "σ_A/σ_B", AxisFrom: "1", AxisTo: "3", SeriesValues: "1,1.5,2,3",
		Help: "Standard deviation of modality A relative to B (σ_B = 1, §2.1)."},
	{Name: "wa", Label: "Teacher w_A*", Kind: Float, Default: "1", Min: -10, Max: 10, Group: "data", Sweep: true, Step: 0.05,
		Symbol: "w_A*", AxisFrom: "0.5", AxisTo: "3", SeriesValues: "1,2",
		Help: "Teacher weight on x_A: y = w_A* x_A + w_B* x_B (§2.1)."},
	{Name: "wb", Label: "Teacher w_B*", Kind: Float, Default: "1", Min: -10, Max: 10, Group: "data", Sweep: true, Step: 0.05,
		Symbol: "w_B*", AxisFrom: "0.5", AxisTo: "3", SeriesValues: "0.5,1,2",
		Help: "Teacher weight on x_B (§2.1)."},
	{Name: "noise", Label: "Output noise", Kind: Float, Default: "0", Min: 0, Max: 10, Unit: "std", Group: "data", Sweep: true, Step: 0.05,
		Symbol: "noise", AxisFrom: "0", AxisTo: "1", SeriesValues: "0,0.5",
		Help: "Standard deviation of the output noise ε (§2)."},
	{Name: "samples", Label: "Samples P", Kind: Int, Default: "0", Min: 0, Max: 200000, Unit: "samples", Group: "data", Sweep: true, Log: true,
		Symbol: "P", AxisFrom: "100", AxisTo: "10000", SeriesValues: "100,1000",
		Help: "Number of training samples; 0 = exact population moments (linear nets only, §2.4)."},
	{Name: "dim", Label: "Input dimension D", Kind: Int, Default: "20", Min: 2, Max: 200, Group: "data", Step: 2,
		Help: "Total input dimension for random and insufficient data (split in half between A and B, §2.2, §10.2)."},
	{Name: "varlin", Label: "Variance of x_B (XOR)", Kind: Float, Default: "1", Min: 0.01, Max: 10, Group: "data", Sweep: true, Log: true,
		Symbol: "var x_B", AxisFrom: "0.1", AxisTo: "3", SeriesValues: "0.5,1,2",
		Help: "Variance of the linear modality in XOR + Gaussian data (§2.3)."},
	{Name: "moments", Label: "Your data's moments", Kind: Text, Default: "", Group: "data",
		Help: "The moments of your own data (data=custom) in compact form, written by the page or the command line from a moments file or a CSV (§2.5)."},
	// The insufficient-data model, the logistic loss and the smoothed ReLU
	// of Huang et al. (docs/theory.md §10.2).
	{Name: "mua", Under: []string{"data"}, Label: "Feature strength μ_A", Kind: Float, Default: "2", Min: 0, Max: 10, Unit: "μ_A", Group: "data", Sweep: true, Step: 0.05,
		Symbol: "μ_A", AxisFrom: "0.5", AxisTo: "4", SeriesValues: "1,2,3",
		Help: "Strength of A's feature in the insufficient-data model: x_A = y·μ_A·c_A·e₁ + noise (data=insufficient, §10.2)."},
	{Name: "mub", Under: []string{"data"}, Label: "Feature strength μ_B", Kind: Float, Default: "1", Min: 0, Max: 10, Unit: "μ_B", Group: "data", Sweep: true, Step: 0.05,
		Symbol: "μ_B", AxisFrom: "0.25", AxisTo: "2", SeriesValues: "0.5,1",
		Help: "Strength of B's feature in the insufficient-data model (§10.2)."},
	{Name: "pa", Under: []string{"data"}, Label: "A missing p_A", Kind: Float, Default: "0", Min: 0, Max: 1, Unit: "p_A", Group: "data", Sweep: true, Step: 0.01,
		Symbol: "p_A", AxisFrom: "0", AxisTo: "0.8", SeriesValues: "0,0.2",
		Help: "Probability that a sample lacks A's feature (c_A = 0) in the insufficient-data model (§10.2)."},
	{Name: "pb", Under: []string{"data"}, Label: "B missing p_B", Kind: Float, Default: "0", Min: 0, Max: 1, Unit: "p_B", Group: "data", Sweep: true, Step: 0.01,
		Symbol: "p_B", AxisFrom: "0", AxisTo: "0.8", SeriesValues: "0,0.2",
		Help: "Probability that a sample lacks B's feature (c_B = 0) in the insufficient-data model (§10.2)."},
	{Name: "sigman", Under: []string{"data"}, Label: "Input noise σ_n", Kind: Float, Default: "1", Min: 0.01, Max: 10, Unit: "σ_n", Group: "data", Sweep: true, Log: true,
		Symbol: "σ_n", AxisFrom: "0.1", AxisTo: "2", SeriesValues: "0.3,1",
		Help: "Standard deviation of the Gaussian noise on every input coordinate in the insufficient-data model (§10.2)."},
	{Name: "loss", Label: "Loss", Kind: Enum, Default: "squared", Choices: []string{"squared", "logistic"}, Group: "training",
		Help: "squared: ½·mean (y − ŷ)² (§3); logistic: mean log(1 + exp(−yŷ)) on labels ±1, trains on samples (data=insufficient, §10.2)."},
	{Name: "q", Under: []string{"act"}, Label: "Smoothed ReLU: power q", Kind: Float, Default: "3", Min: 3, Max: 10, Unit: "q", Group: "network", Step: 0.5,
		Help: "Power of the smoothed ReLU σ̃(z) = z^q/(qβ^{q−1}) below β (act=smoothrelu, §10.2)."},
	{Name: "beta", Under: []string{"act"}, Label: "Smoothed ReLU: threshold β", Kind: Float, Default: "1", Min: 0.001, Max: 10, Unit: "β", Group: "network", Log: true,
		Help: "Where the smoothed ReLU turns linear: σ̃(z) = z − (1 − 1/q)β above β (act=smoothrelu, §10.2)."},
	{Name: "seed", Label: "Seed", Kind: Int, Default: "1", Min: 0, Max: 1 << 40, Group: "training", Step: 1,
		Help: "Random seed for data and initialisation; the same seed reproduces a run bit for bit."},
	{Name: "x", Label: "Sweep axis", Kind: Name, Default: "rho", Group: "sweep",
		Help: "Parameter varied along the x axis of the phase diagram."},
	{Name: "from", Label: "From", Kind: Float, Default: "-0.9", Min: -1e12, Max: 1e12, Group: "sweep",
		Help: "First value of the sweep axis."},
	{Name: "to", Label: "To", Kind: Float, Default: "0.9", Min: -1e12, Max: 1e12, Group: "sweep",
		Help: "Last value of the sweep axis."},
	{Name: "points", Label: "Points", Kind: Int, Default: "7", Min: 1, Max: 200, Group: "sweep", Step: 1,
		Help: "Number of simulated points along the sweep axis."},
	{Name: "series", Label: "Series parameter", Kind: Name, Default: "fusion", Group: "sweep",
		Help: "Parameter giving one series (colour) per value; empty for none."},
	{Name: "values", Label: "Series values", Kind: List, Default: "1,2,3,4", Group: "sweep",
		Help: "Comma-separated values of the series parameter."},
	{Name: "repeats", Label: "Repeats", Kind: Int, Default: "1", Min: 1, Max: 20, Group: "sweep", Step: 1,
		Help: "Simulations per point with distinct seeds (seed, seed+1, …)."},
	// Remedies of the related work (docs/theory.md §10): each is off by
	// default, and a run with every remedy off is bit-identical to one
	// without them.
	{Name: "wu", Label: "Balanced training (Wu et al.)", Kind: Enum, Default: "off", Choices: []string{"off", "balanced", "random"}, Group: "remedy",
		Help: "Wu et al. 2022 (§10.1): after warm-up, when |d| exceeds ε run Q re-balancing steps on the slower modality alone; random: each step is regular, A-only or B-only at random."},
	{Name: "wueps", Under: []string{"wu"}, Label: "Wu: threshold ε", Kind: Float, Default: "0.01", Min: 0, Max: 10, Unit: "ε", Group: "remedy", Sweep: true, Log: false, Step: 0.01,
		Symbol: "ε", AxisFrom: "0", AxisTo: "1", SeriesValues: "0.01,0.5",
		Help: "Imbalance |d| = |log10(M_B/M_A)| above which balanced training re-balances (§10.1; default 0.01 as in the authors' code)."},
	{Name: "wuq", Under: []string{"wu"}, Label: "Wu: re-balancing steps Q", Kind: Int, Default: "5", Min: 1, Max: 100, Unit: "steps", Group: "remedy", Sweep: true, Step: 1,
		Symbol: "Q", AxisFrom: "1", AxisTo: "10", SeriesValues: "1,5",
		Help: "Re-balancing steps run each time the imbalance exceeds ε (§10.1; default 5)."},
	{Name: "wuwarm", Under: []string{"wu"}, Label: "Wu: warm-up", Kind: Int, Default: "0", Min: 0, Max: 5000000, Unit: "steps", Group: "remedy",
		Help: "Regular steps before balanced training starts re-balancing (§10.1)."},
	{Name: "wudecay", Under: []string{"wu"}, Label: "Wu: memory of M", Kind: Float, Default: "1", Min: 0, Max: 1, Group: "remedy", Step: 0.01,
		Help: "1 = the paper's cumulative learning speed M (faithful); below 1, M ← decay·M + μ each step, an exponential average that is NOT in the paper (§10.1)."},
	{Name: "ogm", Label: "OGM (Peng et al.)", Kind: Enum, Default: "off", Choices: []string{"off", "ogm", "ogm-ge"}, Group: "remedy",
		Help: "On-the-fly gradient modulation (§10.4): slows the encoder of the modality with the higher score; ogm-ge adds Gaussian noise of the gradient's own spread."},
	{Name: "alpha", Under: []string{"ogm"}, Label: "OGM: α", Kind: Float, Default: "0.1", Min: 0, Max: 10, Unit: "α", Group: "remedy", Sweep: true, Step: 0.05,
		Symbol: "α", AxisFrom: "0", AxisTo: "1", SeriesValues: "0.1,0.8",
		Help: "Strength of OGM's modulation k = 1 − tanh(α·ratio) (§10.4; 0.1 default, 0.8 in the authors' CREMA-D tip)."},
	{Name: "ogmwindow", Under: []string{"ogm"}, Label: "OGM: window", Kind: Float, Default: "0.5", Min: 0, Max: 1, Unit: "of budget", Group: "remedy", Step: 0.05,
		Help: "Fraction of the step budget during which OGM modulates (§10.4; the first half by default)."},
	{Name: "ogmcont", Under: []string{"ogm"}, Label: "OGM: continuous", Kind: Bool, Default: "false", Group: "remedy",
		Help: "Use tanh(α·(ratio − 1)) instead of tanh(α·ratio): the earlier, continuous form (§10.4)."},
	{Name: "ogmfusion", Under: []string{"ogm"}, Label: "OGM: include fusion block", Kind: Bool, Default: "false", Group: "remedy",
		Help: "Also modulate each modality's column block of the fusion layer (the authors modulate the encoders only, §10.4)."},
	{Name: "capw", Label: "Capability-weighted fusion", Kind: Bool, Default: "false", Group: "remedy",
		Help: "Our reading of Ma & Chen's recommendation (§10.3): ŷ = g_A ŷ_A + g_B ŷ_B with g_m = 2c_m/(c_A + c_B), c_m each modality's score."},
	{Name: "capevery", Under: []string{"capw"}, Label: "Capability: every K steps", Kind: Int, Default: "10", Min: 1, Max: 1000000, Unit: "steps", Group: "remedy", Log: true,
		Help: "How often capability-weighted fusion recomputes the capabilities c_m (§10.3)."},
	{Name: "dropa", Label: "Dropout of A p_A", Kind: Float, Default: "0", Min: 0, Max: 0.95, Unit: "p_A", Group: "remedy", Sweep: true, Step: 0.05,
		Symbol: "p_A", AxisFrom: "0", AxisTo: "0.8", SeriesValues: "0,0.5",
		Help: "Probability of dropping modality A from a sample (§10.5); exact in expectation on moments, drawn per sample otherwise."},
	{Name: "dropb", Label: "Dropout of B p_B", Kind: Float, Default: "0", Min: 0, Max: 0.95, Unit: "p_B", Group: "remedy", Sweep: true, Step: 0.05,
		Symbol: "p_B", AxisFrom: "0", AxisTo: "0.8", SeriesValues: "0,0.5",
		Help: "Probability of dropping modality B from a sample (§10.5)."},
	{Name: "droprescale", Under: []string{"dropa", "dropb"}, Label: "Dropout: rescale", Kind: Bool, Default: "false", Group: "remedy",
		Help: "Inverted dropout: divide a kept input by 1 − p (§10.5)."},
	{Name: "deficit", Label: "Deficit of B for T steps", Kind: Int, Default: "0", Min: 0, Max: 5000000, Unit: "steps", Group: "remedy", Sweep: true,
		Symbol: "T", AxisFrom: "0", AxisTo: "2000", SeriesValues: "0,500,2000",
		Help: "Withhold modality B (input set to its mean) for the first T steps, then train jointly: the critical period of §10.5."},
}

var byName = func() map[string]*Param {
	m := make(map[string]*Param, len(Table))
	for i := range Table {
		m[Table[i].Name] = &Table[i]
	}
	return m
}()

// Lookup returns the parameter called name.
func Lookup(name string) (*Param, bool) {
	p, ok := byName[name]
	return p, ok
}

// Default returns the default value of the parameter called name, in
// canonical text form ("" for an unknown name).
func Default(name string) string {
	if p, ok := byName[name]; ok {
		return p.Default
	}
	return ""
}

// Symbol returns the short symbol of a parameter in the paper's notation
// (ρ, Lf, σ_A/σ_B, …), or the name itself when it has none.
func Symbol(name string) string {
	if p, ok := byName[name]; ok && p.Symbol != "" {
		return p.Symbol
	}
	return name
}

// Relevant reports whether the parameter called name matters under s: true
// unless it has Under parameters and all of them are at their defaults.
func (s Set) Relevant(name string) bool {
	p, ok := byName[name]
	if !ok || len(p.Under) == 0 {
		return true
	}
	for _, u := range p.Under {
		if s.vals[u] != Default(u) {
			return true
		}
	}
	return false
}

// Sweepable lists the names of parameters that can be a sweep axis or series.
func Sweepable() []string {
	var out []string
	for _, p := range Table {
		if p.Sweep {
			out = append(out, p.Name)
		}
	}
	return out
}

// RangeText describes the valid values of p, for error messages and help.
func (p *Param) RangeText() string {
	switch p.Kind {
	case Float:
		return fmt.Sprintf("a number in [%s, %s]", fmtNum(p.Min), fmtNum(p.Max))
	case Int:
		return fmt.Sprintf("an integer in [%s, %s]", fmtNum(p.Min), fmtNum(p.Max))
	case Enum:
		return "one of " + strings.Join(p.Choices, ", ")
	case Bool:
		return "true or false"
	case List:
		return "a comma-separated list of numbers"
	case Name:
		return "empty or one of " + strings.Join(Sweepable(), ", ")
	case Text:
		return "text of at most 1 MiB"
	}
	return ""
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// Error is a validation error naming the parameter and its valid range.
type Error struct {
	Param string
	Value string
	Why   string
}

func (e *Error) Error() string {
	return fmt.Sprintf("parameter %s=%q: %s", e.Param, e.Value, e.Why)
}

// parse converts text to the canonical value for p without clamping.
// It returns the canonical text, the numeric value (for Float/Int) and
// whether the value lies outside the range (for clamping).
func (p *Param) parse(text string) (canon string, num float64, out bool, err error) {
	text = strings.TrimSpace(text)
	switch p.Kind {
	case Float, Int:
		v, out, err := p.number(text)
		if err != nil {
			return "", 0, false, err
		}
		return fmtNum(v), v, out, nil
	case Enum:
		for _, c := range p.Choices {
			if strings.EqualFold(c, text) {
				return c, 0, false, nil
			}
		}
		return "", 0, false, &Error{p.Name, text, "want " + p.RangeText()}
	case Bool:
		b, e := strconv.ParseBool(text)
		if e != nil {
			return "", 0, false, &Error{p.Name, text, "want true or false"}
		}
		return strconv.FormatBool(b), 0, false, nil
	case List:
		vals, e := ParseList(text)
		if e != nil {
			return "", 0, false, &Error{p.Name, text, e.Error()}
		}
		return FormatList(vals), 0, false, nil
	case Name:
		if text == "" || text == "none" {
			return "", 0, false, nil
		}
		if q, ok := byName[text]; ok && q.Sweep {
			return text, 0, false, nil
		}
		return "", 0, false, &Error{p.Name, text, "want " + p.RangeText()}
	case Text:
		if len(text) > MaxText {
			return "", 0, false, &Error{p.Name, text[:40] + "…", "longer than 1 MiB"}
		}
		return text, 0, false, nil
	}
	return "", 0, false, &Error{p.Name, text, "unknown kind"}
}

// number parses a Float or Int parameter's trimmed text: its value and
// whether it lies outside [Min, Max].
func (p *Param) number(text string) (v float64, out bool, err error) {
	v, e := strconv.ParseFloat(text, 64)
	if e != nil || math.IsNaN(v) {
		return 0, false, &Error{p.Name, text, "not a number; want " + p.RangeText()}
	}
	if p.Kind == Int && (math.IsInf(v, 0) || v != math.Trunc(v)) {
		return 0, false, &Error{p.Name, text, "not an integer; want " + p.RangeText()}
	}
	return v, v < p.Min || v > p.Max, nil
}

// check is parse without the canonical text: whether text is valid and in
// range (Validate runs it on every parameter of every theory point).
func (p *Param) check(text string) (out bool, err error) {
	if p.Kind == Float || p.Kind == Int {
		_, out, err = p.number(strings.TrimSpace(text))
		return out, err
	}
	_, _, out, err = p.parse(text)
	return out, err
}

// ParseList parses a comma-separated list of finite numbers (at most 12).
func ParseList(text string) ([]float64, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, nil
	}
	parts := strings.Split(text, ",")
	if len(parts) > 12 {
		return nil, fmt.Errorf("at most 12 values, got %d", len(parts))
	}
	out := make([]float64, 0, len(parts))
	for _, s := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%q is not a finite number", strings.TrimSpace(s))
		}
		out = append(out, v)
	}
	return out, nil
}

// FormatList is the canonical text of a list of numbers.
func FormatList(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmtNum(x)
	}
	return strings.Join(s, ",")
}

// Set is a full assignment of every parameter, in canonical text form.
// The zero value is not valid; start from Defaults.
type Set struct {
	vals map[string]string
}

// Defaults returns the default assignment.
func Defaults() Set {
	s := Set{vals: make(map[string]string, len(Table))}
	for _, p := range Table {
		s.vals[p.Name] = p.Default
	}
	return s
}

// Clone returns an independent copy.
func (s Set) Clone() Set {
	if s.vals == nil {
		return Set{vals: map[string]string{}}
	}
	return Set{vals: maps.Clone(s.vals)}
}

// Set assigns a value, rejecting unknown names, junk and out-of-range values
// with an *Error that names the parameter and its valid range.
func (s Set) Set(name, text string) error {
	p, ok := byName[name]
	if !ok {
		return &Error{name, text, "unknown parameter"}
	}
	canon, _, out, err := p.parse(text)
	if err != nil {
		return err
	}
	if out {
		return &Error{name, text, "out of range; want " + p.RangeText()}
	}
	s.vals[name] = canon
	return nil
}

// SetClamped assigns a value, clamping numbers into range. It returns a
// human-readable notice when it clamped, and an error for junk.
func (s Set) SetClamped(name, text string) (notice string, err error) {
	p, ok := byName[name]
	if !ok {
		return "", &Error{name, text, "unknown parameter"}
	}
	canon, v, out, err := p.parse(text)
	if err != nil {
		return "", err
	}
	if out {
		c := math.Min(math.Max(v, p.Min), p.Max)
		canon = fmtNum(c)
		notice = fmt.Sprintf("%s=%s is outside [%s, %s]; using %s", name, fmtNum(v), fmtNum(p.Min), fmtNum(p.Max), canon)
	}
	s.vals[name] = canon
	return notice, nil
}

// Get returns the canonical text of a parameter ("" for unknown names).
func (s Set) Get(name string) string { return s.vals[name] }

// Float returns a numeric parameter's value (0 for non-numbers).
func (s Set) Float(name string) float64 {
	v, _ := strconv.ParseFloat(s.vals[name], 64)
	return v
}

// Int returns an integer parameter's value.
func (s Set) Int(name string) int { return int(s.Float(name)) }

// List returns a list parameter's values.
func (s Set) List(name string) []float64 {
	v, _ := ParseList(s.vals[name])
	return v
}

// Map returns a copy of all values keyed by name.
func (s Set) Map() map[string]string {
	out := make(map[string]string, len(s.vals))
	for k, v := range s.vals {
		out[k] = v
	}
	return out
}

// Query encodes the parameters that differ from their defaults as a URL query
// (keys sorted), so the default experiment has the empty query.
func (s Set) Query() url.Values {
	q := url.Values{}
	for _, p := range Table {
		if v := s.vals[p.Name]; v != p.Default {
			q.Set(p.Name, v)
		}
	}
	return q
}

// Encode is Query().Encode().
func (s Set) Encode() string { return s.Query().Encode() }

// FromQuery decodes parameters from a URL query onto the defaults. Unknown keys
// are ignored (other features own them), out-of-range values are clamped and
// junk is replaced by the default; each correction yields a notice. It never
// fails.
func FromQuery(q url.Values) (Set, []string) {
	s := Defaults()
	var notices []string
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if _, ok := byName[k]; !ok {
			continue
		}
		vals := q[k]
		if len(vals) == 0 {
			continue
		}
		n, err := s.SetClamped(k, vals[len(vals)-1])
		if err != nil {
			notices = append(notices, err.Error()+"; using the default "+byName[k].Default)
			continue
		}
		if n != "" {
			notices = append(notices, n)
		}
	}
	notices = append(notices, s.Reconcile()...)
	return s, notices
}

// Reconcile fixes combinations that are individually valid but jointly not
// (e.g. a fusion layer deeper than the network), returning notices.
func (s Set) Reconcile() []string {
	var n []string
	if s.Int("fusion") > s.Int("depth") {
		n = append(n, fmt.Sprintf("fusion=%d exceeds depth=%d; using fusion=%d (late fusion)", s.Int("fusion"), s.Int("depth"), s.Int("depth")))
		s.vals["fusion"] = s.vals["depth"]
	}
	if s.Get("act") == "relu" && s.Int("samples") == 0 {
		n = append(n, "ReLU networks train on samples; using samples=8192")
		s.vals["samples"] = "8192"
	}
	if s.Get("data") == "xor" && s.Int("samples") == 0 {
		n = append(n, "XOR data needs samples; using samples=8192")
		s.vals["samples"] = "8192"
	}
	n = append(n, s.reconcileCompete()...)
	if d := s.Int("dim"); d%2 == 1 {
		n = append(n, fmt.Sprintf("dim=%d is odd; using %d so both modalities get half", d, d+1))
		s.vals["dim"] = strconv.Itoa(d + 1)
	}
	if x, ser := s.Get("x"), s.Get("series"); x != "" && x == ser {
		n = append(n, "series parameter equals the sweep axis; dropping the series")
		s.vals["series"] = ""
	}
	return n
}

// Validate checks that every value is in range and the combination is
// consistent, returning the first problem.
func (s Set) Validate() error {
	for _, p := range Table {
		if out, err := p.check(s.vals[p.Name]); err != nil {
			return err
		} else if out {
			return &Error{p.Name, s.vals[p.Name], "out of range; want " + p.RangeText()}
		}
	}
	if s.Int("fusion") > s.Int("depth") {
		return &Error{"fusion", s.vals["fusion"], fmt.Sprintf("must be at most depth=%d", s.Int("depth"))}
	}
	if s.Get("act") == "relu" && s.Int("samples") == 0 {
		return &Error{"samples", "0", "ReLU networks train on samples; set samples ≥ 1 (e.g. 8192)"}
	}
	if s.Get("data") == "xor" && s.Int("samples") == 0 {
		return &Error{"samples", "0", "XOR data needs samples; set samples ≥ 4"}
	}
	if err := s.validateCompete(); err != nil {
		return err
	}
	if s.Get("data") == "custom" && s.Get("moments") == "" {
		return &Error{"moments", "", "data=custom needs your data's moments: load a moments file or a CSV (page: “Your data”; command line: --moments m.json or --csv file.csv --a … --b … --y …)"}
	}
	return nil
}
