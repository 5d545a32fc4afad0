package qrcode

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"kabinet/shared/payqr"
)

// zbarimg returns the path of Debian's zbarimg (zbar-tools). Without it
// the test fails on CI and is skipped elsewhere.
func zbarimg(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("zbarimg")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("zbarimg is missing: `make test` installs Debian's zbar-tools")
		}
		t.Skip("zbarimg is missing (Debian's zbar-tools)")
	}
	return path
}

// scan writes the PNG to a file and reads it with zbarimg, as a phone's
// camera would. binary (-Sbinary) makes zbar return the bytes of the
// symbol as they are, with no newline after them; without it zbar guesses
// the character set of byte-mode data (there is no ECI header) and prints
// the text as UTF-8 followed by a newline.
func scan(t *testing.T, img []byte, binary bool) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "qr.png")
	if err := os.WriteFile(file, img, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"--raw", "-q"}
	if binary {
		args = append(args, "-Sbinary")
	}
	out, err := exec.Command(zbarimg(t), append(args, file)...).Output()
	if err != nil {
		t.Fatalf("zbarimg %s could not read the QR code: %v", strings.Join(args, " "), err)
	}
	return string(out)
}

// taxPayment is a single tax payment (ЕНП) with the treasury bank name of
// 60 characters, which Encode cuts to 45: Cyrillic in every part of the
// payload.
func taxPayment() payqr.Payment {
	return payqr.Payment{
		Name:        "Казначейство России (ФНС России)",
		PersonalAcc: "03100643000000018500",
		BankName:    "ОТДЕЛЕНИЕ ТУЛА БАНКА РОССИИ//УФК по Тульской области г. Тула",
		BIC:         "017003983",
		CorrespAcc:  "40102810445370000059",
		Sum:         1_234_567,
		Purpose:     "Единый налоговый платёж",
		PayeeINN:    "7727406020",
		PayerINN:    "561100409545",
		KPP:         "770801001",
		CBC:         "18201061201010000510",
		OKTMO:       "45000000",
		LastName:    "Иванов",
		FirstName:   "Иван",
		MiddleName:  "Иванович",
		UIN:         "0",
		TechCode:    payqr.TechCodeBudget,
	}
}

func TestPaymentQRReadsBack(t *testing.T) {
	p := taxPayment()
	payload, err := p.Encode()
	if err != nil {
		t.Fatal(err)
	}
	img, err := PNG(payload, 400)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("bytes", func(t *testing.T) {
		if got := scan(t, img, true); got != payload {
			t.Fatalf("zbarimg -Sbinary read\n%q\nwant\n%q", got, payload)
		}
	})
	t.Run("text", func(t *testing.T) {
		got := scan(t, img, false)
		if got != payload+"\n" {
			t.Fatalf("zbarimg read\n%q\nwant\n%q", got, payload+"\n")
		}
		scanned, err := payqr.Parse(strings.TrimSuffix(got, "\n"))
		if err != nil {
			t.Fatal(err)
		}
		want := p
		want.BankName = "ОТДЕЛЕНИЕ ТУЛА БАНКА РОССИИ//УФК по Тульской"
		if diff := cmp.Diff(want, scanned); diff != "" {
			t.Errorf("scanned payment (-want +got):\n%s", diff)
		}
		if err := scanned.Validate(); err != nil {
			t.Errorf("scanned payment: %v", err)
		}
	})
}

func TestDataURLReadsBack(t *testing.T) {
	const link = "https://kabinet.example/qr?c=AbC-123_xyz"
	u, err := DataURL(link, 280)
	if err != nil {
		t.Fatal(err)
	}
	b64, ok := strings.CutPrefix(u, "data:image/png;base64,")
	if !ok {
		t.Fatalf("DataURL = %.40q…, want a data:image/png;base64 URL", u)
	}
	img, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	if got := scan(t, img, true); got != link {
		t.Errorf("zbarimg read %q, want %q", got, link)
	}
}

// TestPNGGeometry checks what a scanner needs: the requested size, a white
// quiet zone of at least four modules, and every module a uniform square
// of whole pixels.
func TestPNGGeometry(t *testing.T) {
	tests := []struct {
		name string
		text string
		size int
	}{
		// 21 bytes: version 2, 25 modules and 8 of quiet zone.
		{"exact fit", "ST00012|Name=Тест", 33 * 4},
		{"leftover pixels", "ST00012|Name=Тест", 300}, // 9 px a module, 3 px left over
		{"one pixel per module", "1234567890", 29},    // numeric: version 1, 21 modules
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := PNG(tt.text, tt.size)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if got := img.Bounds(); got != image.Rect(0, 0, tt.size, tt.size) {
				t.Fatalf("bounds %v, want %d×%d", got, tt.size, tt.size)
			}
			black := func(x, y int) bool { r, _, _, _ := img.At(x, y).RGBA(); return r < 0x8000 }
			// The finder patterns put dark modules in three corners of the
			// symbol, so the dark pixels span exactly the symbol.
			first, last := tt.size, -1
			for y := 0; y < tt.size; y++ {
				for x := 0; x < tt.size; x++ {
					if black(x, y) {
						first, last = min(first, x, y), max(last, x, y)
					}
				}
			}
			if last < 0 {
				t.Fatal("no dark pixel")
			}
			side := last - first + 1
			modules := 0
			for _, n := range []int{21, 25, 29, 33, 37} {
				if side%n == 0 && tt.size/(n+2*QuietZone) == side/n {
					modules = n
				}
			}
			if modules == 0 {
				t.Fatalf("the symbol is %d px wide: not a whole number of modules", side)
			}
			scale := side / modules
			if first < QuietZone*scale || tt.size-1-last < QuietZone*scale {
				t.Errorf("margins %d and %d px, want at least %d modules of %d px", first, tt.size-1-last, QuietZone, scale)
			}
			for y := 0; y < tt.size; y++ {
				for x := 0; x < tt.size; x++ {
					inside := x >= first && x <= last && y >= first && y <= last
					if !inside && black(x, y) {
						t.Fatalf("dark pixel (%d,%d) in the quiet zone", x, y)
					}
					if inside {
						mx, my := first+(x-first)/scale*scale, first+(y-first)/scale*scale
						if black(x, y) != black(mx, my) {
							t.Fatalf("pixel (%d,%d) differs from its module's corner (%d,%d)", x, y, mx, my)
						}
					}
				}
			}
		})
	}
}

func TestPNGErrors(t *testing.T) {
	tests := []struct {
		name string
		text string
		size int
	}{
		{"smaller than the symbol and its quiet zone", "1234567890", 28},
		{"zero size", "x", 0},
		{"too much text", strings.Repeat("Ж", 2000), 1000}, // 4000 bytes > 2331 of version 40-M
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := PNG(tt.text, tt.size); err == nil {
				t.Fatal("got no error")
			}
			if _, err := DataURL(tt.text, tt.size); err == nil {
				t.Fatal("DataURL: got no error")
			}
		})
	}
}

// TestPathMatchesPNG draws the SVG path's rectangles on a grid and finds
// exactly the dark modules of the PNG at one pixel per module: the same
// symbol, quiet zone included.
func TestPathMatchesPNG(t *testing.T) {
	const link = "https://kabinet.example/qr?c=AbC-123_xyz"
	d, size, err := Path(link)
	if err != nil {
		t.Fatal(err)
	}
	b, err := PNG(link, size)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	want := make([]bool, size*size)
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			want[y*size+x] = dark(img.At(x, y))
		}
	}
	got := make([]bool, size*size)
	for _, rect := range strings.Split(strings.TrimSuffix(d, "z"), "z") {
		var x, y, w, back int
		if _, err := fmt.Sscanf(rect, "M%d %dh%dv1h-%d", &x, &y, &w, &back); err != nil || w != back || w < 1 {
			t.Fatalf("rectangle %q: %v", rect, err)
		}
		for i := x; i < x+w; i++ {
			if got[y*size+i] {
				t.Fatalf("module (%d, %d) drawn twice", i, y)
			}
			got[y*size+i] = true
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the path's modules differ from the PNG's (-png +path):\n%s", diff)
	}
}
