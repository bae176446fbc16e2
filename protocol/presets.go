package protocol

// PresetInfo names and describes a preset figure for menus: the URL value
// (?preset=name), the title and the docs/theory.md sections it reproduces.
type PresetInfo struct {
	Name    string `json:"name"`
	Title   string `json:"title"`
	Section string `json:"section"`
}

// Presets is the one list of the one-click figures (docs/theory.md §7, §9), in
// menu order. engine/preset builds each of them; the page's menu, the
// figure titles and the worker all read their names and titles from here.
var Presets = []PresetInfo{
	{"early-late", "Early vs late fusion: the unimodal plateau", "§5.1, §5.4, §5.8"},
	{"ratio-rho", "Time ratio t_B/t_A vs correlation ρ", "§5.3, §5.10, §7.1"},
	{"misattribution", "Misattribution during the unimodal phase", "§5.2, §7.2"},
	{"heatmap", "Heat maps over ρ × σ_A/σ_B", "§5.2, §5.3, §7.3"},
	{"superficial", "Superficial modality preference", "§5.9, §7.4"},
	{"portrait", "Phase portraits of two-layer networks", "§5.1, §7.5"},
	{"deep", "Deep networks: the fusion layer sets the plateau", "§5.5, §5.7, §7.6"},
	{"random", "Random covariances: theory vs simulation", "§2.2, §5.6, §7.7"},
	{"overparam", "Under- vs over-parameterised: permanent unimodal bias", "§5.11, §7.8"},
	{"relu", "Two-layer ReLU networks and XOR + Gaussian", "§5.12, §9.1, §9.2"},
	{"competition", "Modality competition", "§10.2"},
	{"joint-loses", "When joint training loses", "§10.2"},
	{"drive", "B's drive on A's plateau", "§10.2"},
	{"remedies", "Remedies vs the unimodal phase", "§10.1, §10.4–§10.6"},
	{"greedy", "Greedy learning: utilisation and learning speed", "§10.1"},
	{"decision", "Imbalance at the decision layer", "§10.3"},
	{"critical", "Critical period: a deficit of B at high ρ", "§10.5"},
	{"your-data", "Your own data: the bundled example of two noisy views", "§2.5, §5.6, §5.7"},
}

// PresetByName returns the preset called name and whether there is one.
func PresetByName(name string) (PresetInfo, bool) {
	for _, p := range Presets {
		if p.Name == name {
			return p, true
		}
	}
	return PresetInfo{}, false
}
