// Command mkexample writes the bundled example of "your own data"
// (docs/theory.md §2.5): a CSV of two noisy views of one latent variable and its
// moments file, both committed in engine/custom/example/.
//
// The model, with a known answer: a latent z ~ N(0, 1) and the target
// y = z + ε, ε ~ N(0, 0.1²); modality "audio" has three features
// audio_i = a_i z + n_i, a = (0.6, 0.5, 0.4); modality "video" has two,
// video_j = b_j z + m_j, b = (1.0, 0.8); all noises n_i, m_j ~ N(0, 1) and
// independent. Its population moments are
//
//	Σ_audio = a aᵀ + I,  Σ_video = b bᵀ + I,  Σ_audio,video = a bᵀ,
//	Σ_y,audio = a,  Σ_y,video = b,  E[y²] = 1.01,
//
// so ‖Σ_y,video‖ = 1.28 > ‖Σ_y,audio‖ = 0.88: video is learned first and
// becomes A although the file names audio first. Video alone explains
// ‖b‖²/(1 + ‖b‖²)/1.01 = 61.5% of E[y²], audio alone ‖a‖²/(1 + ‖a‖²)/1.01 =
// 43.1%, both (‖a‖² + ‖b‖²)/(1 + ‖a‖² + ‖b‖²)/1.01 = 70.0%.
//
// Usage: go run ./tools/mkexample [-rows 1000] [-seed 1] [-out engine/custom/example]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"

	"unibias/engine/custom"
)

func main() {
	rows := flag.Int("rows", 1000, "number of samples")
	seed := flag.Uint64("seed", 1, "random seed")
	out := flag.String("out", "engine/custom/example", "output directory")
	flag.Parse()
	if err := write(*out, *rows, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "mkexample:", err)
		os.Exit(1)
	}
}

// Model constants (see the package comment).
var (
	loadA  = []float64{0.6, 0.5, 0.4}
	loadB  = []float64{1.0, 0.8}
	noiseA = 1.0
	noiseB = 1.0
	noiseY = 0.1
)

func write(dir string, rows int, seed uint64) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	csvPath := filepath.Join(dir, "views.csv")
	f, err := os.Create(csvPath)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "id,audio_1,audio_2,audio_3,video_1,video_2,label")
	rng := rand.New(rand.NewPCG(seed, 0xe8a))
	for k := 0; k < rows; k++ {
		z := rng.NormFloat64()
		fmt.Fprintf(w, "%d", k+1)
		for _, a := range loadA {
			fmt.Fprintf(w, ",%.5g", a*z+noiseA*rng.NormFloat64())
		}
		for _, b := range loadB {
			fmt.Fprintf(w, ",%.5g", b*z+noiseB*rng.NormFloat64())
		}
		fmt.Fprintf(w, ",%.5g\n", z+noiseY*rng.NormFloat64())
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	// The moments file, computed from the CSV exactly as `unibias moments` does.
	in, err := os.Open(csvPath)
	if err != nil {
		return err
	}
	defer in.Close()
	res, err := custom.ReadCSV(in, custom.CSVSpec{A: "audio_*", B: "video_*", Y: "label"})
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "views.moments.json"), custom.Marshal(&res.Data, &res.Columns), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "mkexample: wrote %s (%s) and views.moments.json\n", csvPath, res.Describe())
	return nil
}
