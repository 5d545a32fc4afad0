package ip

import (
	"context"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/docs"
	serverdocs "kabinet/server/documents"
	"kabinet/server/pdf"
	"kabinet/shared"
	"kabinet/shared/documents"
	"kabinet/shared/i18n"
	sharedip "kabinet/shared/ip"
)

// Kinds of the decisions in the register of issued documents.
const (
	DocRecordSheet = "ip.record_sheet" // лист записи ЕГРИП
	DocRefusal     = "ip.refusal"      // решение об отказе в государственной регистрации
)

// RegistryAgency is the agency of the document layer whose documents the
// registry's decisions are in «Входящие».
const RegistryAgency = "fns_reg"

const footer = "Кабинет — государственная регистрация индивидуальных предпринимателей (129-ФЗ)"

func dmy(t time.Time) string { return t.In(shared.Moscow).Format("02.01.2006") }

// decision is who decides a filing and from where: the officer is the
// sender of the document in «Входящие».
type decision struct {
	f       *filingRow
	acc     shared.Account
	officer string
	meta    api.Meta
}

// issue renders a decision, records it in the register of issued
// documents (its verification page) and puts the same PDF into the
// person's «Входящие» of the document layer as the registry's, in the
// decision's transaction; it returns the issued document's id.
func (s *Service) issue(ctx context.Context, tx bun.IDB, d decision, kind, holder, title, subtitle string, details [][2]string, note string) (string, error) {
	now := s.now().In(shared.Moscow)
	var body []byte
	doc, err := s.Docs.Issue(ctx, tx, docs.Issue{Kind: kind, AccountID: d.acc.ID, Title: title, Holder: holder, Details: details,
		Render: func(verify string) (b []byte, err error) {
			body, err = pdf.Render(pdf.Doc{Title: title, Subtitle: subtitle, Issued: now, VerifyURL: verify, Footer: footer,
				Blocks: []pdf.Block{pdf.Fields{Rows: details}, pdf.Para{Text: note}}})
			return body, err
		}})
	if err != nil || s.Files == nil {
		return doc.ID, err
	}
	incoming := map[string]string{DocRecordSheet: documents.KindCertificate, DocRefusal: documents.KindDecision}[kind]
	_, err = s.Files.Deliver(ctx, tx, serverdocs.Delivery{AccountID: d.acc.ID, Agency: RegistryAgency, Kind: incoming,
		Title: title, Name: title + " " + *d.f.Number + ".pdf", Type: documents.TypePDF, Content: body, SentBy: d.officer}, d.meta)
	return doc.ID, err
}

// recordSheet issues the лист записи ЕГРИП of an entry made by a filing.
func (s *Service) recordSheet(ctx context.Context, tx bun.IDB, d decision, r recordRow, grn string) (string, error) {
	f := d.f
	what := map[string]string{sharedip.FormRegistration: "Государственная регистрация физического лица в качестве индивидуального предпринимателя",
		sharedip.FormChange:  "Внесение изменений в сведения об индивидуальном предпринимателе",
		sharedip.FormClosure: "Государственная регистрация прекращения физическим лицом деятельности в качестве индивидуального предпринимателя"}[f.Form]
	name := strings.TrimSpace(strings.Join([]string{r.LastName, r.FirstName, r.MiddleName}, " "))
	if name == "" {
		name = strings.TrimPrefix(r.Name, "ИП ")
	}
	details := [][2]string{{"Запись", what}, {"ГРНИП", grn}, {"Дата внесения записи", dmy(s.now())},
		{"Фамилия, имя, отчество", name}, {"ИНН", r.INN}, {"ОГРНИП", r.OGRN}}
	if r.MainOKVED != "" && f.Form != sharedip.FormClosure {
		details = append(details, [2]string{"Основной вид деятельности (ОКВЭД2)", r.MainOKVED})
		if len(r.OtherOKVED) > 0 {
			details = append(details, [2]string{"Дополнительные виды деятельности", strings.Join(r.OtherOKVED, ", ")})
		}
	}
	details = append(details, [2]string{"Заявление", formName(f.Form) + " № " + *f.Number})
	return s.issue(ctx, tx, d, DocRecordSheet, name, "Лист записи Единого государственного реестра индивидуальных предпринимателей", "Форма № Р60009", details,
		"Лист записи сформирован в электронном виде. Его подлинность и неизменность можно проверить по QR-коду или ссылке внизу страницы.")
}

// refusalSheet issues the decision to refuse a filing, with its ground.
func (s *Service) refusalSheet(ctx context.Context, tx bun.IDB, d decision, reason, text string) (string, error) {
	f, acc := d.f, d.acc
	details := [][2]string{{"Заявитель", acc.FullName()}, {"ИНН", f.INN}, {"Заявление", formName(f.Form) + " № " + *f.Number},
		{"Дата решения", dmy(s.now())}, {"Основание отказа", i18n.T(i18n.RU, "ip.refusal."+reason)}}
	if text != "" {
		details = append(details, [2]string{"Пояснение", text})
	}
	return s.issue(ctx, tx, d, DocRefusal, acc.FullName(), "Решение об отказе в государственной регистрации", "129-ФЗ, статья 23", details,
		"Решение можно обжаловать в вышестоящий налоговый орган. Подлинность решения можно проверить по QR-коду или ссылке внизу страницы.")
}
