package cli

import (
	"fmt"
	"io"
	"os"
	"time"
)

// newProgress returns a printer of progress lines on w, at most two a
// second (and always the final one). On a terminal each line overwrites
// the previous one; elsewhere (a log file, CI) each is a line of its own.
func newProgress(w io.Writer) func(line string, final bool) {
	tty := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil {
			tty = st.Mode()&os.ModeCharDevice != 0
		}
	}
	var last time.Time
	return func(line string, final bool) {
		if !final && time.Since(last) < 500*time.Millisecond {
			return
		}
		last = time.Now()
		switch {
		case !tty:
			fmt.Fprintln(w, line)
		case final:
			fmt.Fprint(w, "\r"+line+"\n")
		default:
			fmt.Fprint(w, "\r"+line)
		}
	}
}
