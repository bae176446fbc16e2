//go:build !js

package e2e

import (
	"fmt"
	"net"
	"net/http"
	"testing"
)

// startParent serves, on another origin (another port), a page that embeds
// src in an iframe, as a project site would.
func startParent(t *testing.T, src string) string {
	t.Helper()
	return serveParent(t, "", src)
}

// serveParent serves a project site's page whose iframe, after the HTML
// before, embeds src; it records the heights the embedded page posts
// (window.__heights).
func serveParent(t *testing.T, before, src string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<!doctype html><title>project site</title><h1>Our paper</h1>%s
<iframe id="ub" src="%s" title="unibias" width="900" height="800" style="border:1px solid #ccc"></iframe>
<script>window.__heights=[];addEventListener("message",e=>{try{const m=typeof e.data==="string"?JSON.parse(e.data):e.data;if(m&&m.type==="unibias:height")window.__heights.push(m.height)}catch(_){}})</script>`, before, src)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String() + "/"
}
