package signin

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	"kabinet/shared/signature"
)

// keyLogin is «Войти с электронной подписью» on the sign-in page: shown
// when this browser holds a «Ключ Кабинета», it signs a one-time server
// challenge with the key and opens a session at a second factor's level.
type keyLogin struct {
	app.Compo

	Inext string

	keys []client.BrowserKey
	busy bool
	err  string
}

func (k *keyLogin) OnMount(ctx app.Context) {
	ctx.Async(func() {
		keys, _ := client.BrowserKeys()
		ctx.Dispatch(func(ctx app.Context) { k.keys = keys })
	})
}

func (k *keyLogin) signIn(ctx app.Context, e app.Event) {
	if k.busy || len(k.keys) == 0 {
		return
	}
	k.busy, k.err = true, ""
	key := k.keys[len(k.keys)-1]
	page.Do(ctx, func() (shared.SessionInfo, error) {
		ch, err := page.API().KeyLoginChallenge(ctx)
		if err != nil {
			return shared.SessionInfo{}, err
		}
		sig, err := client.SignWithBrowserKey(key.ID, []byte(ch.Message))
		if err != nil {
			return shared.SessionInfo{}, err
		}
		return page.API().KeyLogin(ctx, signature.KeyLoginRequest{ChallengeID: ch.ID, Certificate: key.Cert, Signature: sig})
	}, func(ctx app.Context, s shared.SessionInfo) {
		k.busy = false
		ctx.Navigate(page.Landing(k.Inext, s))
	}, func(ctx app.Context, err error) {
		k.busy = false
		if err == client.ErrKeyFailed || err == client.ErrKeyUnsupported {
			k.err = t("login.keyFailed")
		} else {
			k.err = page.ErrText(err)
		}
		ds.Focus(ctx, "key-login-error")
	})
}

func (k *keyLogin) Render() app.UI {
	if len(k.keys) == 0 {
		return app.Div().ID("key-login")
	}
	return app.Div().ID("key-login").Class("key-login").Body(
		app.If(k.err != "", func() app.UI { return ds.NewNotice(ds.Danger, t("login.keyError")).ID("key-login-error").Text(k.err) }),
		ds.NewButton(t("login.withKey")).ID("btn-login-key").Kind(ds.Secondary).Wide().Busy(k.busy, t("common.checking")).OnClick(k.signIn),
	)
}
