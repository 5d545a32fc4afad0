package documents_test

import (
	"net/http"
	"strings"
	"testing"
)

// A PDF's preview is served inline, sandboxed, and framable by the
// portal's own pages only; the download and every other answer stay
// unframable. An image has no such preview (its download shows), and
// another person's PDF is not found.
func TestPDFPreviewSandboxedAndFramedBySelfOnly(t *testing.T) {
	e := start(t)
	ivan, _ := person(e, 1, "Смирнова")
	anna, _ := person(e, 2, "Волкова")
	pdf := upload(t, ivan, "Договор.pdf", pdfFile())
	img := upload(t, ivan, "Скан.png", pngFile(t))

	status, hdr, body := ivan.Download("/documents/" + pdf.ID + "/preview")
	if status != http.StatusOK || string(body) != string(pdfFile()) {
		t.Fatalf("preview: %d %q", status, body)
	}
	csp := hdr.Get("Content-Security-Policy")
	for _, want := range []struct{ name, got, want string }{
		{"Content-Type", hdr.Get("Content-Type"), "application/pdf"},
		{"Content-Disposition", strings.SplitN(hdr.Get("Content-Disposition"), ";", 2)[0], "inline"},
		{"X-Frame-Options", hdr.Get("X-Frame-Options"), "SAMEORIGIN"},
		{"CSP sandbox", strings.SplitN(csp, ";", 2)[0], "sandbox"},
	} {
		if want.got != want.want {
			t.Errorf("preview %s: %q, want %q", want.name, want.got, want.want)
		}
	}
	if !strings.Contains(csp, "frame-ancestors 'self'") || strings.Contains(csp, "script-src") {
		t.Errorf("preview CSP %q", csp)
	}

	_, hdr, _ = ivan.Download("/documents/" + pdf.ID + "/content")
	if hdr.Get("X-Frame-Options") != "DENY" || !strings.Contains(hdr.Get("Content-Security-Policy"), "frame-ancestors 'none'") ||
		!strings.HasPrefix(hdr.Get("Content-Disposition"), "attachment") {
		t.Errorf("the download framable or inline: %v", hdr)
	}
	for _, tc := range []struct {
		name string
		c    interface {
			Download(string) (int, http.Header, []byte)
		}
		id string
	}{{"an image", ivan, img.ID}, {"another person's PDF", anna, pdf.ID}, {"no such id", ivan, "nope"}} {
		if status, hdr, _ := tc.c.Download("/documents/" + tc.id + "/preview"); status != http.StatusNotFound || hdr.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: %d, X-Frame-Options %q", tc.name, status, hdr.Get("X-Frame-Options"))
		}
	}
}
