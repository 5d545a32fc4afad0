package npd

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// verifyPage (/v/{code}) is the public verification of a document the
// portal issued: anyone holding a paper or a file sees what the portal
// issued under the code, and may give the file to learn whether it is the
// very document, unchanged.
type verifyPage struct {
	app.Compo
	live

	code    string
	v       page.Remote[sharednpd.Verification]
	checked *sharednpd.Verification
	fileErr string
	busy    bool
}

// Verify is the public check of a document the portal issued (/v/{code}).
func Verify() app.Composer { return &verifyPage{} }

func (p *verifyPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "verify.title")
	p.code = strings.TrimPrefix(ctx.Page().URL().Path, "/v/")
	p.v, p.checked, p.fileErr = page.Remote[sharednpd.Verification]{}, nil, ""
	if app.IsServer {
		return
	}
	verificationQuery.Load(ctx, &p.v, app.T("code", p.code))
}

func (p *verifyPage) check(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	if p.busy {
		return
	}
	p.busy, p.fileErr, p.checked = true, "", nil
	code := p.code
	page.Do(ctx, func() (sharednpd.Verification, error) {
		file, _, err := client.ReadFile("f-verify-file")
		if err == nil && len(file) > 5<<20 {
			err = shared.E(shared.CodeTooLong)
		}
		if err != nil {
			return sharednpd.Verification{}, err
		}
		return page.API().VerifyFile(ctx, code, file)
	}, func(ctx app.Context, v sharednpd.Verification) {
		p.busy = false
		p.checked = &v
		ds.Focus(ctx, "verify-result")
	}, func(ctx app.Context, err error) {
		p.busy = false
		switch {
		case err == client.ErrNoFile:
			p.fileErr = t("verify.chooseFile")
		case shared.ErrorCode(err) == shared.CodeTooLong:
			p.fileErr = t("verify.tooLarge")
		default:
			p.fileErr = page.ErrText(err)
		}
	})
}

func (p *verifyPage) Render() app.UI {
	body := []app.UI{ds.NewPageHead(t("verify.h1")).Lead(t("verify.lead"))}
	switch {
	case p.v.Status == page.Failed:
		why := p.v.Err
		if p.v.Code == shared.CodeNotFound {
			why = t("verify.notFound")
		}
		body = append(body, ds.NewNotice(ds.Danger, t("verify.badTitle")).ID("verify-error").Text(why))
	case !p.v.Has():
		body = append(body, ds.NewSkeleton(5, t("common.loading")))
	default:
		v := p.v.Data
		rows := []ds.Row{{Key: t("verify.doc"), Value: app.Text(v.Title)}, {Key: t("verify.holder"), Value: app.Text(v.Holder)},
			{Key: t("verify.issued"), Value: app.Text(page.FormatDateTime(v.CreatedAt))}}
		for _, d := range v.Details {
			rows = append(rows, ds.Row{Key: d[0], Value: app.Text(d[1])})
		}
		rows = append(rows, ds.Row{Key: "SHA-256", Value: app.Code().Class("hash").Text(v.SHA256)})
		body = append(body,
			ds.NewNotice(ds.Success, t("verify.genuine")).ID("verify-genuine").Text(t("verify.genuineText")),
			ds.NewCard(t("verify.card")).ID("verify-doc").Body(ds.NewSummaryList(rows...)),
			ds.NewCard(t("verify.fileTitle")).ID("verify-file").Body(
				app.P().Text(t("verify.fileText")),
				app.Form().ID("form-verify").Class("form").NoValidate(true).OnSubmit(p.check).Body(
					ds.NewFileField("f-verify-file", t("verify.file")).Accept(".pdf,application/pdf").Hint(t("verify.fileHint")).Error(p.fileErr),
					ds.Actions(ds.NewButton(t("verify.check")).ID("btn-verify").Submit().Busy(p.busy, t("common.wait"))),
				),
				app.If(p.checked != nil, func() app.UI {
					if p.checked.Matches {
						return ds.NewNotice(ds.Success, t("verify.same")).ID("verify-result").Text(t("verify.sameText"))
					}
					return ds.NewNotice(ds.Danger, t("verify.changed")).ID("verify-result").Text(t("verify.changedText"))
				}),
			),
		)
	}
	return page.Public(app.Div().Class("narrow").Body(body...))
}
