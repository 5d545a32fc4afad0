package ds

import (
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestDates(t *testing.T) {
	tests := []struct{ in, iso string }{
		{"23.11.1990", "1990-11-23"},
		{"1.2.1990", "1990-02-01"},
		{" 23.11.1990 ", "1990-11-23"},
		{"23.11.90", "23.11.90"},
		{"1990-11-23", "1990-11-23"},
		{"завтра", "завтра"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := DateFromRU(tt.in); got != tt.iso {
				t.Errorf("DateFromRU(%q) = %q, want %q", tt.in, got, tt.iso)
			}
		})
	}
	if got := DateToRU("1990-11-23"); got != "23.11.1990" {
		t.Errorf("DateToRU = %q", got)
	}
}

func TestFieldID(t *testing.T) {
	if got := FieldID("passport.series"); got != "f-passport-series" {
		t.Errorf("FieldID = %q", got)
	}
}

// TestFieldRendersStableIDs checks what browser tests rely on: the input's
// id, its error's id, and the ARIA links between them.
func TestFieldRendersStableIDs(t *testing.T) {
	html := app.HTMLString(NewTextField("f-inn", "ИНН").Hint("12 цифр").Error("Контрольная цифра ИНН не совпадает — проверьте номер"))
	for _, want := range []string{`id="f-inn"`, `id="f-inn-error"`, `id="f-inn-hint"`, `aria-describedby="f-inn-hint f-inn-error"`, `for="f-inn"`, "Контрольная цифра"} {
		if !strings.Contains(html, want) {
			t.Errorf("field lacks %q:\n%s", want, html)
		}
	}
}

// TestNoFalseBooleans guards against disabled="false" and checked="false",
// which HTML reads as disabled and checked.
func TestNoFalseBooleans(t *testing.T) {
	html := app.HTMLString(app.Div().Body(
		NewButton("Войти").ID("btn-login").Submit(),
		NewRadios("channel", "Куда").Value("sms").Options(Option{ID: "f-channel-sms", Value: "sms", Label: "SMS"}, Option{ID: "f-channel-email", Value: "email", Label: "E-mail"}),
	))
	for _, bad := range []string{`disabled="false"`, `checked="false"`} {
		if strings.Contains(html, bad) {
			t.Errorf("rendered %s:\n%s", bad, html)
		}
	}
	if strings.Count(html, "checked") != 1 {
		t.Errorf("want exactly one checked radio:\n%s", html)
	}
}

func TestMinSec(t *testing.T) {
	for in, want := range map[int]string{0: "0:00", 5: "0:05", 65: "1:05", -3: "0:00"} {
		if got := MinSec(in); got != want {
			t.Errorf("MinSec(%d) = %q, want %q", in, got, want)
		}
	}
}

// TestCardTitleTakesFocus: a card's title with an id can take the focus
// (tabindex -1), so a page can move it there; one without keeps neither.
func TestCardTitleTakesFocus(t *testing.T) {
	html := app.HTMLString(NewCard("Резервные коды").ID("recovery-panel").TitleID("recovery-title").Body(app.P().Text("…")))
	for _, want := range []string{`id="recovery-panel"`, `id="recovery-title"`, `tabindex="-1"`, "Резервные коды"} {
		if !strings.Contains(html, want) {
			t.Errorf("card lacks %q:\n%s", want, html)
		}
	}
	if html := app.HTMLString(NewCard("Профиль")); strings.Contains(html, "tabindex") || strings.Contains(html, `id=""`) {
		t.Errorf("a card without a title id got one:\n%s", html)
	}
}
