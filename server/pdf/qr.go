package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"github.com/boombuler/barcode/qr"
	"github.com/go-pdf/fpdf"
)

const (
	qrDefaultSize = 35.0 // mm
	qrMinSize     = 15.0
	qrQuiet       = 4 // modules of white around the code, as the standard asks
	qrModulePx    = 4 // pixels per module in the embedded image
)

// qrPNG draws text as a QR code (error correction M, like the sign-in
// QR codes) with its quiet zone, as an 8-bit grey PNG: fpdf cannot read
// the 16-bit image the barcode package gives.
func qrPNG(text string) ([]byte, error) {
	code, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		return nil, err
	}
	n := code.Bounds().Dx()
	side := (n + 2*qrQuiet) * qrModulePx
	img := image.NewGray(image.Rect(0, 0, side, side))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	for y := range n {
		for x := range n {
			if v, _, _, _ := code.At(x, y).RGBA(); v > 0x7FFF {
				continue // a light module
			}
			x0, y0 := (x+qrQuiet)*qrModulePx, (y+qrQuiet)*qrModulePx
			for dy := range qrModulePx {
				for dx := range qrModulePx {
					img.SetGray(x0+dx, y0+dy, color.Gray{})
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// qrImage places a QR code of text at (x, y), size millimetres square.
func (r *renderer) qrImage(text string, x, y, size float64) error {
	if text == "" {
		return errors.New("empty QR text")
	}
	img, err := qrPNG(text)
	if err != nil {
		return fmt.Errorf("QR code: %w", err)
	}
	r.images++
	name := fmt.Sprintf("qr%d", r.images)
	opt := fpdf.ImageOptions{ImageType: "PNG"}
	r.f.RegisterImageOptionsReader(name, opt, bytes.NewReader(img))
	r.f.ImageOptions(name, x, y, size, size, false, opt, 0, "")
	return r.f.Error()
}

// qrBlock prints a QR block: the code at the left margin, the caption to
// its right.
func (r *renderer) qrBlock(b QR) error {
	size := b.Size
	if size <= 0 {
		size = qrDefaultSize
	}
	size = min(max(size, qrMinSize), contentWidth/2, r.bottom-marginTop)
	captionX := marginLeft + size + 5
	captionW := contentWidth - size - 5
	caption := r.wrap(captionStyle, b.Caption, captionW)
	if b.Caption == "" {
		caption = nil
	}
	h := max(size, float64(len(caption))*captionStyle.lead)
	r.ensure(min(h, r.bottom-marginTop))
	y, page := r.f.GetY(), r.f.PageNo()
	if err := r.qrImage(b.Text, marginLeft, y, size); err != nil {
		return err
	}
	r.f.SetY(y + 1)
	r.lines(captionStyle, captionX, captionW, caption, "L")
	if r.f.PageNo() == page {
		r.f.SetY(max(r.f.GetY(), y+size)) // below the code
	}
	return nil
}
