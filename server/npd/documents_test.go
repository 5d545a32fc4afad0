package npd_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	"kabinet/shared/npd"
	"kabinet/shared/payqr"
)

// tool is the path of a program the test needs: missing, the test fails
// in CI and is skipped elsewhere (`make deps-test` installs them all).
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing: `make deps-test` installs it", name)
	}
	t.Skipf("%s is missing: `make deps-test` installs it", name)
	return ""
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, tool(t, name), args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr // zbarimg and soffice talk there (D-Bus, warnings)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s%s", name, args, err, out, stderr.Bytes())
	}
	return string(out)
}

func write(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// pdfText is the text of a PDF, by pdftotext.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	return run(t, "pdftotext", "-layout", write(t, "doc.pdf", b), "-")
}

// pdfCodes are the QR codes zbarimg reads on the first page of a PDF,
// one after the other (-Sbinary keeps the UTF-8 bytes as they are, and
// puts nothing between codes).
func pdfCodes(t *testing.T, b []byte) string {
	t.Helper()
	p := write(t, "doc.pdf", b)
	run(t, "pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", p, strings.TrimSuffix(p, ".pdf"))
	return strings.TrimSpace(run(t, "zbarimg", "--raw", "-q", "-Sbinary", strings.TrimSuffix(p, ".pdf")+".png"))
}

func get(t *testing.T, c *portaltest.Client, path string) []byte {
	t.Helper()
	var b []byte
	c.MustOK("GET", path, nil, &b)
	return b
}

func TestPaymentQRCertificatesAndExports(t *testing.T) {
	ctx := context.Background()
	e := portaltest.StartAPI(t, nil)
	ivan := portaltest.SelfEmployedIvan(t, e, "2026-08-10 12:00")
	r1 := issueAt(t, e, ivan, "2026-09-05 10:00", receipt(shared.Rubles(200_000), npd.BuyerPerson, "", ""))
	ivan.MustOK("POST", "/npd/receipts", receipt(shared.Rubles(15_000), npd.BuyerBusiness, "7707083893", "ПАО «Сбербанк»"), nil)
	if _, err := e.P.NPD.IssueNotices(ctx, msk("2026-10-12 00:00")); err != nil {
		t.Fatal(err)
	}
	sep := ledgerRow(t, ivan, "2026-08-10")
	public := e.Client() // anyone, signed in or not
	anna := e.Client()
	anna.MustOK("POST", "/login", shared.LoginRequest{Login: "anna@example.ru", Password: "Kabinet-Demo-2026"}, nil)
	anna.AddApp() // documents need a factor: what is tested here is whose they are

	paymentQRAndDocument(t, e, ivan, sep)
	certificatesVerified(t, e, ivan, anna, public)
	receiptPDFAndExports(t, ivan, public, r1)
	receiptEmailed(t, e, ivan, anna, r1)
}

// paymentQRAndDocument: a notice's payment QR (ГОСТ Р 56042) reads back,
// its payment document carries it, and an advance pays under УИН 0.
func paymentQRAndDocument(t *testing.T, e *portaltest.Env, ivan *portaltest.Client, sep npd.LedgerRow) {
	t.Helper()
	// The payment QR of the notice: ГОСТ Р 56042, decoded back by zbarimg.
	var pay npd.PayInfo
	ivan.MustOK("GET", "/npd/notices/"+sep.NoticeID+"/pay", nil, &pay)
	png, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(pay.QR, "data:image/png;base64,"))
	if err != nil {
		t.Fatal(err)
	}
	decoded := strings.TrimSpace(run(t, "zbarimg", "--raw", "-q", "-Sbinary", write(t, "qr.png", png)))
	if decoded != pay.Payload || !strings.HasPrefix(decoded, "ST00012|Name=Казначейство России (ФНС России)|PersonalAcc=03100643000000018500|") {
		t.Fatalf("QR reads %q, payload %q", decoded, pay.Payload)
	}
	q, err := payqr.Parse(decoded)
	if err != nil || q.Sum != shared.Rubles(6_000) || q.UIN != sep.UIN || q.CBC != "18201061201010000510" || q.PayerINN != "123456789047" ||
		q.TechCode != "03" || len([]rune(q.BankName)) > 45 || q.LastName != "Иванов" {
		t.Fatalf("parsed %+v %v", q, err)
	}
	if shared.ValidateUIN(q.UIN) != nil {
		t.Fatalf("УИН %q", q.UIN)
	}
	// Its payment document carries the same QR and its own verification.
	doc := get(t, ivan, "/npd/notices/"+sep.NoticeID+"/payment.pdf")
	codes := pdfCodes(t, doc)
	if !strings.Contains(codes, pay.Payload) || !strings.Contains(codes, e.URL+"/v/") || len(codes) != len(pay.Payload)+len(e.URL+"/v/")+16 {
		t.Fatalf("QR codes of the payment document: %q", codes)
	}
	if text := pdfText(t, doc); !strings.Contains(text, "Платёжный документ") || !strings.Contains(text, sep.UIN) || !strings.Contains(text, "Иванов Иван Иванович") {
		t.Fatalf("payment document text:\n%s", text)
	}
	// Paying in advance: the single tax payment, УИН 0.
	var adv npd.PayInfo
	ivan.MustOK("GET", "/npd/pay", nil, &adv)
	if adv.UIN != "0" || adv.Amount != shared.Rubles(900-300) || !strings.Contains(adv.Payload, "|UIN=0|") {
		t.Fatalf("advance %+v", adv)
	}
}

// certificatesVerified: the income and registration certificates, their
// QR verification (a changed file told apart), and whose they are.
func certificatesVerified(t *testing.T, e *portaltest.Env, ivan, anna, public *portaltest.Client) {
	t.Helper()
	// An income certificate: genuine, and a changed file is told apart.
	if _, err := ivan.Do("POST", "/npd/certificates", npd.CertificateRequest{Kind: npd.CertIncome, From: "2026-12-01", To: "2026-01-01"}, nil); err == nil ||
		err.Fields["period"].Code != npd.CodeCertPeriod {
		t.Fatalf("a backwards period: %+v", err)
	}
	var cert npd.IssuedDocument
	ivan.MustOK("POST", "/npd/certificates", npd.CertificateRequest{Kind: npd.CertIncome, From: "2026-01-01", To: time.Now().In(shared.Moscow).Format(time.DateOnly)}, &cert)
	body := get(t, ivan, shared.IssuedPath+cert.ID)
	text := pdfText(t, body)
	for _, want := range []string{"КНД 1122036", "Иванов Иван Иванович", "123456789047", "215 000,00", "сентябрь 2026", "Проверить подлинность"} {
		if !strings.Contains(strings.ReplaceAll(text, "\u00a0", " "), want) {
			t.Errorf("certificate lacks %q:\n%s", want, text)
		}
	}
	if codes := pdfCodes(t, body); codes != e.URL+"/v/"+cert.Code {
		t.Fatalf("certificate QR %q", codes)
	}
	var v npd.Verification
	public.MustOK("GET", "/v/"+cert.Code, nil, &v)
	if v.Holder != "Иванов Иван Иванович" || v.Kind != "npd.income" || len(v.Details) < 5 {
		t.Fatalf("verification %+v", v)
	}
	public.MustOK("POST", "/v/"+cert.Code, portaltest.Raw{Body: body, Type: "application/pdf"}, &v)
	if !v.Checked || !v.Matches {
		t.Fatalf("the very file: %+v", v)
	}
	forged := bytes.Clone(body)
	forged[len(forged)/2] ^= 1 // one bit of the file changed
	var vf npd.Verification
	public.MustOK("POST", "/v/"+cert.Code, portaltest.Raw{Body: forged, Type: "application/pdf"}, &vf)
	if !vf.Checked || vf.Matches {
		t.Fatalf("a changed file: %+v", vf)
	}
	if _, err := public.Do("GET", "/v/0000000000000000", nil, nil); err == nil || err.Code != shared.CodeNotFound {
		t.Fatalf("an unknown code: %+v", err)
	}
	if status, err := anna.Do("GET", shared.IssuedPath+cert.ID, nil, nil); err == nil || status != http.StatusNotFound {
		t.Fatalf("another person's certificate: %d %+v", status, err)
	}
	// /documents/{id} is the uploads' alone: an issued document's id there
	// is no upload of the person's.
	if status, err := ivan.Do("GET", "/documents/"+cert.ID, nil, nil); err == nil || status != http.StatusNotFound {
		t.Fatalf("the certificate at the uploads' path: %d %+v", status, err)
	}
	var reg npd.IssuedDocument
	ivan.MustOK("POST", "/npd/certificates", npd.CertificateRequest{Kind: npd.CertRegistration}, &reg)
	if text := pdfText(t, get(t, ivan, shared.IssuedPath+reg.ID)); !strings.Contains(text, "КНД 1122035") || !strings.Contains(text, "10.08.2026") {
		t.Fatalf("registration certificate:\n%s", text)
	}
}

// receiptPDFAndExports: a receipt's PDF for anyone, and the receipts as a
// spreadsheet (read by LibreOffice) and as a registered PDF.
func receiptPDFAndExports(t *testing.T, ivan, public *portaltest.Client, r1 npd.Receipt) {
	t.Helper()
	// The receipt as a PDF, for anyone with its number.
	if text := pdfText(t, get(t, public, "/r/"+r1.Number+"/pdf")); !strings.Contains(text, r1.Number) || !strings.Contains(text, "НПД") {
		t.Fatalf("receipt PDF:\n%s", text)
	}

	// The spreadsheet, opened by LibreOffice.
	ivan.MustOK("POST", "/npd/receipts/"+r1.ID+"/annul", npd.AnnulRequest{Reason: npd.AnnulMistake}, nil)
	xlsxFile := write(t, "export.xlsx", get(t, ivan, "/npd/export.xlsx?from=2026-01-01"))
	profile := t.TempDir()
	run(t, "soffice", "-env:UserInstallation="+(&url.URL{Scheme: "file", Path: profile}).String(), "--headless", "--norestore",
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false", "--outdir", filepath.Dir(xlsxFile), xlsxFile)
	csv, err := os.ReadFile(strings.TrimSuffix(xlsxFile, ".xlsx") + ".csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(csv)), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "Номер,") || !strings.Contains(string(csv), r1.Number) ||
		!strings.Contains(string(csv), "Аннулирован: Чек сформирован ошибочно") || !strings.Contains(lines[3], "Итого") || !strings.Contains(lines[3], "15000") {
		t.Fatalf("spreadsheet as LibreOffice reads it:\n%s", csv)
	}
	if text := pdfText(t, get(t, ivan, "/npd/export.pdf")); !strings.Contains(text, "Чеки и доход") || !strings.Contains(text, "аннулирован") {
		t.Fatalf("export PDF:\n%s", text)
	}
	var list npd.IssuedDocuments
	ivan.MustOK("GET", "/npd/certificates", nil, &list)
	if len(list.Items) != 4 {
		t.Fatalf("issued documents %+v", list)
	}
}

// receiptEmailed: Ivan sends his receipt to the buyer; nobody else can.
func receiptEmailed(t *testing.T, e *portaltest.Env, ivan, anna *portaltest.Client, r1 npd.Receipt) {
	t.Helper()
	// E-mail of a receipt.
	if _, err := ivan.Do("POST", "/npd/receipts/"+r1.ID+"/email", npd.EmailReceiptRequest{To: "not an address"}, nil); err == nil || err.Fields["to"].Code == "" {
		t.Fatalf("a bad address: %+v", err)
	}
	ivan.MustOK("POST", "/npd/receipts/"+r1.ID+"/email", npd.EmailReceiptRequest{To: "buyer@example.ru"}, nil)
	if m := e.MessagesTo("buyer@example.ru"); len(m) != 1 || !strings.Contains(m[0].Body, e.URL+"/r/"+r1.Number) || !strings.Contains(m[0].Body, "аннулирован") {
		t.Fatalf("receipt e-mail %+v", m)
	}
	if _, err := anna.Do("POST", "/npd/receipts/"+r1.ID+"/email", npd.EmailReceiptRequest{To: "x@example.ru"}, nil); err == nil {
		t.Fatal("another person sent Ivan's receipt")
	}
}
