package protocol

// CompeteReport is the joint-versus-unimodal comparison of docs/theory.md
// §10.2: the same network, from the same initial weights and on the same
// data, trained on both modalities (joint) and on each modality alone (the
// other input set to its mean, 0). Report.Compete carries it.
type CompeteReport struct {
	// Steps are the recorded steps (the state before that step's update),
	// shared by every run's series.
	Steps []int `json:"steps"`
	// Runs are "joint", "A alone" and "B alone", in that order.
	Runs []CompeteRun `json:"runs"`
	// Gap is best unimodal minus joint test accuracy on the full test set
	// and on the test set where modality A is absent (positive: joint
	// training loses).
	GapFull Num `json:"gap_full"`
	GapNoA  Num `json:"gap_no_A"`
	// PlateauStep is the first recorded step of the joint run at which A's
	// drive has fallen below 0.1% of its initial value (A fitted, B not yet),
	// and DriveRatio B's drive there over B's initial drive: the quantity of
	// the squared-loss closed form (1 + p_A(1−p_A)μ_A²)/(1 + (1−p_A)μ_A²)
	// (σ_n = 1). Squared loss only; null when A's drive never falls that far.
	PlateauStep Num `json:"plateau_step"`
	DriveRatio  Num `json:"drive_ratio"`
	// DriveTheory is that closed form for the run's parameters
	// ((σ_n² + p_A(1−p_A)μ_A²)/(σ_n² + (1−p_A)μ_A²), p_B = 0 only).
	DriveTheory Num `json:"drive_theory"`
	// FixedReadout says that the fusion layer is fixed at +1 (smoothed-ReLU
	// encoders f_m = Σ_j φ(⟨w_j, x_m⟩), as in the paper).
	FixedReadout bool   `json:"fixed_readout,omitempty"`
	Note         string `json:"note,omitempty"`
}

// CompeteRun is one of the three trainings of a CompeteReport.
type CompeteRun struct {
	Name string `json:"name"`
	// AlignA, AlignB: each encoder's alignment with its feature,
	// max_j |w_j[1]| over the rows w_j of the modality's first layer, at
	// every recorded step. WA, WB: the first entry of W_A^tot, W_B^tot (the
	// plain product of the layers).
	AlignA []Num `json:"align_A"`
	AlignB []Num `json:"align_B"`
	WA     []Num `json:"w_A"`
	WB     []Num `json:"w_B"`
	// Loss is the training loss; OwnLossA and OwnLossB the loss of the
	// network's output with only A (only B) present, the other input at its
	// mean: each modality's own loss inside this network.
	Loss     []Num `json:"loss"`
	OwnLossA []Num `json:"own_loss_A"`
	OwnLossB []Num `json:"own_loss_B"`
	// DriveA, DriveB are mean(−∂ℓ/∂ŷ · x_m[1]) over the training data: how
	// strongly the residual still pulls on each modality's feature.
	DriveA []Num `json:"drive_A"`
	DriveB []Num `json:"drive_B"`
	// Final state: training loss and accuracy, and on the held-out test set
	// (full) and on the same test set with A's feature absent.
	TrainLoss   Num    `json:"train_loss"`
	TrainAcc    Num    `json:"train_acc"`
	TestLoss    Num    `json:"test_loss"`
	TestAcc     Num    `json:"test_acc"`
	TestLossNoA Num    `json:"test_loss_no_A"`
	TestAccNoA  Num    `json:"test_acc_no_A"`
	StepsRun    int    `json:"steps_run"`
	Status      string `json:"status"`
	Reason      string `json:"reason,omitempty"`
}
