package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kabinet/server/config"
)

// A person still typing when the idle warning is due loses no key: the
// warning is a modal dialog that takes the focus, so the keys typed while
// it opened went to its «Продолжить» button (a space pressed it) instead
// of the field — " Мос" vanished from «ГУ МВД России по г. Москве» on a
// loaded machine. Typing is activity: the session is extended instead.
func TestTypingThroughIdleWarningKeepsEveryKey(t *testing.T) {
	t.Parallel()
	e := start(t, func(c *config.Config) {
		c.SessionIdle = 8 * time.Second
		c.SessionWarn = 7 * time.Second // due a second after the last request
	})
	e.seedDemo()
	ctx := browser(t, desktop)
	signIn(t, ctx, e, annaLogin, demoPassword)
	open(ctx, e.url+"/profile/edit")

	const id = "f-passport-issuedBy"
	words := strings.Fields("ГУ МВД России по г. Москве в Южном административном округе")
	want := strings.Join(words, " ")
	typeInto(ctx, id, words[0])
	// a person types word by word, for longer than the warning waits
	for _, w := range words[1:] {
		time.Sleep(400 * time.Millisecond)
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
