package e2e

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/go-pdf/fpdf"

	"kabinet/server/account"
)

// realPDF is a one-page A4 PDF as a program writes it (go-pdf/fpdf, the
// library the portal draws its own documents with): a heading and a
// red band across the page, easy to find on a screenshot.
func realPDF(t *testing.T) []byte {
	t.Helper()
	f := fpdf.New("P", "mm", "A4", "")
	f.AddPage()
	f.SetFillColor(220, 30, 30)
	f.Rect(0, 40, 210, 120, "F")
	f.SetFont("Helvetica", "B", 24)
	f.Text(20, 25, "Statement 3-NDFL")
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A real PDF's first page is drawn in the card's preview frame: the
// screenshot of the frame holds the page's red band, not only the
// viewer's background.
func TestDocumentsPDFPreviewDrawsAPage(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	if _, err := e.P.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	const email = "ivan@example.ru"
	secret := appFor(t, e, email, account.Demos[0].Password)
	ctx := browser(t, desktop)
	signInWithApp(t, ctx, e.url, email, account.Demos[0].Password, secret)
	uploadDocument(t, ctx, e.url, "Декларация.pdf", realPDF(t))
	clickSel(ctx, "#docs a")
	waitVisible(ctx, "doc-preview-pdf", stepTimeout)
	if _, err := js[bool](ctx, `(document.getElementById("doc-preview-pdf").scrollIntoView({block: "center"}), true)`); err != nil {
		t.Fatal(err)
	}
	red := 0
	for range 20 { // the viewer draws the page some time after the frame loads
		if red = redPixels(t, ctx); red > 2000 {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	shotBoth(t, ctx, "pdf-preview")
	if red <= 2000 {
		t.Fatalf("the preview frame shows no page of the PDF (%d red pixels)", red)
	}
}

// redPixels counts the pixels of the preview frame, on a screenshot of
// the viewport, that are the test PDF's red.
func redPixels(t *testing.T, ctx context.Context) int {
	t.Helper()
	type rect struct{ X, Y, W, H float64 }
	r, err := js[rect](ctx, `(() => { const b = document.getElementById("doc-preview-pdf").getBoundingClientRect();
		return {X: b.x, Y: b.y, W: b.width, H: b.height} })()`)
	if err != nil {
		t.Fatal(err)
	}
	var buf []byte
	err = within(ctx, stepTimeout, func(c context.Context) error {
		var err error
		buf, err = chromedp.Run(c, chromedp.CaptureScreenshot())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	area := image.Rect(int(r.X), int(r.Y), int(r.X+r.W), int(r.Y+r.H)).Intersect(img.Bounds())
	for y := area.Min.Y; y < area.Max.Y; y++ {
		for x := area.Min.X; x < area.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if cr>>8 > 180 && cg>>8 < 80 && cb>>8 < 80 {
				n++
			}
		}
	}
	return n
}
