// Package qrcode draws QR codes as PNG images for the server: error
// correction level M (about 15 % of the symbol may be lost), the text as
// its UTF-8 bytes, a quiet zone of four modules and a whole number of
// pixels per module, so that a phone camera or a printed page reads it.
package qrcode

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
)

// QuietZone is the white margin around the symbol, in modules: four, as
// ISO/IEC 18004 requires. boombuler/barcode draws none.
const QuietZone = 4

// palette is white (index 0, the background) and black.
var palette = color.Palette{color.White, color.Black}

// PNG draws text as a square PNG image of size×size pixels. Each module is
// the same whole number of pixels, the largest that fits with the quiet
// zone; what is left over widens the white margin evenly. The text is
// encoded in byte mode as UTF-8 (boombuler's qr.Auto picks numeric or
// alphanumeric mode when the whole text allows it), with no ECI header,
// which most readers do not understand. It fails when the text does not
// fit in a QR code or size is smaller than the symbol and its quiet zone
// at one pixel per module.
func PNG(text string, size int) ([]byte, error) {
	code, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		return nil, fmt.Errorf("qrcode.PNG: %w", err)
	}
	img, err := draw(code, size)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("qrcode.PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// DataURL is PNG as a data: URL ("data:image/png;base64,…") for an <img>.
func DataURL(text string, size int) (string, error) {
	b, err := PNG(text, size)
	if err != nil {
		return "", err
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(b), nil
}

// draw paints the modules of code on a white size×size canvas.
func draw(code barcode.Barcode, size int) (*image.Paletted, error) {
	n := code.Bounds().Dx() // modules per side
	total := n + 2*QuietZone
	scale := size / total
	if scale < 1 {
		return nil, fmt.Errorf("qrcode.PNG: %d pixels cannot hold %d modules and the quiet zone", size, total)
	}
	img := image.NewPaletted(image.Rect(0, 0, size, size), palette)
	offset := (size - n*scale) / 2 // at least QuietZone·scale
	min := code.Bounds().Min
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			if !dark(code.At(min.X+x, min.Y+y)) {
				continue
			}
			for py := offset + y*scale; py < offset+(y+1)*scale; py++ {
				row := img.Pix[py*img.Stride:]
				for px := offset + x*scale; px < offset+(x+1)*scale; px++ {
					row[px] = 1
				}
			}
		}
	}
	return img, nil
}

// dark reports whether a module is black.
func dark(c color.Color) bool {
	return color.GrayModel.Convert(c).(color.Gray).Y < 128
}

// Path is the QR code of text as SVG path data, one "M x y h w v1 h-w z"
// rectangle per horizontal run of dark modules, in a square viewBox of
// size modules, the quiet zone included: the page draws it as inline
// shapes, which are sharp at any size and, unlike an <img>, no candidate
// for the browser's largest contentful paint. Same encoding as PNG.
func Path(text string) (d string, size int, err error) {
	code, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		return "", 0, fmt.Errorf("qrcode.Path: %w", err)
	}
	n := code.Bounds().Dx()
	min := code.Bounds().Min
	var b strings.Builder
	for y := 0; y < n; y++ {
		for x := 0; x < n; {
			if !dark(code.At(min.X+x, min.Y+y)) {
				x++
				continue
			}
			run := 1
			for x+run < n && dark(code.At(min.X+x+run, min.Y+y)) {
				run++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", x+QuietZone, y+QuietZone, run, run)
			x += run
		}
	}
	return b.String(), n + 2*QuietZone, nil
}
