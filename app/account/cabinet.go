package account

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// cabinetPage is the signed-in home: status first, then the account level
// and how to raise it, the three cabinets, and shortcuts.
type cabinetPage struct {
	app.Compo
	live
	authed
}

// Cabinet is the signed-in person's start (/cabinet): the account's state and the cabinets.
func Cabinet() app.Composer { return &cabinetPage{} }

func (p *cabinetPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "cabinet.title")
	p.Load(ctx, nil)
}

func (p *cabinetPage) Render() app.UI {
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavCabinet, ds.NewPageHead(t("cabinet.title")), g)
	}
	a := p.Account()
	return page.Private(p.Sess, page.NavCabinet,
		ds.NewPageHead(t("cabinet.hello", page.CallName(a))).Lead(t("cabinet.lead")),
		p.needFactor(),
		p.status(a),
		p.level(a),
		app.H2().Text(t("cabinet.cabinetsTitle")),
		app.Div().Class("grid grid--3").Body(
			cabinetCard("ip", ipFooter(a)),
			cabinetCard("npd", npdFooter(a)),
			cabinetCard("org", soonFooter(a)),
		),
		app.H2().Text(t("cabinet.shortcuts")),
		app.Ul().Class("shortcuts").Body(
			ds.Shortcut(page.PathProfile, t("cabinet.toProfile"), t("cabinet.toProfileText")),
			ds.Shortcut(page.PathJournal, t("cabinet.toJournal"), t("cabinet.toJournalText")),
			ds.Shortcut(page.PathSecurity, t("cabinet.toSecurity"), t("cabinet.toSecurityText")),
			ds.Shortcut("/documents", t("cabinet.toDocuments"), t("cabinet.toDocumentsText")),
			app.If(a.Can(shared.PermPeopleRead), func() app.UI {
				return ds.Shortcut(page.PathOffice, t("cabinet.toOffice"), t("cabinet.toOfficeText"))
			}),
		),
	)
}

// needFactor is the warning of a standard or confirmed account without a
// second factor, with the way to connect one; nil otherwise.
func (p *cabinetPage) needFactor() app.UI {
	if p.Sess == nil || !p.Sess.NeedsFactor {
		return nil
	}
	return ds.NewNotice(ds.Warning, t("cabinet.needFactorTitle")).ID("notice-need-factor").Body(
		app.P().Text(t("cabinet.needFactorText")),
		ds.Actions(
			ds.NewButton(t("cabinet.needFactorAction")).ID("btn-need-factor").Href(page.PathSecurity),
		),
	)
}

// status is the banner about the account status, with its reason and what
// to do. The element cabinet-status holds the status word.
func (p *cabinetPage) status(a shared.Account) app.UI {
	kind := page.StatusKind(a.Status)
	if a.Status == shared.StatusActive {
		kind = ds.Info
	}
	body := []app.UI{
		app.P().Body(app.Text(t("cabinet.statusLabel")+" "), app.Span().ID("cabinet-status").Body(page.StatusTag(a.Status))),
	}
	if a.StatusReason != "" {
		body = append(body, app.P().Body(app.Strong().Text(t("cabinet.reason")+" "), app.Text(page.ReasonText(a.StatusReason))))
	}
	body = append(body, app.P().Text(t("cabinet.remedy."+string(a.Status))))
	if a.Status == shared.StatusPending {
		body = append(body, ds.Actions(
			ds.NewButton(t("cabinet.confirmContacts")).ID("btn-confirm-contacts").Href(page.PathConfirm),
		))
	}
	if a.Status == shared.StatusNeedsUpdate {
		body = append(body, ds.Actions(
			ds.NewButton(t("cabinet.updateData")).ID("btn-update-data").Href(page.PathProfileEdt),
		))
	}
	return ds.NewNotice(kind, t("cabinet.statusTitle."+string(a.Status))).ID("status-banner").Body(body...)
}

// level tells the account level, what the next one gives and how to reach it.
func (p *cabinetPage) level(a shared.Account) app.UI {
	card := ds.NewCard(t("cabinet.levelTitle")).ID("cabinet-level").Tag(page.LevelTag(a.Level))
	switch a.Level {
	case shared.LevelConfirmed:
		return card.Body(app.P().Text(t("cabinet.level.confirmed")))
	case shared.LevelStandard:
		return card.Body(
			app.P().Text(t("cabinet.level.standard")),
			app.P().Text(t("cabinet.level.standardNext")),
			app.P().Text(t("home.wayCentre")),
		).Footer(ds.NewButton(t("confirmSig.link")).ID("link-confirm-signature").Kind(ds.Secondary).Href(page.PathConfirmSig))
	}
	return card.Body(
		app.P().Text(t("cabinet.level.simplified")),
		app.P().Text(t("cabinet.level.simplifiedNext")),
	).Footer(ds.NewButton(t("cabinet.fillProfile")).ID("btn-fill-profile").Kind(ds.Secondary).Href(page.PathProfileEdt))
}

// soonFooter is the footer of a cabinet not built yet: it needs the
// confirmed level only from those who lack it.
func soonFooter(a shared.Account) app.UI {
	if a.Level == shared.LevelConfirmed {
		return mutedText("cabinets.soonConfirmed")
	}
	return mutedText("cabinets.soon")
}

// npdFooter opens the self-employed cabinet when the account can use it;
// otherwise it says, before any click, what is missing and links to the
// way to get it.
func npdFooter(a shared.Account) app.UI {
	way := func(key, action, href string) app.UI {
		return app.Div().ID("cabinet-npd-missing").Body(
			app.P().Text(t(key)),
			ds.NewButton(t(action)).ID("link-cabinet-npd-way").Kind(ds.Secondary).Href(href),
		)
	}
	switch {
	case a.Status != shared.StatusActive:
		return app.Div().ID("cabinet-npd-missing").Body(mutedText("cabinets.npd.needActive"))
	case a.Level == shared.LevelSimplified:
		return way("cabinets.npd.needProfile", "cabinet.fillProfile", page.PathProfileEdt)
	case a.Level == shared.LevelStandard:
		return way("cabinets.needsConfirmed", "cabinets.npd.howConfirm", "#cabinet-level")
	case len(a.INN) != 12:
		return way("cabinets.npd.needINN", "cabinets.npd.addINN", page.PathProfileEdt)
	}
	return ds.NewButton(t("cabinets.open")).ID("link-cabinet-npd").Href(page.PathNPD)
}

// ipFooter opens the ИП cabinet for a confirmed account; the cabinet's
// home says what an account lacks for it (and to one who is no ИП yet,
// how to register), so anyone else is told first what to do.
func ipFooter(a shared.Account) app.UI {
	if a.Level != shared.LevelConfirmed || a.Status == shared.StatusBlocked {
		return app.Div().ID("cabinet-ip-missing").Body(mutedText("cabinets.needsConfirmed"),
			ds.NewButton(t("cabinets.ip.why")).ID("link-cabinet-ip").Kind(ds.Secondary).Href(page.PathIP))
	}
	return ds.NewButton(t("cabinets.open")).ID("link-cabinet-ip").Href(page.PathIP)
}
