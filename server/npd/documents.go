package npd

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/docs"
	"kabinet/server/notify"
	"kabinet/server/pdf"
	"kabinet/server/xlsx"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// Document kinds in the register of issued documents.
const (
	DocRegistration = "npd.registration" // КНД 1122035
	DocIncome       = "npd.income"       // КНД 1122036
	DocPayment      = "npd.payment"      // a payment document
	DocReceipts     = "npd.receipts"     // receipts and income, as PDF
)

const footer = "Кабинет — личный кабинет налогоплательщика налога на профессиональный доход (422-ФЗ)"

func dmy(t time.Time) string { return t.In(shared.Moscow).Format("02.01.2006") }

// buyerText is the receipt's buyer as printed.
func buyerText(r sharednpd.Receipt) string {
	kind := map[string]string{sharednpd.BuyerPerson: "Физическое лицо", sharednpd.BuyerBusiness: "Организация или ИП",
		sharednpd.BuyerForeign: "Иностранная организация"}[r.BuyerType]
	parts := []string{kind}
	if r.BuyerName != "" {
		parts = append(parts, r.BuyerName)
	}
	if r.BuyerINN != "" {
		parts = append(parts, "ИНН "+r.BuyerINN)
	}
	return strings.Join(parts, ", ")
}

var annulText = map[string]string{sharednpd.AnnulMistake: "Чек сформирован ошибочно", sharednpd.AnnulRefund: "Возврат средств"}
var paymentText = map[string]string{sharednpd.PaymentCash: "Наличные", sharednpd.PaymentAccount: "Безналичный расчёт"}

// overLimitText marks the part of a receipt over the yearly limit as
// outside НПД, as the receipt's PDF prints it.
func overLimitText(r sharednpd.Receipt) string {
	return "Из суммы чека " + r.OverLimit.String() + " — сверх годового лимита дохода: налог на профессиональный доход " +
		"к этой части не применяется, статус плательщика НПД прекращён с этого чека."
}

// ReceiptPDF is a receipt as a printable page, for anyone with its number:
// its QR leads to the public check page, which is its verification.
func (s *Service) ReceiptPDF(ctx context.Context, number string) ([]byte, error) {
	r, err := s.PublicReceipt(ctx, number)
	if err != nil {
		return nil, err
	}
	rows := make([][]string, len(r.Items))
	for i, it := range r.Items {
		rows[i] = []string{fmt.Sprint(i + 1), it.Name, fmt.Sprint(it.Quantity), it.Amount.String()}
	}
	fields := [][2]string{
		{"Дата и время расчёта", r.SettledAt.In(shared.Moscow).Format("02.01.2006 15:04") + " (МСК)"},
		{"Продавец", r.SellerName},
		{"ИНН продавца", r.SellerINN},
		{"Режим налогообложения", "НПД"},
		{"Покупатель", buyerText(r)},
		{"Форма расчёта", paymentText[r.Payment]},
	}
	blocks := []pdf.Block{pdf.Fields{Rows: fields},
		pdf.Table{Head: []string{"№", "Наименование", "Кол-во", "Сумма"}, Rows: rows, Widths: []float64{1, 8, 2, 3},
			Right: []bool{true, false, true, true}, Total: []string{"", "Итого", "", r.Total.String()}}}
	if r.OverLimit > 0 {
		blocks = append(blocks, pdf.Para{Text: overLimitText(r)})
	}
	if !r.AnnulledAt.IsZero() {
		blocks = append(blocks, pdf.Heading{Text: "Аннулирован " + dmy(r.AnnulledAt) + ": " + annulText[r.AnnulReason]})
	}
	return pdf.Render(pdf.Doc{Title: "Чек", Subtitle: "Налог на профессиональный доход", Number: r.Number, Issued: r.SettledAt.In(shared.Moscow),
		Blocks: blocks, VerifyURL: s.PublicURL + "/r/" + r.Number, Footer: footer})
}

// PaymentPDF is a payment document for one of the account's notices, or
// (noticeID empty) an advance into the single tax account: the
// requisites, the payment QR code, and its own verification QR.
func (s *Service) PaymentPDF(ctx context.Context, accountID, noticeID string, amount shared.Kopecks) (sharednpd.IssuedDocument, []byte, error) {
	var info sharednpd.PayInfo
	var err error
	if noticeID != "" {
		info, err = s.PayNotice(ctx, accountID, noticeID)
	} else {
		info, err = s.PayAdvance(ctx, accountID, amount)
	}
	if err != nil {
		return sharednpd.IssuedDocument{}, nil, err
	}
	acc, err := s.accounts.Get(ctx, accountID)
	if err != nil {
		return sharednpd.IssuedDocument{}, nil, err
	}
	details := [][2]string{
		{"Плательщик", acc.FullName()}, {"ИНН плательщика", acc.INN},
		{"Сумма", info.Amount.String()}, {"УИН", info.UIN}, {"Назначение платежа", info.Purpose},
		{"Получатель", info.Payee}, {"ИНН / КПП получателя", info.PayeeINN + " / " + info.PayeeKPP},
		{"Счёт получателя", info.Account}, {"Банк получателя", info.BankName}, {"БИК", info.BIC},
		{"Единый казначейский счёт", info.CorrespAcc}, {"КБК", info.KBK},
	}
	if info.Penalty > 0 {
		details = append(details[:3], append([][2]string{{"в том числе пени", info.Penalty.String()}}, details[3:]...)...)
	}
	title := "Платёжный документ"
	return s.issue(ctx, docs.Issue{Kind: DocPayment, AccountID: accountID, Title: title, Holder: acc.FullName(), Details: details},
		func(verify string, now time.Time) pdf.Doc {
			return pdf.Doc{Title: title, Subtitle: "для уплаты налога на профессиональный доход", Issued: now, VerifyURL: verify, Footer: footer,
				Blocks: []pdf.Block{pdf.Fields{Rows: details},
					pdf.QR{Text: info.Payload, Caption: "QR-код для оплаты по ГОСТ Р 56042-2014: отсканируйте его в приложении банка, реквизиты заполнятся сами.", Size: 45}}}
		})
}

// issue renders a document and records it in the register, in one transaction.
func (s *Service) issue(ctx context.Context, in docs.Issue, doc func(verifyURL string, now time.Time) pdf.Doc) (sharednpd.IssuedDocument, []byte, error) {
	now := s.now().In(shared.Moscow)
	var body []byte
	in.Render = func(verify string) ([]byte, error) {
		b, err := pdf.Render(doc(verify, now))
		body = b
		return b, err
	}
	var out sharednpd.IssuedDocument
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		out, err = s.Docs.Issue(ctx, tx, in)
		return err
	})
	return out, body, err
}

// Certificate issues a registration certificate (КНД 1122035) or an
// income certificate for a period (КНД 1122036).
func (s *Service) Certificate(ctx context.Context, accountID string, req sharednpd.CertificateRequest) (sharednpd.IssuedDocument, error) {
	p, err := s.Payer(ctx, accountID)
	if err != nil {
		return sharednpd.IssuedDocument{}, err
	}
	acc, err := s.accounts.Get(ctx, accountID)
	if err != nil {
		return sharednpd.IssuedDocument{}, err
	}
	now := s.now().In(shared.Moscow)
	var doc sharednpd.IssuedDocument
	switch req.Kind {
	case sharednpd.CertRegistration:
		title := "Справка о постановке на учёт физического лица в качестве налогоплательщика налога на профессиональный доход"
		status := map[string]string{sharednpd.StatusActive: "состоит на учёте", sharednpd.StatusInactive: "снят(а) с учёта", sharednpd.StatusBlocked: "учёт приостановлен"}[p.Status]
		details := [][2]string{{"Форма", "КНД 1122035"}, {"Фамилия, имя, отчество", acc.FullName()}, {"ИНН", acc.INN},
			{"Дата постановки на учёт", dmy(p.RegisteredAt)}, {"Регион ведения деятельности", p.Region}, {"Состояние на " + dmy(now), status}}
		if p.StatusReason != "" {
			details = append(details, [2]string{"Причина", p.StatusReason})
		}
		doc, _, err = s.issue(ctx, docs.Issue{Kind: DocRegistration, AccountID: accountID, Title: title, Holder: acc.FullName(), Details: details},
			func(verify string, now time.Time) pdf.Doc {
				return pdf.Doc{Title: title, Subtitle: "КНД 1122035", Issued: now, VerifyURL: verify, Footer: footer,
					Blocks: []pdf.Block{pdf.Fields{Rows: details},
						pdf.Para{Text: "Справка сформирована в электронном виде. Её подлинность и неизменность можно проверить по QR-коду или ссылке внизу страницы."}}}
			})
	case sharednpd.CertIncome:
		from, ferr := time.ParseInLocation(time.DateOnly, req.From, shared.Moscow)
		to, terr := time.ParseInLocation(time.DateOnly, req.To, shared.Moscow)
		if ferr != nil || terr != nil || to.Before(from) || to.After(civilDay(now)) || from.Year() < 2019 || to.Sub(from) > 3*366*24*time.Hour {
			return sharednpd.IssuedDocument{}, fieldErr("period", sharednpd.CodeCertPeriod)
		}
		doc, err = s.incomeCertificate(ctx, acc, from, to)
	default:
		return sharednpd.IssuedDocument{}, fieldErr("kind", shared.CodeRequired)
	}
	return doc, err
}

func (s *Service) incomeCertificate(ctx context.Context, acc shared.Account, from, to time.Time) (sharednpd.IssuedDocument, error) {
	months, err := selectMonthIncome(ctx, s.db, acc.ID, from, to.AddDate(0, 0, 1))
	if err != nil {
		return sharednpd.IssuedDocument{}, err
	}
	paid, err := paidBetween(ctx, s.db, acc.ID, ymd(from), ymd(to))
	if err != nil {
		return sharednpd.IssuedDocument{}, err
	}
	sum, err := s.Summary(ctx, acc.ID)
	if err != nil {
		return sharednpd.IssuedDocument{}, err
	}
	rows := [][]string{}
	var income, tax int64
	count := 0
	for _, m := range months {
		rows = append(rows, []string{monthName(dateOf(m.Month)), fmt.Sprint(m.N), shared.Kopecks(m.Sum).String(), shared.Kopecks(m.Tax).String()})
		income, tax, count = income+m.Sum, tax+m.Tax, count+m.N
	}
	period := dmy(from) + "–" + dmy(to)
	title := "Справка о состоянии расчётов (доходах) по налогу на профессиональный доход"
	details := [][2]string{{"Форма", "КНД 1122036"}, {"Фамилия, имя, отчество", acc.FullName()}, {"ИНН", acc.INN}, {"Период", period},
		{"Сумма дохода", shared.Kopecks(income).String()}, {"Количество чеков", fmt.Sprint(count)},
		{"Начислено налога", shared.Kopecks(tax).String()}, {"Уплачено за период", shared.Kopecks(paid).String()},
		{"Задолженность на " + dmy(s.now()), sum.Debt.String()}}
	doc, _, err := s.issue(ctx, docs.Issue{Kind: DocIncome, AccountID: acc.ID, Title: title, Holder: acc.FullName(), Details: details},
		func(verify string, now time.Time) pdf.Doc {
			return pdf.Doc{Title: title, Subtitle: "КНД 1122036", Issued: now, VerifyURL: verify, Footer: footer,
				Blocks: []pdf.Block{pdf.Fields{Rows: details}, pdf.Heading{Text: "Доход по месяцам"},
					pdf.Table{Head: []string{"Месяц", "Чеков", "Доход", "Налог"}, Rows: rows, Widths: []float64{4, 2, 3, 3},
						Right: []bool{false, true, true, true},
						Total: []string{"Итого", fmt.Sprint(count), shared.Kopecks(income).String(), shared.Kopecks(tax).String()}},
					pdf.Para{Text: "Аннулированные чеки в доход не включены. Подлинность и неизменность справки можно проверить по QR-коду или ссылке внизу страницы."}}}
		})
	return doc, err
}

var monthsNominative = []string{"январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"}

func monthName(t time.Time) string { return monthsNominative[t.Month()-1] + " " + fmt.Sprint(t.Year()) }

// exportRows are the receipts of a filter, oldest first, for the exports.
func (s *Service) exportRows(ctx context.Context, accountID string, f ReceiptFilter) ([]sharednpd.Receipt, error) {
	f.Limit = 100_000
	l, err := s.Receipts(ctx, accountID, f)
	if err != nil {
		return nil, err
	}
	for i, j := 0, len(l.Items)-1; i < j; i, j = i+1, j-1 {
		l.Items[i], l.Items[j] = l.Items[j], l.Items[i]
	}
	return l.Items, nil
}

func itemsText(r sharednpd.Receipt) string {
	names := make([]string, len(r.Items))
	for i, it := range r.Items {
		names[i] = it.Name
		if it.Quantity > 1 {
			names[i] += fmt.Sprintf(" × %d", it.Quantity)
		}
	}
	return strings.Join(names, "; ")
}

// ExportXLSX is the receipts of the filter and the income by month as a
// spreadsheet: sheet «Чеки» (annulled ones marked, not summed) and sheet
// «Доход по месяцам».
func (s *Service) ExportXLSX(ctx context.Context, accountID string, f ReceiptFilter) ([]byte, error) {
	rs, err := s.exportRows(ctx, accountID, f)
	if err != nil {
		return nil, err
	}
	w := xlsx.New(s.now().In(shared.Moscow))
	sh := w.Sheet("Чеки", []xlsx.Column{
		{Title: "Номер", Width: 12}, {Title: "Дата и время", Width: 17, Kind: xlsx.DateTime}, {Title: "Услуги и товары", Width: 40},
		{Title: "Покупатель", Width: 36}, {Title: "Форма расчёта", Width: 16}, {Title: "Сумма, ₽", Width: 14, Kind: xlsx.Money},
		{Title: "Налог, ₽", Width: 12, Kind: xlsx.Money}, {Title: "Состояние", Width: 30}})
	type month struct{ income, tax int64 }
	byMonth := map[string]*month{}
	var order []string
	for _, r := range rs {
		state, total, tax := "Действует", any(int64(r.Total)), any(int64(r.Tax))
		if !r.AnnulledAt.IsZero() {
			state = "Аннулирован: " + annulText[r.AnnulReason]
			total, tax = nil, nil
		} else {
			k := r.SettledAt.In(shared.Moscow).Format("2006-01")
			if byMonth[k] == nil {
				byMonth[k] = &month{}
				order = append(order, k)
			}
			byMonth[k].income += int64(r.Total)
			byMonth[k].tax += int64(r.Tax)
		}
		if err := sh.Row(r.Number, r.SettledAt.In(shared.Moscow), itemsText(r), buyerText(r), paymentText[r.Payment], total, tax, state); err != nil {
			return nil, err
		}
	}
	if err := sh.TotalRow("Итого"); err != nil {
		return nil, err
	}
	ms := w.Sheet("Доход по месяцам", []xlsx.Column{{Title: "Месяц", Width: 16}, {Title: "Доход, ₽", Width: 16, Kind: xlsx.Money},
		{Title: "Налог, ₽", Width: 14, Kind: xlsx.Money}})
	for _, k := range order {
		m, _ := time.ParseInLocation("2006-01", k, shared.Moscow)
		if err := ms.Row(monthName(m), byMonth[k].income, byMonth[k].tax); err != nil {
			return nil, err
		}
	}
	if err := ms.TotalRow("Итого"); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := w.Write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ExportPDF is the same as a PDF, registered so that its QR verifies it.
func (s *Service) ExportPDF(ctx context.Context, accountID string, f ReceiptFilter) (sharednpd.IssuedDocument, []byte, error) {
	rs, err := s.exportRows(ctx, accountID, f)
	if err != nil {
		return sharednpd.IssuedDocument{}, nil, err
	}
	acc, err := s.accounts.Get(ctx, accountID)
	if err != nil {
		return sharednpd.IssuedDocument{}, nil, err
	}
	rows := make([][]string, 0, len(rs))
	var income, tax shared.Kopecks
	for _, r := range rs {
		state := ""
		if !r.AnnulledAt.IsZero() {
			state = "аннулирован"
		} else {
			income, tax = income+r.Total, tax+r.Tax
		}
		rows = append(rows, []string{r.Number, r.SettledAt.In(shared.Moscow).Format("02.01.2006 15:04"), itemsText(r), buyerText(r),
			r.Total.String(), r.Tax.String(), state})
	}
	period := "все чеки"
	if !f.From.IsZero() || !f.To.IsZero() {
		period = strings.TrimSpace(map[bool]string{true: "с " + dmy(f.From), false: ""}[!f.From.IsZero()] + " " +
			map[bool]string{true: "по " + dmy(f.To), false: ""}[!f.To.IsZero()])
	}
	title := "Чеки и доход"
	details := [][2]string{{"Налогоплательщик", acc.FullName()}, {"ИНН", acc.INN}, {"Период", period},
		{"Чеков", fmt.Sprint(len(rs))}, {"Доход (без аннулированных)", income.String()}, {"Налог", tax.String()}}
	return s.issue(ctx, docs.Issue{Kind: DocReceipts, AccountID: accountID, Title: title, Holder: acc.FullName(), Details: details},
		func(verify string, now time.Time) pdf.Doc {
			return pdf.Doc{Title: title, Subtitle: "Налог на профессиональный доход", Issued: now, VerifyURL: verify, Footer: footer,
				Blocks: []pdf.Block{pdf.Fields{Rows: details},
					pdf.Table{Head: []string{"Номер", "Дата", "Услуги", "Покупатель", "Сумма", "Налог", "Состояние"}, Rows: rows,
						Widths: []float64{2.2, 2.3, 4, 4, 2.5, 2, 2.2}, Right: []bool{false, false, false, false, true, true, false},
						Total: []string{"Итого", "", "", "", income.String(), tax.String(), ""}}}}
		})
}

// EmailReceipt sends one of the account's receipts to the buyer: what it
// says and the link to its check page.
func (s *Service) EmailReceipt(ctx context.Context, accountID, id string, req sharednpd.EmailReceiptRequest) error {
	to, err := shared.NormalizeEmail(req.To)
	if err != nil {
		return fieldErr("to", shared.ErrorCode(err))
	}
	if !api.ValidUUID(id) {
		return shared.E(shared.CodeNotFound)
	}
	number, err := ownReceiptNumber(ctx, s.db, accountID, id)
	if err != nil {
		return shared.E(shared.CodeNotFound)
	}
	r, err := s.PublicReceipt(ctx, number)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Чек № %s от %s\nПродавец: %s, ИНН %s, НПД\n\n", r.Number, r.SettledAt.In(shared.Moscow).Format("02.01.2006 15:04"), r.SellerName, r.SellerINN)
	for _, it := range r.Items {
		fmt.Fprintf(&b, "%s × %d — %s\n", it.Name, it.Quantity, plain(it.Amount))
	}
	fmt.Fprintf(&b, "\nИтого: %s\n", plain(r.Total))
	if !r.AnnulledAt.IsZero() {
		fmt.Fprintf(&b, "\nЧек аннулирован: %s\n", annulText[r.AnnulReason])
	}
	fmt.Fprintf(&b, "\nПроверить чек: %s/r/%s\n", s.PublicURL, r.Number)
	return s.Notify.Send(ctx, s.db, notify.Message{AccountID: accountID, Channel: shared.ChannelEmail, To: to,
		Subject: "Чек № " + r.Number + " на " + plain(r.Total), Body: b.String()})
}
