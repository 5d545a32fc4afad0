package office

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// officeKiosksPage (/office/kiosks) is where a service-centre operator
// registers the centre's kiosks and retires them. A new kiosk's setup link
// is shown once: the operator opens it in the kiosk's own browser, which
// keeps the device secret.
type officeKiosksPage struct {
	app.Compo
	live
	authed

	items   page.Remote[[]shared.Kiosk]
	req     shared.KioskRequest
	f       page.Form
	created *shared.KioskRegistered
	busy    string // id of the kiosk being retired
	notice  string
}

// Kiosks is the service centre's kiosks (/office/kiosks).
func Kiosks() app.Composer { return &officeKiosksPage{} }

func (p *officeKiosksPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "kiosks.title")
	p.items, p.req, p.f, p.created, p.busy, p.notice = page.Remote[[]shared.Kiosk]{}, shared.KioskRequest{}, page.Form{}, nil, "", ""
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) {
		if s.Staff(shared.PermKiosksManage) {
			p.reload(p.On(ctx))
		}
	})
}

func (p *officeKiosksPage) reload(ctx app.Context) { kiosksQuery.Load(p.On(ctx), &p.items) }

func (p *officeKiosksPage) submit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	if !p.f.Start() {
		return
	}
	req := p.req
	req.Normalize()
	if err := req.Validate(); err != nil {
		p.f.Fail(ctx, err)
		return
	}
	p.created, p.notice = nil, ""
	page.Do(ctx, func() (shared.KioskRegistered, error) { return page.API().RegisterKiosk(ctx, req) },
		func(ctx app.Context, k shared.KioskRegistered) {
			p.f.Done()
			p.created, p.req = &k, shared.KioskRequest{}
			page.ClearInputs("f-name", "f-centre", "f-address")
			ds.Focus(ctx, "kiosk-created")
			p.reload(ctx)
		}, p.f.Fail)
}

func (p *officeKiosksPage) revoke(ctx app.Context, id string) {
	if p.busy != "" {
		return
	}
	p.busy, p.notice = id, ""
	page.Do(ctx, func() (struct{}, error) { return struct{}{}, page.API().RevokeKiosk(ctx, id) },
		func(ctx app.Context, _ struct{}) {
			p.busy = ""
			p.notice = t("kiosks.revokedNotice")
			ds.Focus(ctx, "kiosks-notice")
			p.reload(ctx)
		}, func(ctx app.Context, err error) {
			p.busy = ""
			p.f.Fail(ctx, err)
		})
}

func (p *officeKiosksPage) Render() app.UI {
	head := ds.NewPageHead(t("kiosks.title")).Caption(t("office.caption")).Lead(t("kiosks.lead"))
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavOffice, head, g)
	}
	if g := p.FactorGate(); g != nil {
		return page.Private(p.Sess, page.NavOffice, g...)
	}
	if !p.Account().Can(shared.PermKiosksManage) {
		return page.Private(p.Sess, page.NavOffice, page.NoAccess()...)
	}
	body := []app.UI{ds.BackLink(page.PathOffice, t("kiosks.toOffice")), head}
	if p.notice != "" {
		body = append(body, ds.NewNotice(ds.Success, p.notice).ID("kiosks-notice"))
	}
	if k := p.created; k != nil {
		body = append(body, ds.NewNotice(ds.Success, t("kiosks.createdTitle", k.Kiosk.Name)).ID("kiosk-created").Body(
			app.P().Text(t("kiosks.createdText")),
			app.P().Body(app.Code().ID("kiosk-setup-url").Class("secret").Text(k.SetupURL)),
			app.P().Class("muted").Text(t("kiosks.createdOnce")),
		))
	}
	body = append(body, p.list(),
		app.H2().Text(t("kiosks.addTitle")),
		p.f.Head([]string{"name", "centre", "address"}),
		app.Form().ID("form-kiosk").Class("form").NoValidate(true).OnSubmit(p.submit).Body(
			ds.NewTextField("f-name", t("kiosks.name")).Hint(t("kiosks.nameHint")).Value(p.req.Name).Error(p.f.Err("name")).
				OnChange(func(v string) { p.req.Name = v }),
			ds.NewTextField("f-centre", t("kiosks.centre")).Hint(t("kiosks.centreHint")).Value(p.req.Centre).Error(p.f.Err("centre")).
				OnChange(func(v string) { p.req.Centre = v }),
			ds.NewTextField("f-address", t("kiosks.address")).Value(p.req.Address).Error(p.f.Err("address")).
				OnChange(func(v string) { p.req.Address = v }),
			ds.Actions(
				ds.NewButton(t("kiosks.add")).ID("btn-kiosk-add").Submit().Busy(p.f.Busy, t("common.wait")),
			),
		),
	)
	return page.Private(p.Sess, page.NavOffice, body...).Wide()
}

func (p *officeKiosksPage) list() app.UI {
	switch {
	case p.items.Status == page.Failed:
		return ds.NewNotice(ds.Danger, "").ID("form-error").Body(app.P().Text(p.items.Err))
	case !p.items.Has():
		return ds.NewSkeleton(3, t("common.loading"))
	case len(p.items.Data) == 0:
		return ds.NewEmptyState(t("kiosks.noneTitle"), t("kiosks.noneText"))
	}
	rows := make([][]app.UI, len(p.items.Data))
	for i, k := range p.items.Data {
		state := ds.NewTag(ds.Success, t("kiosks.active"))
		var action app.UI
		if k.Revoked {
			state = ds.NewTag(ds.Neutral, t("kiosks.revoked"))
		} else {
			id := k.ID
			action = ds.NewButton(t("kiosks.revoke")).ID("btn-kiosk-revoke-"+id[:8]).Kind(ds.DangerBtn).
				Label(t("kiosks.revokeNamed", k.Name)).Busy(p.busy == id, t("common.wait")).
				OnClick(func(ctx app.Context, e app.Event) { p.revoke(p.On(ctx), id) })
		}
		seen := t("kiosks.neverSeen")
		if !k.LastSeenAt.IsZero() {
			seen = page.FormatDateTime(k.LastSeenAt)
		}
		rows[i] = []app.UI{app.Text(k.Name), app.Text(k.Centre), app.Text(k.Address), app.Text(seen), state, action}
	}
	return ds.NewTable(t("kiosks.caption"), t("kiosks.name"), t("kiosks.centre"), t("kiosks.address"),
		t("kiosks.lastSeen"), t("profile.status"), t("sessions.action")).ID("kiosks").Rows(rows)
}
