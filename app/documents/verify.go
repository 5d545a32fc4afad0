package documents

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	"kabinet/shared/signature"
)

// verifyPage (/signature/verify, no sign-in): a document (or its SHA-256)
// and its detached signature → who signed, when, with what, and whether
// it holds or exactly why not.
type verifyPage struct {
	app.Compo
	live

	sha256 string
	f      page.Form
	result *signature.Verification
}

// Verify is the public verification page.
func Verify() app.Composer { return &verifyPage{} }

func (p *verifyPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "docs.verifyTitle")
	q := ctx.Page().URL().Query()
	p.sha256 = q.Get("sha256")
	p.result = nil
	if id := q.Get("signature"); id != "" && p.sha256 != "" {
		p.check(p.On(ctx), id)
	}
}

// check verifies a signature the person may see (an incoming document's,
// from «Входящие») with the public check, as anyone given the file would.
func (p *verifyPage) check(ctx app.Context, id string) {
	if !p.f.Start() {
		return
	}
	page.Do(ctx, func() (signature.Verification, error) {
		sig, err := page.API().SignatureP7s(ctx, id)
		if err != nil {
			return signature.Verification{}, err
		}
		return page.API().VerifySignature(ctx, sig, nil, "", p.sha256)
	}, p.done, func(ctx app.Context, err error) { p.f.Fail(ctx, err) })
}

func (p *verifyPage) done(ctx app.Context, v signature.Verification) {
	p.f.Done()
	p.result = &v
	ds.Focus(ctx, "verify-result")
}

func (p *verifyPage) submit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	if !p.f.Start() {
		return
	}
	p.result = nil
	sig, _, err := client.ReadFile("f-signature")
	if err != nil {
		p.f.SetField("signature", shared.CodeRequired)
	}
	doc, name, derr := client.ReadFile("f-document")
	if derr != nil && p.sha256 == "" {
		p.f.SetField("document", shared.CodeRequired)
	}
	if !p.f.Check(ctx) {
		return
	}
	typed := p.sha256
	page.Do(ctx, func() (signature.Verification, error) {
		sum := typed
		if sum == "" && len(doc) > verifyWhole {
			// The server takes a request of 1 MiB at most: a larger
			// document goes as its SHA-256, which is what a signature of
			// today signs (one over another digest answers that the
			// document itself is needed).
			var err error
			if sum, err = client.SHA256Hex(doc); err != nil {
				return signature.Verification{}, err
			}
			doc = nil
		}
		return page.API().VerifySignature(ctx, sig, doc, name, sum)
	}, p.done, func(ctx app.Context, err error) { p.f.Fail(ctx, err) })
}

// verifyWhole is the largest document the verify form sends whole.
const verifyWhole = 768 << 10

func (p *verifyPage) Render() app.UI {
	body := []app.UI{
		ds.NewPageHead(t("docs.verifyH1")).Lead(t("docs.verifyLead")),
		p.f.Head([]string{"document", "documentSha256", "signature"}),
		app.Form().ID("form-verify").Class("form").NoValidate(true).OnSubmit(p.submit).Body(
			ds.NewFileField("f-document", t("docs.verifyDocument")).Hint(t("docs.verifyDocumentHint")).Error(p.f.Err("document")),
			ds.NewTextField("f-documentSha256", t("docs.verifyHash")).Optional(t("field.ifAny")).Hint(t("docs.verifyHashHint")).
				Spellcheck(false).Value(p.sha256).Error(p.f.Err("documentSha256")).OnChange(func(v string) { p.sha256 = v }),
			ds.NewFileField("f-signature", t("docs.verifySignature")).Hint(t("docs.verifySignatureHint")).Accept(".sig,.p7s,.pem").Error(p.f.Err("signature")),
			ds.Actions(ds.NewButton(t("docs.verifyButton")).ID("btn-verify").Submit().Busy(p.f.Busy, t("common.checking"))),
		),
	}
	if p.result != nil {
		body = append(body, verdict(*p.result))
	}
	return page.Public(app.Div().Class("narrow").Body(body...))
}

// verdict is the answer: valid or the exact reason, then each signer.
func verdict(v signature.Verification) app.UI {
	kind, title := ds.Success, t("sig.status.valid")
	if v.Status != signature.StatusValid {
		kind, title = ds.Danger, t("docs.notValid", t("sig.status."+string(v.Status)))
	}
	parts := []app.UI{ds.NewNotice(kind, title).ID("verify-verdict")}
	if v.Record != nil {
		parts = append(parts, app.P().ID("verify-record").Text(t("docs.verifyRecord", t("sig.kind."+v.Record.Kind))))
	}
	for i, s := range v.Signers {
		when := ""
		if s.SignedAt != nil {
			when = page.FormatDateTime(*s.SignedAt)
		}
		rows := []ds.Row{
			{Key: t("docs.verifyWho"), Value: app.Text(signerName(s.Signer))},
			{Key: t("docs.verifyWhen"), Value: page.OrDash(when)},
			{Key: t("docs.verifyAlg"), Value: app.Text(s.Algorithm)},
			{Key: t("docs.verifyIssuer"), Value: page.OrDash(s.Issuer)},
			{Key: t("docs.verifySerial"), Value: page.OrDash(s.Serial)},
			{Key: t("docs.verifyValidity"), Value: app.Text(page.FormatDate(s.NotBefore) + " — " + page.FormatDate(s.NotAfter))},
			{Key: t("docs.verifyRevocation"), Value: app.Text(t("sig.revocation." + string(s.Revocation)))},
			{Key: t("docs.colStatus"), Value: app.Text(t("sig.status." + string(s.Status)))},
		}
		parts = append(parts, app.H3().Text(t("docs.verifySigner", i+1)), ds.NewSummaryList(rows...).ID("verify-signer-"+itoa(i)))
	}
	parts = append(parts, app.P().Class("hint").Text(t("docs.sha256")+": "+v.DocumentSHA256))
	return app.Section().ID("verify-result").TabIndex(-1).Aria("live", "polite").Body(parts...)
}

func signerName(s signature.Signer) string {
	name := s.Name
	if s.Surname != "" {
		name = s.Surname + " " + s.GivenName
	}
	if s.SNILS != "" {
		name += " · " + t("docs.snils", page.SNILSText(s.SNILS))
	}
	if s.INN != "" {
		name += " · " + t("docs.inn", s.INN)
	}
	if s.Organization != "" && s.Organization != s.Name { // an agency's is its name
		name += " · " + s.Organization
	}
	return name
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
