package e2e

import (
	"context"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"kabinet/server/config"
	"kabinet/shared"
)

// scanQR reads the QR code the page shows (svg#qr-code) with zbarimg, as
// a phone's camera would, and returns the link in it.
func scanQR(t *testing.T, ctx context.Context) string {
	t.Helper()
	return scanImage(t, ctx, "qr-code")
}

// scanImage reads the QR code of the page's image (or inline SVG) with
// the id, its UTF-8 bytes as they are (-Sbinary).
func scanImage(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	src, err := js[string](ctx, `(async (el) => {
		if (el.tagName !== "svg") return el.src;
		// The sign-in QR is inline SVG: draw it on a canvas, ten pixels a
		// module, as the screen would show it to a camera.
		const img = new Image(), px = el.viewBox.baseVal.width * 10;
		img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(new XMLSerializer().serializeToString(el));
		await img.decode();
		const c = document.createElement("canvas");
		c.width = c.height = px;
		const g = c.getContext("2d");
		g.fillStyle = "#fff";
		g.fillRect(0, 0, px, px);
		g.drawImage(img, 0, 0, px, px);
		return c.toDataURL("image/png");
	})(document.getElementById(`+strconv.Quote(id)+`))`)
	if err != nil || !strings.HasPrefix(src, "data:image/png;base64,") {
		t.Fatalf("QR image %q: %v", src, err)
	}
	png, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(src, "data:image/png;base64,"))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "qr.png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	zbar, err := exec.LookPath("zbarimg")
	if err != nil {
		t.Fatal("zbarimg is missing: `make test` installs Debian's zbar-tools")
	}
	out, err := exec.Command(zbar, "-q", "--raw", "-Sbinary", file).Output()
	if err != nil {
		t.Fatalf("zbarimg could not read the QR code: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// A kiosk set up from the back office shows a QR code; a phone signed in
// to Kabinet scans it, sees the kiosk and its service centre, picks a
// wrong number (denied on both screens), then the right one on a new code:
// the kiosk opens the cabinet, the used code is refused, and when the
// visitor walks away the kiosk warns and wipes itself for the next person.
// Two browsers, two Chromiums.
func TestQRKioskFlow(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, func(c *config.Config) {
		c.QRRotate = 5 * time.Second
		c.KioskIdle, c.KioskWarn = 15*time.Second, 8*time.Second // 2 min and 30 s by default
	})
	e.seedDemo()
	op := e.Client()
	op.SignInDemo(operatorLogin)
	var reg shared.KioskRegistered
	op.MustOK("POST", "/office/kiosks", shared.KioskRequest{Name: "Терминал №1", Centre: "МФЦ «Мои документы» Арбат", Address: "Москва, ул. Новый Арбат, 2"}, &reg)

	// The person's phone: signed in with the password and the app's code.
	p, secret := personWithApp(t, e, shared.RegisterRequest{LastName: "Орлова", FirstName: "Вера", Phone: "+79120000080", Email: "vera@example.ru", Password: personPassword})

	kiosk := browser(t, desktop)
	open(kiosk, reg.SetupURL)
	click(kiosk, "btn-kiosk-install")
	waitVisible(kiosk, "kiosk-done", stepTimeout)
	if loc := location(kiosk); strings.Contains(loc, reg.Secret) {
		t.Errorf("the kiosk's secret stayed in the address: %s", loc)
	}
	shot(t, kiosk, "kiosk-setup")
	click(kiosk, "link-kiosk-start")
	waitPath(kiosk, "/login", stepTimeout)
	waitVisible(kiosk, "qr-code", stepTimeout)
	waitText(kiosk, "#qr-login", "Вход по QR-коду", stepTimeout)
	if !until(kiosk, stepTimeout, `() => document.querySelector(".app.kiosk") !== null`) {
		t.Error("the kiosk is not in kiosk mode")
	}
	shot(t, kiosk, "kiosk-qr")
	first := scanQR(t, kiosk)
	// The code rotates (every 5 s in this test, 30 s by default).
	if !until(kiosk, 12*time.Second, `(old) => { const i = document.getElementById("qr-code"); return i && i.outerHTML !== old; }`,
		mustJS[string](t, kiosk, `document.getElementById("qr-code").outerHTML`)) {
		t.Fatal("the QR code did not change")
	}
	link := scanQR(t, kiosk)
	if link == first || !strings.HasPrefix(link, e.URL+"/qr?c=") {
		t.Fatalf("QR links %q then %q", first, link)
	}

	mob := browser(t, phone)
	signInWithApp(t, mob, e.url, p.Email, personPassword, secret)

	// What the camera reads now opens the request and shows who asks.
	link = scanQR(t, kiosk)
	open(mob, link)
	waitText(mob, "#qrok-who", "Терминал №1", stepTimeout)
	waitText(mob, "#qrok-who", "МФЦ «Мои документы» Арбат", stepTimeout)
	shot(t, mob, "phone-who")
	waitVisible(kiosk, "qr-status", stepTimeout)
	waitText(kiosk, "#qr-status", "отсканировал", stepTimeout)
	number := strings.TrimSpace(texts(kiosk, "#qr-number")[0])
	shot(t, kiosk, "kiosk-scanned")

	// A wrong number: denied on both screens.
	wrong := ""
	for _, b := range texts(mob, "#qrok-choices button") {
		if b = strings.TrimSpace(b); b != number {
			wrong = b
			break
		}
	}
	click(mob, "btn-qr-choice-"+wrong)
	waitText(mob, "#qrok-done", "Вход отклонён", stepTimeout)
	shot(t, mob, "phone-denied")
	waitText(kiosk, "#qr-status", "другое число", stepTimeout)
	shot(t, kiosk, "kiosk-denied")

	// A new code, the right number: the kiosk opens the cabinet.
	click(kiosk, "btn-qr-again")
	waitVisible(kiosk, "qr-code", stepTimeout)
	link = scanQR(t, kiosk)
	number = strings.TrimSpace(texts(kiosk, "#qr-number")[0])
	open(mob, link)
	waitVisible(mob, "btn-qr-choice-"+number, stepTimeout)
	shot(t, mob, "phone-choose")
	click(mob, "btn-qr-choice-"+number)
	waitText(mob, "#qrok-done", "Вход разрешён", stepTimeout)
	shot(t, mob, "phone-approved")
	waitPath(kiosk, "/cabinet", stepTimeout)
	waitText(kiosk, "#btn-logout", "Завершить сеанс", stepTimeout)
	shot(t, kiosk, "kiosk-cabinet")
	var methods, kiosks string
	if err := e.DB.NewRaw("SELECT array_to_string(methods, ','), coalesce(kiosk_id::text, '') FROM sessions WHERE revoked_at IS NULL ORDER BY created_at DESC LIMIT 1").
		Scan(context.Background(), &methods, &kiosks); err != nil {
		t.Fatal(err)
	}
	if methods != shared.FactorQR || kiosks != reg.Kiosk.ID {
		t.Errorf("kiosk session: methods %q, kiosk %q", methods, kiosks)
	}

	// The used code is refused.
	open(mob, link)
	waitVisible(mob, "qrok-error", stepTimeout)

	// The visitor walks away: the kiosk warns, then wipes the visit and
	// shows a clean sign-in screen for the next person.
	if _, err := js[bool](kiosk, `localStorage.setItem("visitor.draft", "secret"), true`); err != nil {
		t.Fatal(err)
	}
	waitVisible(kiosk, "timeout-dialog", 15*time.Second)
	shot(t, kiosk, "kiosk-timeout")
	waitPath(kiosk, "/login", 15*time.Second)
	waitApp(kiosk)
	waitVisible(kiosk, "qr-code", stepTimeout)
	keys, _ := js[string](kiosk, `Object.keys(localStorage).sort().join(",")`)
	if keys != "kabinet.kiosk" {
		t.Errorf("after the visit the kiosk keeps %q", keys)
	}

	// A code that runs out of time says so.
	if _, err := e.DB.NewRaw("UPDATE qr_tickets SET expires_at = now() WHERE status = 'pending'").Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitText(kiosk, "#qr-status", "Время кода вышло", 15*time.Second)
	shot(t, kiosk, "kiosk-expired")
}

// mustJS evaluates expr or fails the test.
func mustJS[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := js[T](ctx, expr)
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}
