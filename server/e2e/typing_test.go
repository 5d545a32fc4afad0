package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"kabinet/server/config"
)

// A person still typing when the idle warning is due loses no key: the
// warning is a modal dialog that takes the focus, so the keys typed while
// it opened went to its «Продолжить» button (a space pressed it) instead
// of the field — " Мос" vanished from «ГУ МВД России по г. Москве» on a
// loaded machine. Typing is activity: the session is extended instead.
// At a quarter of the CPU the warning also came at the first tick that saw
// the field focused, before any change of its text could be seen there
// («МВД России» lost): taking the focus counts as typing too.
func TestTypingThroughIdleWarningKeepsEveryKey(t *testing.T) {
	t.Parallel()
	e := start(t, func(c *config.Config) {
		// The warning is due 5 s after the last request, and the person
		// types for longer than that. The session lasts 30 s, so that the
		// form, loading slowly on a loaded machine (load 21 on two cores in
		// a clean-clone run), finds it alive.
		c.SessionIdle = 30 * time.Second
		c.SessionWarn = 25 * time.Second
	})
	e.seedDemo()
	ctx := browser(t, desktop)
	signIn(t, ctx, e, annaLogin, demoPassword)
	open(ctx, e.url+"/profile/edit")
	slowCPU(ctx, 4)

	const id = "f-passport-issuedBy"
	waitVisible(ctx, id, stepTimeout)
	// A form that took longer to come up than the warning waits finds it
	// open, the field behind it (a clean-clone run): the person presses
	// «Продолжить» first, and the 5 s start again.
	if isVisible(ctx, "timeout-dialog") {
		click(ctx, "btn-continue")
		if !until(ctx, stepTimeout, `() => { const d = document.getElementById("timeout-dialog"); return !d || !d.open; }`) {
			fatalf(ctx, "the warning stayed open after «Продолжить работу»")
		}
	}
	words := strings.Fields("ГУ МВД России по г. Москве в Южном административном округе")
	want := strings.Join(words, " ")
	typeInto(ctx, id, words[0])
	// a person types word by word, for longer than the warning waits
	for _, w := range words[1:] {
		time.Sleep(time.Second)
		err := within(ctx, stepTimeout, func(c context.Context) error {
			return chromedp.Do(c, chromedp.KeyEvent(" "+w))
		})
		if err != nil {
			fatalf(ctx, "typing %q: %v", w, err)
		}
	}
	if got, _ := js[string](ctx, `document.getElementById("`+id+`").value`); got != want {
		t.Errorf("#%s holds %q after typing %q", id, got, want)
	}
	if isVisible(ctx, "timeout-dialog") {
		t.Error("the idle warning opened while the person was typing")
	}
}

// slowCPU makes the tab's processor rate times slower, as on a cheap
// phone or a loaded machine.
func slowCPU(ctx context.Context, rate float64) {
	tabOf(ctx).t.Helper()
	err := within(ctx, stepTimeout, func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: rate})
		return err
	})
	if err != nil {
		fatalf(ctx, "CPU throttling: %v", err)
	}
}

// A person typing fast on a slow device loses no key. go-app handles a
// key's input event after the key is in the field, and it renders the
// page 30 times a second: a frame that ran in between wrote the page's
// older text back into the field, and the key was gone («Wrong-Pasword-3»
// in a clean-clone CI run). Here every key gives Go such a turn first: a
// listener before the field's own dispatches a window resize, which
// go-app's Go listener handles (as any Go listener on the key's way
// would), at a quarter of the CPU. Every field of the registration form is
// typed into twice; the phone is still formatted when the person moves on.
func TestTypingFastOnSlowCPUKeepsEveryKey(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	ctx := browser(t, desktop)
	open(ctx, e.url+"/register")
	slowCPU(ctx, 4)
	if _, err := js[bool](ctx, `document.addEventListener("input", () => window.dispatchEvent(new Event("resize")), true), true`); err != nil {
		fatalf(ctx, "a listener before the fields': %v", err)
	}

	fields := []struct{ id, text string }{
		{"f-lastName", "Константинопольская-Задунайская"},
		{"f-firstName", "Анна-Мария Елизавета"},
		{"f-phone", "89123456789"},
		{"f-email", "anna.konstantinopolskaya@example.ru"},
		{"f-password", "Wrong-Password-3 Wrong-Password-4"},
	}
	const rounds = 2
	lost := 0
	for round := 1; round <= rounds; round++ {
		for _, f := range fields {
			err := within(ctx, stepTimeout, func(c context.Context) error {
				_, err := chromedp.Run(c, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
					`(el => { el.focus(); el.select() })(document.getElementById(%q))`, f.id)))
				if err != nil {
					return err
				}
				return chromedp.Do(c, chromedp.KeyEvent(f.text))
			})
			if err != nil {
				fatalf(ctx, "typing into #%s: %v", f.id, err)
			}
			time.Sleep(300 * time.Millisecond) // the last frames
			if got, _ := js[string](ctx, `document.getElementById("`+f.id+`").value`); got != f.text {
				lost++
				t.Errorf("round %d: #%s holds %q after typing %q", round, f.id, got, f.text)
			}
		}
	}
	t.Logf("%d of %d fields typed lost keys", lost, rounds*len(fields))
	const phone = "+7 912 345-67-89"
	if !until(ctx, stepTimeout, `id => document.getElementById(id).value === "`+phone+`"`, "f-phone") {
		got, _ := js[string](ctx, `document.getElementById("f-phone").value`)
		t.Errorf("#f-phone holds %q after leaving it, want %q", got, phone)
	}
}
