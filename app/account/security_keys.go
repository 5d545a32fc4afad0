package account

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared/signature"
)

// keyCerts is the «Ключ Кабинета» section of «Вход и защита»: the
// certificates the portal's CA issued for the person's keys, each with
// «Отозвать», which takes effect at once (and forgets the key in this
// browser).
type keyCerts struct {
	app.Compo

	certs  *signature.CertificateList
	err    string
	busy   string // the serial being revoked
	notice string
}

func (k *keyCerts) OnMount(ctx app.Context) { k.load(ctx) }

func (k *keyCerts) load(ctx app.Context) {
	page.Do(ctx, func() (signature.CertificateList, error) { return page.API().SignatureCertificates(ctx) },
		func(ctx app.Context, l signature.CertificateList) { k.certs, k.err = &l, "" },
		func(ctx app.Context, err error) { k.err = page.ErrText(err) })
}

func (k *keyCerts) revoke(serial string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if k.busy != "" {
			return
		}
		k.busy, k.err, k.notice = serial, "", ""
		page.Do(ctx, func() (struct{}, error) {
			if err := page.API().RevokeCertificate(ctx, serial); err != nil {
				return struct{}{}, err
			}
			keys, _ := client.BrowserKeys()
			for _, b := range keys {
				if b.Serial == serial {
					_ = client.RemoveBrowserKey(b.ID)
				}
			}
			return struct{}{}, nil
		}, func(ctx app.Context, _ struct{}) {
			k.busy, k.notice = "", t("keys.revoked")
			ds.Focus(ctx, "keys-notice")
			k.load(ctx)
		}, func(ctx app.Context, err error) { k.busy, k.err = "", page.ErrText(err) })
	}
}

func (k *keyCerts) Render() app.UI {
	card := ds.NewCard(t("keys.title")).ID("keys")
	switch {
	case k.err != "":
		return card.Body(ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("keys-error").Text(k.err))
	case k.certs == nil:
		return card.Body(ds.NewSkeleton(2, t("common.loading")))
	}
	body := []app.UI{app.P().Text(t("keys.lead"))}
	if k.notice != "" {
		body = append(body, ds.NewNotice(ds.Success, k.notice).ID("keys-notice"))
	}
	if len(k.certs.Items) == 0 {
		return card.Body(append(body, app.P().Class("muted").ID("keys-none").Text(t("keys.none")))...)
	}
	rows := make([][]app.UI, len(k.certs.Items))
	for i, c := range k.certs.Items {
		kind, word := ds.Success, t("keys.good")
		var action app.UI = app.Text("")
		switch c.Status {
		case signature.CertRevoked:
			kind, word = ds.Danger, t("keys.revokedTag")
		case signature.CertExpired:
			kind, word = ds.Neutral, t("keys.expired")
		default:
			action = ds.NewButton(t("keys.revoke")).ID("btn-revoke-"+c.Serial).Kind(ds.DangerBtn).
				Label(t("keys.revokeNamed", c.Serial)).Busy(k.busy == c.Serial, t("common.wait")).OnClick(k.revoke(c.Serial))
		}
		rows[i] = []app.UI{
			app.Text(c.Serial), app.Text(page.OrWord(c.Device, t("keys.noDevice"))),
			app.Text(page.FormatDate(c.NotBefore) + " — " + page.FormatDate(c.NotAfter)),
			ds.NewTag(kind, word), action,
		}
	}
	return card.Body(append(body, ds.NewTable(t("keys.title"), t("keys.serial"), t("keys.device"), t("keys.validity"), t("keys.status"), t("keys.action")).ID("keys-list").Rows(rows))...)
}
