// Package e2e holds Kabinet's end-to-end tests: a real portal on
// 127.0.0.1 over a fresh PostgreSQL database, serving the real front end
// (web/app.wasm, built by `make wasm`), driven by headless Chromium through
// chromedp the way a person uses it — typing, clicking and reading the
// screen. Every screen a test passes through is saved as a PNG under
// test-artifacts/screenshots/ (git-ignored).
//
// The package has only tests; this file exists so that it is a package.
package e2e
