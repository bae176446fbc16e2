SHELL := /bin/bash
# unibias — build, serve, test, bench, lint.
# `make serve` builds the static site into site/ and serves it on 127.0.0.1.
# `make test` runs every test: native, the engine under wasm (node), browser tests.

GO       ?= go
GOROOT   := $(shell $(GO) env GOROOT)
WASMEXEC := $(GOROOT)/lib/wasm/go_js_wasm_exec
ADDR     ?= 127.0.0.1:8080
WASMENV  := GOOS=js GOARCH=wasm
ENGINE   := ./engine/... ./protocol/... ./worker/...
SRC      := $(shell find . -name '*.go' -not -path './site/*' -not -path './e2e/*')

.PHONY: all build serve test test-native test-wasm test-e2e bench bench-native bench-wasm lint clean

all: build

wasm_exec.js: $(GOROOT)/lib/wasm/wasm_exec.js
	cp $< $@

# web/app.wasm is the page and, run by web/worker.js, every worker (main_js.go).
# tools/wasmdata joins the linker's 100,000 data segments into a few: smaller
# gzipped, and quicker to instantiate in the page and in every worker.
web/app.wasm: $(SRC) figure/figure.css go.mod go.sum
	$(WASMENV) $(GO) build -trimpath -ldflags='-s -w' -o $@.linked .
	$(GO) run ./tools/wasmdata -in $@.linked -out $@
	rm -f $@.linked

# site/ is the deployable static site: copy it to any static host.
# index.html gets the start page's first render and the default figure's
# description (app/prerender): the diagram shows before WebAssembly loads;
# web/presets/ gets every preset figure's description, fetched by its page.
# SITE_URL=https://…/ (the published address) makes the link preview and
# oEmbed addresses absolute, so a pasted link unfurls anywhere.
SITE_URL ?=
build: wasm_exec.js web/app.wasm
	rm -rf site && mkdir -p site/web site/docs
	cp wasm_exec.js site/
	cp web/*.css web/*.js web/*.svg web/*.png web/app.wasm site/web/ 2>/dev/null || true
	cp figure/figure.css site/web/figure.css
	cp docs/theory.md site/docs/theory.md
	$(GO) run ./app/prerender -in index.html -out site/index.html -oembed oembed.json -oembed-out site/oembed.json -site-url "$(SITE_URL)" -presets site
	@echo "built site/ ($$(du -sh site | cut -f1))"

serve: build
	$(GO) run . serve --dir site --addr $(ADDR)

test: lint test-native test-wasm test-e2e

# Browser tests run on their own (test-e2e): sharing the two cores with the
# engine tests would distort their frame-gap measurement.
test-native:
	$(GO) test -count=1 $$($(GO) list ./... | grep -v /e2e)

test-wasm:
	$(WASMENV) $(GO) test -count=1 -exec=$(WASMEXEC) $(ENGINE)

# axe-core for the accessibility audit, from the npm registry by exact version.
AXE_VERSION := 4.14.1
e2e/node_modules/axe-core/axe.min.js:
	npm install --no-save --no-package-lock --silent --prefix e2e axe-core@$(AXE_VERSION)

test-e2e: build e2e/node_modules/axe-core/axe.min.js
	UNIBIAS_E2E=1 $(GO) test -count=1 -v -timeout 25m ./e2e/ 2>&1 | tee e2e.log | grep -E '^(=== RUN|--- |PASS|FAIL|ok|\s+[a-z0-9_]+_test\.go:[0-9]+: |.*figure:)' ; test $${PIPESTATUS[0]} -eq 0

bench: bench-native bench-wasm

bench-native:
	$(GO) test -run '^$$' -bench . -benchtime 2s ./engine/...

bench-wasm:
	$(WASMENV) $(GO) test -run '^$$' -bench . -benchtime 2s -exec=$(WASMEXEC) ./engine/nn/ ./engine/theory/ ./engine/experiment/

lint:
	@test -z "$$(gofmt -l . | grep -v '^site/')" || (gofmt -l . ; echo 'gofmt: files above need formatting'; exit 1)
	$(GO) vet ./...
	$(WASMENV) $(GO) vet ./...

clean:
	rm -rf site web/app.wasm web/app.wasm.linked web/worker.wasm e2e.log # worker.wasm: left by older builds
