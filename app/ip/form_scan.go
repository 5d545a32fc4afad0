package ip

import (
	"net/url"
	"slices"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
	"kabinet/app/ds"
	"kabinet/app/page"
	shareddocs "kabinet/shared/documents"
)

// The passport scan of Р21001: one of «Мои документы» (a PDF or an
// image), or a file chosen here, which joins them on «Продолжить».

// scanTypes are the types a scan may have (the server checks them too).
var scanTypes = []shareddocs.Type{shareddocs.TypePDF, shareddocs.TypeJPEG, shareddocs.TypePNG}

// loadScans lists the person's documents a scan may be.
func (f *filingForm) loadScans(ctx app.Context) {
	page.Do(ctx, func() (shareddocs.DocumentList, error) { return page.API().Documents(ctx, url.Values{}) },
		func(ctx app.Context, l shareddocs.DocumentList) {
			f.scans = slices.DeleteFunc(l.Items, func(d shareddocs.Document) bool { return !slices.Contains(scanTypes, d.Type) })
		}, nil)
}

func (f *filingForm) regScan() []app.UI {
	r := &f.reg
	opts := make([]ds.Option, 0, len(f.scans))
	for _, d := range f.scans {
		opts = append(opts, ds.Option{ID: "f-scan-" + d.ID, Value: d.ID, Label: d.Name})
	}
	return []app.UI{
		app.P().Class("lead").Text(t("ip.scanLead")),
		app.If(len(opts) > 0, func() app.UI {
			return ds.NewRadios("passportScan", t("ip.scanPick")).Error(f.f.Err("passportScan")).Value(r.PassportScan).
				Options(opts...).OnChange(func(v string) { r.PassportScan = v; f.changed(f.Self) })
		}),
		ds.NewFileField("f-scan-file", t("ip.scanFile")).Hint(t("ip.scanHint")).Accept(".pdf,.jpg,.jpeg,.png").
			Error(f.f.Err("scanFile")),
	}
}

// uploadScan sends the chosen file to «Мои документы» and makes it the
// scan, then goes on; it reports false when no file is chosen.
func (f *filingForm) uploadScan(ctx app.Context, next func(app.Context)) bool {
	b, name, err := client.ReadFile("f-scan-file")
	if err != nil {
		return false
	}
	page.Do(ctx, func() (shareddocs.Document, error) { return page.API().UploadDocument(ctx, name, b) },
		func(ctx app.Context, d shareddocs.Document) {
			page.ClearInputs("f-scan-file")
			if !slices.ContainsFunc(f.scans, func(s shareddocs.Document) bool { return s.ID == d.ID }) {
				f.scans = append([]shareddocs.Document{d}, f.scans...)
			}
			f.reg.PassportScan = d.ID
			next(ctx)
		},
		func(ctx app.Context, err error) {
			f.f.Busy = false
			f.f.Clear()
			f.f.Say("scanFile", page.ErrText(err))
			f.f.Check(ctx)
		})
	return true
}
