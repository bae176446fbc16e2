package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"unibias/engine/custom"
	"unibias/engine/params"
)

// dataFlags are the flags that bring a user's own data (docs/theory.md §2.5):
// a moments file, or a CSV with its columns.
type dataFlags struct {
	moments      string // a moments file (JSON)
	csv          string // a CSV of samples with a header
	a, b, y      string // the CSV's columns of A, of B (names or patterns) and the target
	scale        string // center, standardize or none
	nameA, nameB string // names of the modalities
	repair       bool   // accept the nearest valid covariance
}

// register adds the data flags to fs.
func (df *dataFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&df.moments, "moments", "", "your data: a moments file (JSON; implies --data custom)")
	fs.StringVar(&df.csv, "csv", "", "your data: a CSV of samples with a header (implies --data custom; with --a, --b, --y)")
	fs.StringVar(&df.a, "a", "", "CSV columns of modality A: names or patterns, comma-separated (e.g. 'audio_*')")
	fs.StringVar(&df.b, "b", "", "CSV columns of modality B")
	fs.StringVar(&df.y, "y", "", "CSV column of the target")
	fs.StringVar(&df.scale, "scale", custom.ScaleCenter, "CSV preprocessing: center (default), standardize or none")
	fs.StringVar(&df.nameA, "name-a", "", "name of modality A (default: from its columns)")
	fs.StringVar(&df.nameB, "name-b", "", "name of modality B")
	fs.BoolVar(&df.repair, "repair", false, "use the nearest valid covariance when the moments are not symmetric or not positive semi-definite")
}

// set reports whether any data flag was given.
func (df *dataFlags) set() bool {
	return df.moments != "" || df.csv != "" || df.a != "" || df.b != "" || df.y != ""
}

// load reads the user's data from the flags. notice says what was done
// (the repair applied, the CSV read); stderr gets it.
func (df *dataFlags) load() (d *custom.Data, notice string, err error) {
	switch {
	case df.moments != "" && df.csv != "":
		return nil, "", fmt.Errorf("give either --moments or --csv, not both")
	case df.moments != "":
		if df.a != "" || df.b != "" || df.y != "" {
			return nil, "", fmt.Errorf("--a, --b and --y choose the columns of a CSV (--csv); a moments file has its own modalities")
		}
		text, err := os.ReadFile(df.moments)
		if err != nil {
			return nil, "", fmt.Errorf("--moments: %v", err)
		}
		d, err = custom.ParseMoments(text)
		if err != nil {
			return df.repaired(d, err, "--moments "+df.moments)
		}
		if df.nameA != "" || df.nameB != "" {
			d.NameA, d.NameB = firstNonEmpty(df.nameA, d.NameA), firstNonEmpty(df.nameB, d.NameB)
		}
		return d, "", nil
	case df.csv != "":
		res, err := df.readCSV()
		if err != nil {
			var d *custom.Data
			if res != nil {
				d = &res.Data
			}
			return df.repaired(d, err, "--csv "+df.csv)
		}
		return &res.Data, "", nil
	}
	return nil, "", fmt.Errorf("--a, --b and --y choose the columns of a CSV: give the file with --csv")
}

// repaired applies the offered repair when --repair was given.
func (df *dataFlags) repaired(d *custom.Data, err error, what string) (*custom.Data, string, error) {
	fix := custom.FixOf(err)
	if fix == nil || !df.repair {
		return nil, "", fmt.Errorf("%s: %v", what, err)
	}
	if cerr := custom.Check(fix); cerr != nil {
		return nil, "", fmt.Errorf("%s: %v (and the repair is not valid either: %v)", what, err, cerr)
	}
	return fix, fmt.Sprintf("%s: %v\nunibias: --repair: using the nearest valid moments", what, err), nil
}

// readCSV reads the CSV of the flags.
func (df *dataFlags) readCSV() (*custom.CSVResult, error) {
	f, err := os.Open(df.csv)
	if err != nil {
		return nil, fmt.Errorf("--csv: %v", err)
	}
	defer f.Close()
	return custom.ReadCSV(f, custom.CSVSpec{A: df.a, B: df.b, Y: df.y, NameA: df.nameA, NameB: df.nameB, Scale: df.scale})
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// noticeOut receives the notices of the data flags (Main sets it to its
// standard error).
var noticeOut io.Writer = os.Stderr

// apply puts the user's data into p (data=custom, moments) when a data
// flag was given; explicitX says whether --x was given (otherwise a data
// axis moves to a network parameter, custom.NetworkAxis).
func (df *dataFlags) apply(p params.Set, explicitX bool) error {
	if !df.set() {
		return nil
	}
	d, notice, err := df.load()
	if err != nil {
		return err
	}
	if notice != "" {
		fmt.Fprintln(noticeOut, "unibias:", notice)
	}
	if err := p.Set("data", "custom"); err != nil {
		return err
	}
	if err := p.Set("moments", custom.Encode(d)); err != nil {
		return err
	}
	if !explicitX {
		if n := custom.NetworkAxis(p); n != "" {
			fmt.Fprintln(noticeOut, "unibias:", n)
		}
	}
	return nil
}

// dataSummary is the summary of p's custom data (nil for other data).
func dataSummary(p params.Set) *custom.Summary {
	if p.Get("data") != "custom" {
		return nil
	}
	d, err := custom.Decode(p.Get("moments"))
	if err != nil {
		return nil
	}
	s := custom.Summarise(d)
	return &s
}

const momentsUsage = `usage: unibias moments --csv file.csv --a 'audio_*' --b 'video_*' --y label [--scale center|standardize|none] [--name-a audio --name-b video]
       unibias moments --moments m.json [--repair]

Prints the moments file (JSON) of your data on standard output and, on standard
error, what was read and which modality is A (the one learned first).`

// runMoments is `unibias moments`: the moments file of a CSV (or a
// moments file checked and rewritten in block form).
func runMoments(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("moments", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var df dataFlags
	df.register(fs)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			fmt.Fprintln(stdout, momentsUsage)
			return nil
		}
		return fmt.Errorf("%v\n%s", err, momentsUsage)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q\n%s", fs.Arg(0), momentsUsage)
	}
	if !df.set() {
		return fmt.Errorf("give --csv (with --a, --b, --y) or --moments\n%s", momentsUsage)
	}
	start := time.Now()
	var (
		d    *custom.Data
		cols *custom.Columns
		desc string
	)
	if df.csv != "" && df.moments == "" {
		res, err := df.readCSV()
		if err != nil {
			var dd *custom.Data
			if res != nil {
				dd = &res.Data
			}
			var notice string
			if d, notice, err = df.repaired(dd, err, "--csv "+df.csv); err != nil {
				return err
			}
			fmt.Fprintln(stderr, "unibias:", notice)
		} else {
			d = &res.Data
		}
		if res != nil {
			cols = &res.Columns
			desc = res.Describe()
		}
	} else {
		var notice string
		var err error
		if d, notice, err = df.load(); err != nil {
			return err
		}
		if notice != "" {
			fmt.Fprintln(stderr, "unibias:", notice)
		}
	}
	if _, err := stdout.Write(custom.Marshal(d, cols)); err != nil {
		return err
	}
	s := custom.Summarise(d)
	if desc != "" {
		fmt.Fprintf(stderr, "unibias: read %s in %.2fs\n", desc, time.Since(start).Seconds())
	}
	fmt.Fprintf(stderr, "unibias: %s\nunibias: R² from %s alone %.3f, from %s alone %.3f, from both %.3f; correlation of their best predictors %.3f\n",
		s.Sentence, s.NameA, s.R2A, s.NameB, s.R2B, s.R2, s.PredCorr)
	return nil
}
