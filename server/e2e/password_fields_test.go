package e2e

import (
	"fmt"
	"testing"

	"kabinet/shared"
)

// Password fields mask what is typed, tell password managers what they
// hold, and let a password be pasted (ASVS 6.2.6, 6.2.7): on every form
// with one the field is type=password with the right autocomplete token
// and a paste event is not cancelled; on the sign-in page a pasted
// password signs in.
func TestPasswordFieldsMaskAndAllowPaste(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	e.seedDemo()
	ctx := browser(t, desktop)

	for _, tc := range []struct{ page, autocomplete string }{
		{"/register", "new-password"},
		{"/login", "current-password"},
	} {
		t.Run(tc.page, func(t *testing.T) {
			open(ctx, e.url+tc.page)
			waitVisible(ctx, "f-password", stepTimeout)
			attrs, err := js[string](ctx, `(f => f.type + " " + f.getAttribute("autocomplete"))(document.getElementById("f-password"))`)
			if want := "password " + tc.autocomplete; err != nil || attrs != want {
				t.Errorf("f-password: %q (%v), want %q", attrs, err, want)
			}
			// A paste as the browser starts it; the page must not cancel it.
			prevented, err := js[bool](ctx, `(f => { const dt = new DataTransfer(); dt.setData("text/plain", "x");
				const ev = new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true});
				return !f.dispatchEvent(ev); })(document.getElementById("f-password"))`)
			if err != nil || prevented {
				t.Errorf("paste into f-password cancelled: %v %v", prevented, err)
			}
		})
	}

	// The paste's default action, inserting the text, then signing in.
	open(ctx, e.url+"/login")
	waitVisible(ctx, "f-password", stepTimeout)
	typeInto(ctx, "f-login", annaLogin)
	if _, err := js[bool](ctx, fmt.Sprintf(`(f => { f.focus(); f.value = ""; return document.execCommand("insertText", false, %q); })(document.getElementById("f-password"))`, demoPassword)); err != nil {
		t.Fatal(err)
	}
	click(ctx, "btn-login")
	got := waitResponses(ctx, "POST", shared.APIPrefix+"/login", 1, stepTimeout)
	if s := got[len(got)-1]; s != 200 && s != 202 {
		t.Errorf("sign-in with the pasted password: %d, want 200 or 202", s)
	}
	shot(t, ctx, "pasted-password")
}
