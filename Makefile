# Kabinet — the two commands that matter: `make run` and `make test`.
SHELL  := /bin/bash
GO     ?= go
BIN    := bin/kabinet
WASM   := web/app.wasm
GOSRC  := $(shell find app shared server migrations third_party -name '*.go' -o -name '*.sql' 2>/dev/null) go.mod go.sum
APPSRC := $(shell find app shared third_party/go-app -name '*.go' -not -name '*_test.go' 2>/dev/null) go.mod go.sum
APT    := DEBIAN_FRONTEND=noninteractive apt-get
# axe-core, the accessibility checker the browser tests inject into every
# page (server/e2e/axe_test.go); pinned, so a new release's new rules land
# as a deliberate change, not as a red build.
AXE    := 4.10.3

.PHONY: run test bench size wasm server deps deps-run deps-test fmt-check vet clean

## run: install what is missing, build, and start the portal with demo data
run: deps-run wasm server
	DEV=$${DEV:-true} ./$(BIN)

## test: gofmt, vet, and every unit, database and browser test
test: deps-test fmt-check vet wasm
	$(GO) test -count=1 -timeout 25m ./...

## bench: benchmarks with a real database
bench: deps-test wasm
	$(GO) test -count=1 -run '^$$' -bench . -benchmem -timeout 20m ./...
	KABINET_LOAD=1 $(GO) test -count=1 -v -run '^TestLoad$$' -timeout 15m ./server/portal/

## size: app.wasm raw, gzip and brotli sizes
size: wasm
	@printf '%-12s %10s bytes\n' raw $$(stat -c %s $(WASM)) gzip $$(stat -c %s $(WASM).gz) brotli $$(stat -c %s $(WASM).br)

wasm: $(WASM)

# The front end: WASM plus pre-compressed copies the server picks by
# Accept-Encoding (brotli -q11 is slow, ~20 s, so it only runs on change).
$(WASM): $(APPSRC)
	@command -v brotli >/dev/null || $(MAKE) --no-print-directory deps-build
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $(WASM).tmp ./app
	gzip -9 -n -c $(WASM).tmp > $(WASM).gz.tmp
	brotli -q 11 -f -o $(WASM).br.tmp $(WASM).tmp
	@# Renamed into place only when complete, the raw file last, so a server
	@# starting meanwhile never reads a half-written copy.
	mv -f $(WASM).gz.tmp $(WASM).gz && mv -f $(WASM).br.tmp $(WASM).br && mv -f $(WASM).tmp $(WASM)
	@touch $(WASM).gz $(WASM).br

server: $(BIN)

$(BIN): $(GOSRC)
	$(GO) build -trimpath -o $(BIN) ./server

# PostgreSQL server binaries (without letting the package create and start
# a system cluster: Kabinet runs its own).
deps-run:
	@if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then \
		echo "Installing PostgreSQL server binaries…"; \
		mkdir -p /etc/postgresql-common/createcluster.d; \
		echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/kabinet.conf; \
		$(APT) update -qq && $(APT) install -y -qq postgresql >/dev/null; \
	fi

deps-build:
	@command -v brotli >/dev/null || { $(APT) update -qq && $(APT) install -y -qq brotli >/dev/null; }

## deps-test: PostgreSQL, Chromium for the browser tests, zbarimg (reads
## the QR codes the tests see on screen), poppler (reads the text and the
## pictures of the PDFs the portal issues), LibreOffice Calc (opens the
## spreadsheets it exports), brotli, axe-core (checks every page's
## accessibility; from npm into test-tools/)
deps-test: deps-run deps-build
	@grep -qs '"version": "$(AXE)"' test-tools/node_modules/axe-core/package.json || { echo "Installing axe-core $(AXE)…"; \
		command -v npm >/dev/null || { $(APT) update -qq && $(APT) install -y -qq npm >/dev/null; }; \
		mkdir -p test-tools && npm install --prefix test-tools --no-save --no-audit --no-fund --loglevel=error axe-core@$(AXE); }
	@command -v chromium >/dev/null || { echo "Installing Chromium…"; $(APT) update -qq && $(APT) install -y -qq chromium >/dev/null; }
	@command -v zbarimg >/dev/null || { echo "Installing zbar-tools…"; $(APT) update -qq && $(APT) install -y -qq zbar-tools >/dev/null; }
	@command -v pdftotext >/dev/null || { echo "Installing poppler-utils…"; $(APT) update -qq && $(APT) install -y -qq poppler-utils >/dev/null; }
	@command -v soffice >/dev/null || { echo "Installing LibreOffice Calc…"; $(APT) update -qq && $(APT) install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null; }

fmt-check:
	@out=$$(gofmt -l app server shared migrations); if [ -n "$$out" ]; then echo "not gofmt-ed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./app/... ./shared/...

clean:
	rm -rf bin $(WASM) $(WASM).gz $(WASM).br $(WASM)*.tmp test-artifacts test-tools
