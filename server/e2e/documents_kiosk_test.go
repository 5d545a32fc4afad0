package e2e

import (
	"testing"
	"time"

	"kabinet/server/account"
)

// A visitor at a kiosk opens a document of theirs: the card offers the
// simple signature only and says why there is no «Ключ Кабинета»; signed,
// the table of signatures fits the portrait screen, its last column (the
// .p7s) inside the card and nothing to scroll sideways.
func TestKioskDocumentCard(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	e.seedDemo()
	ivan := account.Demos[0]
	const email = "ivan@example.ru"
	secret := appFor(t, e, email, ivan.Password)
	ctx := kioskTab(t, e, kioskPortrait)
	typeInto(ctx, "f-login", email)
	typeInto(ctx, "f-password", ivan.Password)
	click(ctx, "kbd-done") // submits the form, as its last field
	typeInto(ctx, "f-code", totpCode(t, secret, time.Now()))
	click(ctx, "kbd-done")
	waitPath(ctx, "/cabinet", stepTimeout)

	uploadDocument(t, ctx, e.url, "Декларация 3-НДФЛ.pdf", pdfBytes("declaration"))
	clickSel(ctx, "#docs a")
	waitVisible(ctx, "doc-summary", stepTimeout)
	waitText(ctx, "#doc-sign", "можно подписать простой электронной подписью", stepTimeout)
	if mustJS[bool](t, ctx, `!!document.getElementById("btn-sign-key")`) {
		t.Error("a kiosk's card offers to sign with a «Ключ Кабинета»")
	}
	// Nothing to download: it would stay on the terminal's disk.
	if !mustJS[bool](t, ctx, `!!document.getElementById("link-download")`) || isVisible(ctx, "link-download") {
		t.Error("a kiosk's card shows «Скачать» (or the card has no such link to hide)")
	}
	scrollTo(ctx, "doc-sign")
	shot(t, ctx, "card")

	// The sign-in's second factor is fresh: the simple signature needs
	// no step-up.
	click(ctx, "btn-sign-simple")
	waitVisible(ctx, "sign-done", 2*stepTimeout)
	waitText(ctx, "#doc-signatures", "Подпись действительна", stepTimeout)
	const fits = `() => { const tb = document.getElementById("doc-signatures"), wrap = tb.closest(".table-wrap") || tb,
		card = document.getElementById("doc-sign").getBoundingClientRect(), last = tb.querySelector("tr > :last-child").getBoundingClientRect();
		return wrap.scrollWidth <= wrap.clientWidth && last.right <= card.right; }`
	if !mustJS[bool](t, ctx, "("+fits+")()") {
		t.Error("portrait: the table of signatures is wider than the card; its .p7s column is cut off")
	}
	if mustJS[bool](t, ctx, `[...document.querySelectorAll("[id^=link-p7s-]")].some(a => a.offsetParent !== null)`) {
		t.Error("a kiosk offers the signature's .p7s to download")
	}
	scrollTo(ctx, "doc-sign")
	shot(t, ctx, "signed-portrait")
	resize(t, ctx, kioskLandscape, false)
	if !mustJS[bool](t, ctx, "("+fits+")()") {
		t.Error("landscape: the table of signatures is wider than the card")
	}
	scrollTo(ctx, "doc-sign")
	shot(t, ctx, "signed-landscape")
}
