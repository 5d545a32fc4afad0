package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"kabinet/server/api"
	"kabinet/shared"
	"kabinet/shared/npd"
)

// What a newcomer stumbled on (issue 11): the home page promised a way
// to confirm an account that does not exist; /cabinet told a confirmed
// person about a next level and a simplified one nothing about what the
// self-employed cabinet needs; the self-employed form, sent empty, went to
// the server and came back with generic words.
func TestNewcomerCabinetsSayWhatIsTrue(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	e.seedDemo()
	ctx := browser(t, desktop)

	// Only the service centre confirms an identity today.
	open(ctx, e.url+"/")
	waitText(ctx, "#home-ways", "центр обслуживания", stepTimeout)
	if main := waitText(ctx, "#main", "", stepTimeout); strings.Contains(main, "подпись") || strings.Contains(main, "подписью") {
		t.Errorf("the home page still promises a signature: %q", main)
	}
	shotBoth(t, ctx, "home")

	// A simplified account: the card says what is missing and links to it.
	signIn(t, ctx, e, annaLogin, demoPassword)
	missing := waitText(ctx, "#cabinet-npd-missing", "паспорт и СНИЛС", stepTimeout)
	if isVisible(ctx, "link-cabinet-npd") {
		t.Error("a simplified account is offered «Открыть кабинет» of the self-employed")
	}
	if href, _ := js[string](ctx, `document.getElementById("link-cabinet-npd-way").getAttribute("href")`); href != "/profile/edit" {
		t.Errorf("the way to the cabinet links to %q, want /profile/edit", href)
	}
	t.Logf("simplified: %q", missing)
	scrollTo(ctx, "cabinet-npd")
	shotBoth(t, ctx, "simplified")
	click(ctx, "btn-logout")
	if !until(ctx, stepTimeout, `() => !document.getElementById("btn-logout")`) {
		fatalf(ctx, "«Выйти» did not sign out")
	}

	// A confirmed account: the highest level, said once, and no card
	// asking for what the person already has.
	secret := appFor(t, e, "ivan@example.ru", demoPassword)
	signInWithApp(t, ctx, e.url, "ivan@example.ru", demoPassword, secret)
	waitText(ctx, "#cabinet-level", "высший уровень", stepTimeout)
	main := waitText(ctx, "#main", "", stepTimeout)
	for _, wrong := range []string{"Ниже — что даёт следующий уровень", "вам доступны все кабинеты", "Нужна подтверждённая учётная запись"} {
		if strings.Contains(main, wrong) {
			t.Errorf("/cabinet of a confirmed account says %q", wrong)
		}
	}
	// The demo Иван is an ИП in ЕГРИП: his ИП cabinet opens.
	waitText(ctx, "#cabinet-ip", "Открыть кабинет", stepTimeout)
	shotBoth(t, ctx, "confirmed")

	// The self-employed form, sent empty, answers in the browser, in its
	// own words, and the summary names each field.
	click(ctx, "link-cabinet-npd")
	waitPath(ctx, "/npd", stepTimeout)
	waitVisible(ctx, "form-npd-register", stepTimeout)
	before := requests(ctx, "POST", "/npd/register")
	click(ctx, "btn-npd-register")
	waitText(ctx, "#f-region-error", "Укажите код региона", stepTimeout)
	waitText(ctx, "#f-activities-error", "Отметьте хотя бы один вид деятельности", stepTimeout)
	summary := waitText(ctx, ".error-summary", "Регион деятельности: укажите код региона", stepTimeout)
	if !strings.Contains(summary, "Виды деятельности: отметьте хотя бы один") {
		t.Errorf("the error summary does not name the activities: %q", summary)
	}
	time.Sleep(time.Second) // a request, if one were sent, would show by now
	if n := requests(ctx, "POST", "/npd/register") - before; n != 0 {
		t.Errorf("the empty form went to the server %d times", n)
	}
	if txt := waitText(ctx, "#npd-register", "", stepTimeout); strings.Contains(txt, "%!") {
		t.Errorf("the registration text is garbled: %q", txt)
	}
	shotBoth(t, ctx, "npd-empty")
	typeInto(ctx, "f-region", "7")
	click(ctx, "btn-npd-register")
	waitText(ctx, "#f-region-error", "две цифры", stepTimeout)
	shot(t, ctx, "npd-region-format")
}

// On a phone the receipts are one short row each (number, date, sum,
// status) that opens to the receipt's actions, twenty at a time.
func TestNewcomerReceiptsOnAPhone(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	if _, err := e.P.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	ivan, err := e.P.Accounts.FindByLogin(context.Background(), "ivan@example.ru")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 12 { // past one page, whatever the seed's month holds
		req := npd.ReceiptRequest{Items: []npd.ReceiptItem{{Name: "Консультация", Quantity: 1, Amount: shared.Rubles(int64(1000 + i))}},
			BuyerType: npd.BuyerPerson, Payment: npd.PaymentCash}
		if _, err := e.P.NPD.CreateReceipt(context.Background(), ivan.ID, req, api.Meta{}); err != nil {
			t.Fatal(err)
		}
	}
	secret := appFor(t, e, "ivan@example.ru", demoPassword)
	ctx := browser(t, phone)
	resize(t, ctx, phone, true)
	signInWithApp(t, ctx, e.url, "ivan@example.ru", demoPassword, secret)

	open(ctx, e.url+"/npd/receipts")
	waitVisible(ctx, "receipts-list", loadTimeout)
	rows := texts(ctx, "#receipts-list .item-list__row")
	if len(rows) != 20 {
		t.Errorf("the phone's list shows %d rows, want a page of 20", len(rows))
	}
	if isVisible(ctx, "receipts") {
		t.Error("the wide table shows on a phone too")
	}
	// The receipts, not the filter's fields, fill the first screen.
	if bottom, _ := js[float64](ctx, `document.querySelector("#receipts-list .item-list__row").getBoundingClientRect().bottom`); bottom > float64(phone.h) {
		t.Errorf("the first receipt ends %v px down, below the phone's first screen", bottom)
	}
	height, _ := js[int](ctx, `document.documentElement.scrollHeight`)
	t.Logf("/npd/receipts on a phone: %d px for %d rows; first row %q", height, len(rows), rows[0])
	if height > 4000 {
		t.Errorf("/npd/receipts is %d px tall on a phone", height)
	}
	shot(t, ctx, "receipts-list")

	first, _ := js[string](ctx, `document.querySelector("#receipts-list .item-list__row").id`)
	click(ctx, first)
	number := strings.TrimPrefix(first, "row-receipt-")
	waitVisible(ctx, "m-btn-annul-"+number, stepTimeout)
	if exp, _ := js[string](ctx, `document.getElementById("`+first+`").getAttribute("aria-expanded")`); exp != "true" {
		t.Errorf("the opened row says aria-expanded=%q", exp)
	}
	shot(t, ctx, "receipt-open")
	click(ctx, "m-btn-annul-"+number)
	waitVisible(ctx, "annul-title", stepTimeout)
	shot(t, ctx, "receipt-annul")
	click(ctx, "btn-annul-cancel")
	// The dialog must be gone before the next tap, or on a loaded machine
	// the tap meant for «Показать ещё» lands on the closing dialog.
	if !until(ctx, stepTimeout, `() => { const d = document.getElementById("annul-title"); return !d || d.offsetParent === null; }`) {
		fatalf(ctx, "the annulment dialog did not close")
	}

	scrollTo(ctx, "btn-receipts-more")
	click(ctx, "btn-receipts-more")
	if !until(ctx, stepTimeout, `() => document.querySelectorAll("#receipts-list .item-list__row").length > 20`) {
		fatalf(ctx, "«Показать ещё» showed no more receipts")
	}
	shot(t, ctx, "receipts-more")

	open(ctx, e.url+"/npd")
	waitVisible(ctx, "receipts-list", loadTimeout)
	home, _ := js[int](ctx, `document.documentElement.scrollHeight`)
	t.Logf("/npd on a phone: %d px", home)
	shot(t, ctx, "npd-home")
}

// Staff land in the back office; the identity confirmation names the
// person apart from the sentence, so the name needs no declension; the
// tax officer's wide tables are regions the keyboard can reach.
func TestNewcomerStaff(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	if _, err := e.P.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	c := e.Client()
	p := e.Register(c, shared.RegisterRequest{LastName: "Новиков", FirstName: "Пётр", MiddleName: "Олегович",
		Phone: "+79265550404", Email: "petr.novikov@example.ru", Password: "Vesna-Portal-2026!"})
	c.MustOK("PUT", "/me/profile", shared.ProfileRequest{LastName: p.LastName, FirstName: p.FirstName, MiddleName: p.MiddleName,
		BirthDate: "1988-04-12", SNILS: "010-242-368 77", Passport: shared.Passport{Series: "4510", Number: "654321",
			IssuedOn: "2010-06-01", IssuedBy: "ОВД района Хамовники", DivisionCode: "770-001"}}, nil)
	var id string
	if err := e.DB.NewRaw("SELECT id FROM accounts WHERE email = ?", p.Email).Scan(context.Background(), &id); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t, desktop)

	signInStaff(t, ctx, e, "tax@example.ru") // waits for /office
	shotBoth(t, ctx, "tax-office")
	open(ctx, e.url+"/office/npd?inn=123456789047")
	waitText(ctx, "#onpd-payer", "Иванов", loadTimeout)
	waitVisible(ctx, "receipts", stepTimeout)
	// axe's scrollable-region-focusable: whatever scrolls is in the tab
	// order, named, and shows the focus ring.
	bad, err := js[[]string](ctx, `Array.from(document.querySelectorAll("*")).filter(el => {
		const st = getComputedStyle(el);
		return /(auto|scroll)/.test(st.overflowX + st.overflowY) && el.classList.contains("table-wrap");
	}).filter(el => el.tabIndex !== 0 || !el.getAttribute("aria-label") || el.getAttribute("role") !== "region")
	  .map(el => el.outerHTML.slice(0, 80))`)
	if err != nil || len(bad) != 0 {
		t.Errorf("table regions the keyboard cannot reach or that have no name: %q %v", bad, err)
	}
	scrolling, _ := js[int](ctx, `Array.from(document.querySelectorAll(".table-wrap")).filter(el => el.scrollWidth > el.clientWidth).length`)
	t.Logf("%d table regions scroll sideways at %d px", scrolling, desktop.w)
	// The keyboard reaches the receipts' region: Tab from the link before it.
	outline, _ := js[string](ctx, `(() => { const w = document.getElementById("receipts").parentElement; w.focus(); return w.matches(":focus") + " " + getComputedStyle(w).outlineStyle + " " + w.getAttribute("aria-label"); })()`)
	t.Logf("the receipts' region focused: %s", outline)
	if !strings.HasPrefix(outline, "true solid") {
		t.Errorf("the receipts' region takes no visible focus: %q", outline)
	}
	// Codes show the letters they hold: Inter's contextual alternates drew
	// the x of «26zz2x5fea» between two digits as «×».
	if lig, _ := js[string](ctx, `getComputedStyle(document.querySelector("#receipts a")).fontVariantLigatures`); lig != "no-contextual" {
		t.Errorf("receipt numbers are drawn with contextual alternates (font-variant-ligatures %q)", lig)
	}
	scrollTo(ctx, "receipts")
	shot(t, ctx, "tax-receipts-focused")
	click(ctx, "btn-logout")
	if !until(ctx, stepTimeout, `() => !document.getElementById("btn-logout")`) {
		fatalf(ctx, "«Выйти» did not sign out")
	}

	signInStaff(t, ctx, e, operatorLogin)
	open(ctx, e.url+"/office/people/"+id)
	waitVisible(ctx, "f-document", loadTimeout)
	typeInto(ctx, "f-document", "паспорт 4510 654321, выдан ОВД района Хамовники")
	click(ctx, "btn-confirm-identity")
	waitVisible(ctx, "btn-dialog-confirm", stepTimeout)
	who := waitText(ctx, "#confirm-dialog-who", "Учётная запись: Новиков Пётр Олегович", stepTimeout)
	if dlg := waitText(ctx, "#confirm-dialog", "", stepTimeout); strings.Contains(dlg, "Учётная запись Новиков") {
		t.Errorf("the dialog puts the name in running text: %q", dlg)
	}
	t.Logf("dialog: %q", who)
	shotBoth(t, ctx, "confirm-dialog")
}
