package cli

import (
	"compress/gzip"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

func init() {
	_ = mime.AddExtensionType(".wasm", "application/wasm")
	_ = mime.AddExtensionType(".js", "text/javascript; charset=utf-8")
	_ = mime.AddExtensionType(".json", "application/json")
	_ = mime.AddExtensionType(".svg", "image/svg+xml")
}

// Handler serves a static site from dir with the right types for wasm and
// gzip compression for clients that accept it. A prefix such as "/unibias/"
// serves the same site under a sub-path (the root then redirects there).
func Handler(dir, prefix string) http.Handler {
	fs := gzipped(http.FileServer(http.Dir(dir)))
	if prefix == "" || prefix == "/" {
		return fs
	}
	mux := http.NewServeMux()
	mux.Handle(prefix, http.StripPrefix(strings.TrimSuffix(prefix, "/"), fs))
	mux.Handle("/", http.RedirectHandler(prefix, http.StatusFound))
	return mux
}

type gzipWriter struct {
	http.ResponseWriter
	w io.Writer
}

func (g gzipWriter) Write(b []byte) (int, error) { return g.w.Write(b) }

var gzPool = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed); return w }}

func gzipped(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") || r.Header.Get("Range") != "" {
			h.ServeHTTP(w, r)
			return
		}
		ext := filepath.Ext(r.URL.Path)
		switch ext {
		case ".png", ".jpg", ".gif":
			h.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Add("Vary", "Accept-Encoding")
		gz := gzPool.Get().(*gzip.Writer)
		gz.Reset(w)
		defer func() { gz.Close(); gzPool.Put(gz) }()
		h.ServeHTTP(gzipWriter{ResponseWriter: w, w: gz}, r)
	})
}

func runServe(args []string, w io.Writer) error {
	_, ex, err := parseFlags("serve", args)
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(ex.dir, "index.html")); err != nil {
		return fmt.Errorf("no built site in %q (run make build): %v", ex.dir, err)
	}
	ln, err := net.Listen("tcp", ex.addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "unibias: serving %s at http://%s/\n", ex.dir, ln.Addr())
	return http.Serve(ln, Handler(ex.dir, ""))
}
