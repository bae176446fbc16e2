//go:build !js

// Package e2e holds the browser tests: the built site (make build → site/)
// served from a local server, driven in headless Chromium with chromedp.
// They run under `make test` (UNIBIAS_E2E=1); plain `go test ./...` skips them
// when the site is not built or no Chromium is installed.
package e2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"unibias/cli"
)

// siteDir is the built site relative to this package.
const siteDir = "../site"

// server serves the built site and records every request path it sees.
type server struct {
	URL  string
	mu   sync.Mutex
	seen []string
	srv  *http.Server
}

func startServer(t *testing.T, prefix string) *server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &server{URL: "http://" + ln.Addr().String()}
	h := cli.Handler(siteDir, prefix)
	s.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.seen = append(s.seen, r.URL.Path)
		s.mu.Unlock()
		h.ServeHTTP(w, r)
	})}
	go s.srv.Serve(ln)
	t.Cleanup(func() { s.srv.Close() })
	return s
}

// Seen reports whether a request path containing frag was served.
func (s *server) Seen(frag string) bool { return s.Count(frag) > 0 }

// Count is how many requests for a path containing frag were served.
func (s *server) Count(frag string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, p := range s.seen {
		if strings.Contains(p, frag) {
			n++
		}
	}
	return n
}

func chromiumPath() string {
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// requireSite skips (or fails under make test) when the site or browser is
// missing.
func requireSite(t *testing.T) string {
	t.Helper()
	must := os.Getenv("UNIBIAS_E2E") == "1"
	if !must {
		t.Skip("browser tests run under make test-e2e (UNIBIAS_E2E=1)")
	}
	if _, err := os.Stat(filepath.Join(siteDir, "web", "app.wasm")); err != nil {
		if must {
			t.Fatalf("site not built (%v): run make build", err)
		}
		t.Skip("site not built; run make test")
	}
	c := chromiumPath()
	if c == "" {
		if must {
			t.Fatal("chromium not installed: apt-get install -y chromium")
		}
		t.Skip("no chromium")
	}
	return c
}

// browser is a headless Chromium tab with a record of every request URL.
type browser struct {
	ctx      context.Context
	mu       sync.Mutex
	requests []string
}

func newBrowser(t *testing.T, width, height int) *browser {
	t.Helper()
	exe := requireSite(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		// Any host but loopback fails to resolve: a request to another origin
		// cannot succeed, and the CDP listener below records its attempt.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"),
		chromedp.WindowSize(width, height),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 15*time.Minute)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	b := &browser{ctx: ctx}
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			b.mu.Lock()
			b.requests = append(b.requests, e.Request.URL)
			b.mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatal(err)
	}
	return b
}

// Requests returns the request URLs the page made.
func (b *browser) Requests() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.requests...)
}

func (b *browser) do(t *testing.T, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression.
func eval[T any](t *testing.T, b *browser, js string) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("eval %s: %v", js, err)
	}
	return v
}

// waitJS polls a JavaScript predicate until it is truthy or timeout passes.
func waitJS(t *testing.T, b *browser, js string, timeout time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		t.Fatalf("waiting for %s (%v): %v", js, timeout, err)
	}
	return time.Since(start)
}

func (b *browser) screenshot(t *testing.T, name string) {
	t.Helper()
	buf, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	dir := "shots"
	_ = os.MkdirAll(dir, 0o755)
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, buf, 0o644); err == nil {
		t.Logf("figure: screenshot %s", p)
	}
}

func logf(t *testing.T, format string, args ...any) {
	t.Helper()
	t.Logf("figure: "+format, args...)
	fmt.Fprintf(os.Stderr, "figure: "+format+"\n", args...)
}

// logModuleSize logs what a visitor downloads for the page and its workers:
// the one WebAssembly module, raw and gzipped (best compression, as a static
// host would serve it).
func logModuleSize(t *testing.T) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(siteDir, "web", "app.wasm"))
	if err != nil {
		t.Error(err)
		return
	}
	var gz bytes.Buffer
	w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	w.Write(raw)
	w.Close()
	logf(t, "module (page and workers): app.wasm %d bytes, %d gzipped", len(raw), gz.Len())
}
