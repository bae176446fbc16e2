package custom

import (
	_ "embed" // the bundled example's moments file
)

//go:embed example/views.moments.json
var exampleMoments []byte

// ExampleCSV is the path of the bundled example's CSV in the repository
// (written by tools/mkexample with its moments file).
const ExampleCSV = "engine/custom/example/views.csv"

// Example returns the bundled example (docs/theory.md §2.5): the moments of 1000
// samples of two noisy views, "audio" (3 features) and "video" (2), of one
// latent variable, written by tools/mkexample.
func Example() *Data {
	d, err := ParseMoments(exampleMoments)
	if err != nil {
		panic("custom: the bundled example is invalid: " + err.Error())
	}
	return d
}
