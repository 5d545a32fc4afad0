package account

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// profilePage shows the person's data (/profile) and edits it
// (/profile/edit); it also changes the password.
type profilePage struct {
	app.Compo
	live
	authed
	reauth

	me page.Remote[*shared.Account]

	// the data's form (profile_edit.go)
	editing bool
	edit    shared.ProfileRequest
	f       page.Form
	kept    page.Keeper // the edit form's draft

	// the password's form (password_change.go)
	current string
	newPw   string
	pf      page.Form

	toast    string
	toastGen int
}

// Profile is the person's data (/profile) and its form (/profile/edit).
func Profile() app.Composer { return &profilePage{} }

func (p *profilePage) OnNav(ctx app.Context) {
	p.editing = ctx.Page().URL().Path == page.PathProfileEdt
	if p.editing {
		page.SetTitle(ctx, "profile.editTitle")
	} else {
		page.SetTitle(ctx, "profile.title")
	}
	p.f = page.Form{}
	frag := ctx.Page().URL().Fragment
	if p.editing && p.me.Data != nil {
		p.edit = requestOf(*p.me.Data)
	}
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) { p.loadMe(p.On(ctx), s, frag) })
}

// loadMe loads the account; the edit form is filled from the first copy
// the page gets, then its draft (if any) and the field the link named
// take over.
func (p *profilePage) loadMe(ctx app.Context, s shared.SessionInfo, frag string) {
	filled := p.me.Data != nil
	answered := false
	qMe.Load(ctx, &p.me).OnChange(func() {
		if answered || p.me.Status != page.Loaded {
			return
		}
		answered = true
		if p.editing && !filled {
			p.edit = requestOf(*p.me.Data)
		}
		p.keepEdit(ctx, s)
		if p.editing && frag != "" {
			ds.Focus(ctx, frag)
		}
	})
	if p.editing && !filled && p.me.Data != nil { // the copy seen a moment ago
		p.edit, filled = requestOf(*p.me.Data), true
	}
}

// showToast shows the toast for four seconds.
func (p *profilePage) showToast(ctx app.Context, text string) {
	p.toast = text
	p.toastGen++
	gen := p.toastGen
	ctx.After(4*time.Second, func(ctx app.Context) {
		if p.toastGen == gen {
			p.toast = ""
		}
	})
}

func (p *profilePage) Render() app.UI {
	title := "profile.title"
	if p.editing {
		title = "profile.editTitle"
	}
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavProfile, ds.NewPageHead(t(title)), g)
	}
	switch {
	case p.me.Status == page.Failed:
		return page.Private(p.Sess, page.NavProfile, ds.NewPageHead(t(title)),
			ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("form-error").Text(p.me.Err))
	case p.me.Data == nil:
		return page.Private(p.Sess, page.NavProfile, ds.NewPageHead(t(title)), ds.NewSkeleton(6, t("common.loading")))
	}
	var content []app.UI
	if p.editing {
		content = p.editView()
	} else {
		content = p.readView(*p.me.Data)
	}
	content = append(content, ds.NewToast(p.toast, p.toast != ""), p.reauthDialog())
	return page.Private(p.Sess, page.NavProfile, content...)
}

// readView is the summary of the person's data with change links, the
// level and status, and the password form.
func (p *profilePage) readView(a shared.Account) []app.UI {
	change := func(key, field string) (string, string, string) {
		return t("common.change"), page.PathProfileEdt + "#" + ds.FieldID(field), t(key)
	}
	row := func(key string, value app.UI, field string) ds.Row {
		r := ds.Row{Key: t(key), Value: value}
		if field != "" {
			r.ActionText, r.ActionHref, r.ActionHint = change(key, field)
		}
		return r
	}
	contact := func(value string, ok bool) app.UI {
		return app.Span().Class("contact").Body(app.Span().Text(value), app.Text(" "), page.ConfirmedTag(ok))
	}
	rows := []ds.Row{
		row("profile.name", page.OrDash(a.FullName()), "lastName"),
		row("field.birthDate", page.OrDash(page.FormatISODate(a.BirthDate)), "birthDate"),
		row("field.phone", contact(page.FormatPhone(a.Phone), a.PhoneConfirmed), ""),
		row("field.email", contact(a.Email, a.EmailConfirmed), ""),
		row("field.inn", page.OrDash(a.INN), "inn"),
		row("field.snils", page.OrDash(page.SNILSText(a.SNILS)), "snils"),
		row("profile.passport", page.PassportText(a.Passport), "passport.series"),
	}
	unconfirmed := !a.PhoneConfirmed || !a.EmailConfirmed
	return []app.UI{
		ds.BackLink(page.PathCabinet, t("common.toCabinet")),
		ds.NewPageHead(t("profile.title")).Lead(t("profile.lead")),
		app.Div().Class("tags").Body(
			app.Span().Class("tags__item").Body(app.Text(t("profile.level")+": "), page.LevelTag(a.Level)),
			app.Span().Class("tags__item").Body(app.Text(t("profile.status")+": "), page.StatusTag(a.Status)),
		),
		app.If(a.Level == shared.LevelStandard, func() app.UI {
			return app.P().Body(app.A().ID("link-profile-confirm-signature").Href(page.PathConfirmSig).Text(t("confirmSig.link")))
		}),
		app.If(a.StatusReason != "", func() app.UI {
			return ds.NewNotice(page.StatusKind(a.Status), t("status."+string(a.Status))).Text(page.ReasonText(a.StatusReason))
		}),
		app.If(unconfirmed, func() app.UI {
			return ds.NewNotice(ds.Warning, t("profile.unconfirmedTitle")).Body(
				app.P().Text(t("profile.unconfirmedText")),
				app.P().Body(app.A().Href(page.PathConfirm).Text(t("cabinet.confirmContacts"))),
			)
		}),
		ds.Actions(
			ds.NewButton(t("profile.edit")).ID("btn-profile-edit").Href(page.PathProfileEdt),
		),
		ds.NewSummaryList(rows...).ID("profile-summary"),
		app.P().Class("muted").Text(t("profile.contactsNote")),
		p.passwordForm(),
	}
}
