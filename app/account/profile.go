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

	acc     *shared.Account
	editing bool
	edit    shared.ProfileRequest
	f       page.Form
	kept    page.Keeper // the edit form's draft

	current  string
	newPw    string
	pf       page.Form
	toast    string
	toastGen int
}

// Profile is the person's data (/profile) and its form (/profile/edit).
func Profile() app.Composer { return &profilePage{} }

var profileOrder = []string{
	"lastName", "firstName", "middleName", "birthDate", "inn", "snils",
	"passport.series", "passport.number", "passport.issuedOn", "passport.issuedBy", "passport.divisionCode",
}

func (p *profilePage) OnNav(ctx app.Context) {
	p.editing = ctx.Page().URL().Path == page.PathProfileEdt
	if p.editing {
		page.SetTitle(ctx, "profile.editTitle")
	} else {
		page.SetTitle(ctx, "profile.title")
	}
	p.f = page.Form{}
	frag := ctx.Page().URL().Fragment
	if p.editing && p.acc != nil {
		p.edit = requestOf(*p.acc)
	}
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) {
		ctx.Async(func() {
			acc, err := page.API().Me(ctx)
			ctx.Dispatch(func(ctx app.Context) {
				if err != nil {
					if !page.APIFailed(ctx, err) {
						p.Failed = page.ErrText(err)
					}
					return
				}
				first := p.acc == nil
				p.acc = &acc
				if p.editing && first {
					p.edit = requestOf(acc)
				}
				p.keepEdit(p.On(ctx), s)
				if p.editing && frag != "" {
					ds.Focus(ctx, frag)
				}
			})
		})
	})
}

// keepEdit keeps the edit form's draft while the form is open: personal
// data only, never the password form below it.
func (p *profilePage) keepEdit(ctx app.Context, s shared.SessionInfo) {
	if !p.editing {
		p.kept.Stop()
		return
	}
	page.KeepDraft(ctx, &p.kept, s.Account.ID, "profile.edit",
		func() shared.ProfileRequest { return p.edit },
		func(r shared.ProfileRequest) { p.edit = r },
		func(ctx app.Context) { p.edit = requestOf(*p.acc) })
}

// requestOf fills the edit form from the account.
func requestOf(a shared.Account) shared.ProfileRequest {
	r := shared.ProfileRequest{
		LastName: a.LastName, FirstName: a.FirstName, MiddleName: a.MiddleName,
		BirthDate: a.BirthDate, INN: a.INN, SNILS: a.SNILS,
	}
	if r.SNILS != "" {
		r.SNILS = page.FormatSNILS(r.SNILS)
	}
	if a.Passport != nil {
		r.Passport = *a.Passport
	}
	return r
}

func (p *profilePage) save(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	e.PreventDefault()
	if !p.f.Start() {
		return
	}
	r := p.edit
	r.Normalize()
	if err := r.Validate(); err != nil {
		p.f.Fail(ctx, err)
		return
	}
	p.send(ctx, r)
}

// send saves the profile; a change of ИНН or СНИЛС (sign-in identifiers)
// may first ask for the password again, and is sent again after it.
func (p *profilePage) send(ctx app.Context, r shared.ProfileRequest) {
	ctx.Async(func() {
		acc, err := page.API().UpdateProfile(ctx, r)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if p.askReauth(ctx, err, func(ctx app.Context) { p.f.Busy = true; p.send(ctx, r) }) {
					p.f.Busy = false // «Сохранить» works again if the dialog is closed
					return
				}
				if !page.APIFailed(ctx, err) {
					p.f.Fail(ctx, err)
				}
				return
			}
			p.f.Done()
			p.acc = &acc
			p.kept.Done(ctx)
			p.showToast(ctx, t("profile.saved"))
			ctx.Navigate(page.PathProfile)
			ds.Focus(ctx, "h1") // start reading from the top, not where the form was

		})
	})
}

func (p *profilePage) changePassword(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	e.PreventDefault()
	if !p.pf.Start() {
		return
	}
	req := shared.PasswordChangeRequest{Current: p.current, Password: p.newPw}
	req.Normalize()
	if err := req.Validate(); err != nil {
		p.pf.Fail(ctx, err)
		return
	}
	ctx.Async(func() {
		err := page.API().ChangePassword(ctx, req)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if page.APIFailed(ctx, err) {
					return
				}
				if shared.ErrorCode(err) == shared.CodeWrongPassword {
					err = &shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{"current": {Code: shared.CodeWrongPassword}}}
				}
				p.pf.Fail(ctx, err)
				return
			}
			p.pf.Done()
			p.current, p.newPw = "", ""
			page.ClearInputs("f-current", "f-password")
			p.showToast(ctx, t("profile.passwordSaved"))
		})
	})
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
	if p.acc == nil {
		return page.Private(p.Sess, page.NavProfile, ds.NewPageHead(t(title)), ds.NewSkeleton(6, t("common.loading")))
	}
	var content []app.UI
	if p.editing {
		content = p.editView()
	} else {
		content = p.readView(*p.acc)
	}
	content = append(content, ds.NewToast(p.toast, p.toast != ""), p.reauthDialog())
	return page.Private(p.Sess, page.NavProfile, content...)
}
