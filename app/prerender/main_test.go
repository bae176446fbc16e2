//go:build !js

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"unibias/app"
	"unibias/protocol"
	"unibias/worker/serve"
)

// TestPrerender writes the page and oEmbed document as make build does,
// without and with the site's address.
func TestPrerender(t *testing.T) {
	dir := t.TempDir()
	page, oembed := filepath.Join(dir, "index.html"), filepath.Join(dir, "oembed.json")
	if err := run("../../index.html", page, "../../oembed.json", oembed, ""); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(page)
	doc := string(b)
	for _, want := range []string{`id="phase-3"`, `class="theory-tb"`, `id="unibias-prerender" data-query=""`, `content="web/og.png"`, `href="oembed.json"`} {
		if !strings.Contains(doc, want) {
			t.Errorf("index.html lacks %s", want)
		}
	}
	if strings.Contains(doc, `<div id="app-root"></div>`) || strings.Contains(doc, "og:url") {
		t.Error("the page was not prerendered, or has an og:url without a site address")
	}

	if err := run("../../index.html", page, "../../oembed.json", oembed, "https://example.org/unibias"); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(page)
	doc = string(b)
	for _, want := range []string{`<meta property="og:url" content="https://example.org/unibias/">`,
		`<meta property="og:image" content="https://example.org/unibias/web/og.png">`,
		`type="application/json+oembed" href="https://example.org/unibias/oembed.json"`} {
		if !strings.Contains(doc, want) {
			t.Errorf("index.html lacks %s", want)
		}
	}
	var oe struct {
		HTML, ThumbnailURL, ProviderURL string
	}
	b, _ = os.ReadFile(oembed)
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	oe.HTML, _ = raw["html"].(string)
	oe.ThumbnailURL, _ = raw["thumbnail_url"].(string)
	oe.ProviderURL, _ = raw["provider_url"].(string)
	if !strings.Contains(oe.HTML, `src="https://example.org/unibias/?embed=1"`) || oe.ThumbnailURL != "https://example.org/unibias/web/og.png" || oe.ProviderURL != "https://example.org/unibias/" {
		t.Errorf("oembed.json: %+v", oe)
	}

	for _, bad := range []string{"example.org", "ftp://example.org/", "https://", "https://example.org/?x=1"} {
		if err := run("../../index.html", page, "../../oembed.json", oembed, bad); err == nil || !strings.Contains(err.Error(), "SITE_URL=") {
			t.Errorf("SITE_URL=%q: %v, want a message naming SITE_URL", bad, err)
		}
	}
}

// TestWritePresets: every preset's description is written where the page
// fetches it (app.PresetDescriptionPath), byte for byte what the theory
// worker would send for "preset=NAME".
func TestWritePresets(t *testing.T) {
	site := t.TempDir()
	if err := writePresets(site); err != nil {
		t.Fatal(err)
	}
	// index.html fetches each file where it is written.
	shell, err := os.ReadFile("../../index.html")
	if err != nil {
		t.Fatal(err)
	}
	if js := `fetch("` + app.PresetDescriptionPath(`" + encodeURIComponent(name) + "`) + `")`; !strings.Contains(string(shell), js) {
		t.Errorf("index.html does not fetch the descriptions as %s", js)
	}
	for _, pr := range protocol.Presets {
		b, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(app.PresetDescriptionPath(pr.Name))))
		if err != nil {
			t.Fatalf("preset %s: %v", pr.Name, err)
		}
		fig, _, err := serve.Describe(app.KeyPreset+"="+pr.Name, denseTheory)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(fig)
		if string(b) != string(want) {
			t.Errorf("preset %s: the file is not the worker's description (%d bytes, want %d)", pr.Name, len(b), len(want))
		}
		var got protocol.Figure
		if err := json.Unmarshal(b, &got); err != nil || got.Name != pr.Name || len(got.Panels) == 0 || len(got.Jobs) == 0 {
			t.Errorf("preset %s: decodes to %q with %d panels, %d jobs (%v)", pr.Name, got.Name, len(got.Panels), len(got.Jobs), err)
		}
	}
}
