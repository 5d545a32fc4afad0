package e2e

import (
	"strings"
	"testing"
	"time"

	"kabinet/shared"
)

// A password entered on a desktop is confirmed on the person's phone: the
// phone (signed in with a second factor, Kabinet open) shows a banner at
// once, the person checks the request and picks the number the desktop
// shows; the desktop opens the cabinet. Two browsers, two Chromiums. (Web
// Push itself is tested against a loopback push service in the API tests:
// headless Chromium has no push service to reach here.)
func TestApprovalOnThePhone(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	p, secret := personWithApp(t, e, shared.RegisterRequest{LastName: "Зайцева", FirstName: "Нина", Phone: "+79120000099", Email: "nina@example.ru", Password: personPassword})

	mob := browser(t, phone)
	signInWithApp(t, mob, e.url, p.Email, personPassword, secret)
	waitVisible(mob, "cabinet-status", stepTimeout)

	desk := browser(t, desktop)
	open(desk, e.url+"/login")
	typeInto(desk, "f-login", p.Email)
	typeInto(desk, "f-password", personPassword)
	click(desk, "btn-login")
	waitVisible(desk, "push-number", stepTimeout)
	number := strings.TrimSpace(texts(desk, "#push-number")[0])
	waitVisible(desk, "btn-use-app", stepTimeout) // another way is offered
	shot(t, desk, "desktop-waits")

	waitVisible(mob, "approval-banner", stepTimeout)
	waitText(mob, "#approval-banner", "127.0.0.1", stepTimeout)
	shot(t, mob, "phone-banner")
	click(mob, "btn-approval-open")
	waitVisible(mob, "btn-qr-choice-"+number, stepTimeout)
	// A security screen says only what is true: a password was entered on
	// that device (no QR code was involved), and the number is on its screen.
	asker := waitText(mob, "#qrok-asker", "ввёл ваш пароль", stepTimeout)
	for _, want := range []string{"Chrome", "Linux", "IP 127.0.0.1", "этот же компьютер", "на экране того устройства"} {
		if !strings.Contains(asker, want) {
			t.Errorf("the request says %q, without %q", asker, want)
		}
	}
	if page := strings.Join(texts(mob, "main"), " "); strings.Contains(page, "QR") {
		t.Errorf("the push approval speaks of a QR code: %q", page)
	}
	shot(t, mob, "phone-request")
	click(mob, "btn-qr-choice-"+number)
	waitText(mob, "#qrok-done", "Вход разрешён", stepTimeout)
	// The decision wakes the phone's waiting request: the banner goes at once.
	if !until(mob, 2*time.Second, `() => !document.getElementById("approval-banner")`) {
		t.Errorf("the banner is still shown 2 s after approving")
	}
	shot(t, mob, "phone-approved")

	waitPath(desk, "/cabinet", stepTimeout)
	waitVisible(desk, "cabinet-status", stepTimeout)
	var methods string
	if err := e.DB.NewRaw("SELECT array_to_string(methods, ',') FROM sessions ORDER BY created_at DESC LIMIT 1").Scan(t.Context(), &methods); err != nil {
		t.Fatal(err)
	}
	if methods != "password,push" {
		t.Errorf("desktop session methods %q", methods)
	}
	shot(t, desk, "desktop-in")
}
