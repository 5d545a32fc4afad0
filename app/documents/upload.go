package documents

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	shareddocs "kabinet/shared/documents"
)

// uploadAccept is what the file chooser offers; the server decides by the
// content whatever is chosen.
const uploadAccept = ".pdf,.docx,.xlsx,.xml,.jpg,.jpeg,.png"

// uploadCard is the upload form of «Мои документы».
func (p *listPage) uploadCard() app.UI {
	return ds.NewCard(t("docs.uploadTitle")).ID("docs-upload").Body(
		p.up.Head([]string{"file"}),
		app.If(p.uploaded != "", func() app.UI {
			return ds.NewNotice(ds.Success, p.uploaded).ID("upload-done")
		}),
		app.Form().ID("form-upload").Class("form").NoValidate(true).OnSubmit(p.upload).Body(
			ds.NewFileField("f-file", t("docs.file")).Hint(t("docs.fileHint")).Accept(uploadAccept).Error(p.up.Err("file")),
			ds.Actions(ds.NewButton(t("docs.upload")).ID("btn-upload").Submit().Busy(p.up.Busy, t("docs.uploading"))),
		),
	)
}

// upload checks the size and the name as the API does, then sends the
// file; every refusal is said next to the file field.
func (p *listPage) upload(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	if !p.up.Start() {
		return
	}
	p.uploaded = ""
	b, name, err := client.ReadFile("f-file")
	if err != nil {
		p.up.SetField("file", shared.CodeRequired)
		p.up.Say("file", t("docs.fileNone"))
		p.up.Check(ctx)
		return
	}
	if err := checkFile(int64(len(b)), name); err != nil {
		p.up.Say("file", fileErrText(err))
		p.up.Check(ctx)
		return
	}
	page.Do(ctx, func() (shareddocs.Document, error) { return page.API().UploadDocument(ctx, name, b) },
		func(ctx app.Context, d shareddocs.Document) {
			p.up.Done()
			page.ClearInputs("f-file")
			p.uploaded = t("docs.uploaded", d.Name)
			if d.Duplicate {
				p.uploaded = t("docs.duplicate", d.Name)
			}
			ds.Focus(ctx, "upload-done")
			p.reload(ctx)
		},
		func(ctx app.Context, err error) {
			p.up.Busy = false
			p.up.Clear()
			p.up.Say("file", fileErrText(err))
			p.up.Check(ctx)
		})
}

// checkFile is the browser's check before sending: size, then name.
func checkFile(size int64, name string) error {
	if err := shareddocs.CheckSize(size); err != nil {
		return err
	}
	return shareddocs.ValidateName(strings.TrimSpace(name))
}

// fileErrText is what the file field says for an upload's error: the
// text of the field's code (file or name), else the error's own.
func fileErrText(err error) string {
	if e, ok := shared.AsError(err); ok {
		for _, f := range []string{"file", "name"} {
			if fe, ok := e.Fields[f]; ok {
				return page.CodeText(fe.Code, fe.Message)
			}
		}
	}
	return page.ErrText(err)
}
