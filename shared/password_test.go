package shared

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCheckPassword(t *testing.T) {
	personal := PersonalStrings("+79123456789", "ivan.petrov@mail.ru", "Петров", "Иван")
	tests := []struct {
		name string
		pw   string
		want Code
	}{
		{"all four classes", "Tr0ub4dor&3x", ""},
		{"exactly 8 with all classes", "aB3$efgh", ""},
		{"Cyrillic letters with case", "Жук7!ёлка", ""},
		{"passphrase of 15 without classes", "коты любят молоко", ""},
		{"passphrase of exactly 15", "abcdefghijklmnx", ""},
		{"128 characters", strings.Repeat("Ab1!", 32), ""},
		{"empty", "", CodeRequired},
		{"7 characters", "aB3$efg", CodePasswordShort},
		{"7 Cyrillic letters counted as runes not bytes", "жЖ1!ёЁя", CodePasswordShort},
		{"129 characters", strings.Repeat("Ab1!", 32) + "x", CodePasswordLong},
		{"no symbol", "aB3defghij", CodePasswordWeak},
		{"no digit", "aB$defghij", CodePasswordWeak},
		{"no upper case", "ab3$efghij", CodePasswordWeak},
		{"no lower case", "AB3$EFGHIJ", CodePasswordWeak},
		{"14 letters only", "abcdefghijklmn", CodePasswordWeak},
		{"common, as typed", "P@ssw0rd", CodePasswordCommon},
		{"common passphrase-length entry", "1qaz2wsx3edc4rfv", CodePasswordCommon},
		{"common word with digits and symbols around", "Password1!", CodePasswordCommon},
		{"common in the Russian layout", "ЗФЫЫЦЩКВ1!ф", ""}, // trailing letter keeps it apart
		{"common in the Russian layout with digits", "Зфыыцщкв1!", CodePasswordCommon},
		{"contains the phone", "Xx!9123456789", CodePasswordLogin},
		{"contains the e-mail local part", "Ivan.Petrov#1", CodePasswordLogin},
		{"contains the last name", "Петров2024!x", CodePasswordLogin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, CheckPassword(tt.pw, personal...), tt.want)
		})
	}
}

func TestCommonListShipped(t *testing.T) {
	n := len(commonPasswords())
	if n < 9000 {
		t.Fatalf("the common-password list has %d entries, want about 10 000", n)
	}
	for _, pw := range []string{"password", "12345678", "qwertyuiop", "iloveyou"} {
		if !IsCommonPassword(strings.ToUpper(pw)) {
			t.Errorf("%q is not found on the list", pw)
		}
	}
}

func TestPersonalStrings(t *testing.T) {
	got := PersonalStrings("8 912 345-67-89", "Ivan.Petrov@mail.ru", " Петров ", "")
	want := []string{"9123456789", "ivan.petrov", "Петров"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("PersonalStrings = %q, want %q", got, want)
	}
}

func TestPasswordStrength(t *testing.T) {
	tests := []struct {
		name  string
		pw    string
		score int
		hint  string
	}{
		{"empty", "", 0, HintShort},
		{"short", "aB3$", 0, HintShort},
		{"too long", strings.Repeat("a", 129), 0, HintLong},
		{"common", "Password1!", 0, HintCommon},
		{"missing classes", "abcdefgh", 1, HintAddClasses},
		{"personal", "Xx!9123456789", 1, HintPersonal},
		{"8 with all classes", "aB3$efgh", 2, HintGood},
		{"12 with all classes", "aB3$efghijkl", 3, HintGood},
		{"passphrase of one class", "коты любят молоко", 3, HintGood},
		{"passphrase with three classes", "Коты любят молоко", 4, HintStrong},
		{"19 characters of one class", "котылюбятмолокоиеще", 3, HintGood},
		{"20 or more characters of one class", "котылюбятмолокоиещёсыр", 4, HintStrong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PasswordStrength(tt.pw, "+79123456789", "9123456789")
			if got.Score != tt.score || got.Hint != tt.hint {
				t.Errorf("PasswordStrength(%q) = %+v, want {%d %s}", tt.pw, got, tt.score, tt.hint)
			}
		})
	}
}

// The one context-specific list (ASVS 6.2.11): the portal's names for
// everyone, and what is known of the person, however it is written.
func TestPasswordContextWords(t *testing.T) {
	person := PasswordContext{Phone: "+79001234567", Email: "olga.s@example.ru", LastName: "Смирнова", FirstName: "Ольга",
		MiddleName: "Павловна", INN: "500100732259", SNILS: "112-233-445 95", BirthDate: "1985-03-14"}
	for _, tt := range []struct {
		name, pw string
		want     Code
	}{
		{"Kabinet", "Moy-Kabinet-2026!", CodePasswordService},
		{"Кабинет", "Мой-Кабинет-2026!", CodePasswordService},
		{"Кабинет typed in the Latin layout", "Vjq-rf,bytn-2026!", CodePasswordService},
		{"Госуслуги", "Госуслуги-2026!x", CodePasswordService},
		{"gosuslugi", "Gosuslugi-2026!x", CodePasswordService},
		{"ЕСИА", "Вход-ЕСИА-2026!x", CodePasswordService},
		{"phone digits with separators", "Tel+7(900)123-45-67", CodePasswordLogin},
		{"e-mail name", "Olga.S-2026!xy", CodePasswordLogin},
		{"last name", "Смирнова-2026!x", CodePasswordLogin},
		{"middle name", "Павловна-2026!x", CodePasswordLogin},
		{"ИНН", "Inn500100732259!a", CodePasswordLogin},
		{"СНИЛС", "Snils-11223344595!a", CodePasswordLogin},
		{"birth date, dotted", "Rozhd-14.03.1985!", CodePasswordLogin},
		{"birth date, ISO", "Rozhd-1985-03-14!", CodePasswordLogin},
		{"birth date, short", "Rozhd-14/03/85!x", CodePasswordLogin},
		{"none of them", "Moy-Portal-2026!", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, CheckPassword(tt.pw, person.Strings()...), tt.want)
		})
	}
}

// A Cyrillic name has the Latin spellings people use: the passport's and
// the informal ones, whichever way ц, х, й, ю, я, щ go.
func TestLatinSpellingsOfNames(t *testing.T) {
	for _, tt := range []struct{ name, pw string }{
		{"Кузнецов", "Kuznetsov-2026!x"},
		{"Кузнецов", "Kuznecov-2026!x"},
		{"Юлия", "Yuliya-2026!xY"},
		{"Юлия", "Iuliia-2026!xY"},
		{"Хрущёв", "Hrushchev-2026!x"},
		{"Щербаков", "Scherbakov-2026!"},
	} {
		t.Run(tt.pw, func(t *testing.T) {
			wantCode(t, CheckPassword(tt.pw, LatinSpellings(tt.name)...), CodePasswordLogin)
		})
	}
	if n, m := utf8.RuneCountInString(cyrillicLetters), len(strings.Fields(latinLetters)); n != m {
		t.Fatalf("%d Cyrillic letters, %d Latin spellings", n, m)
	}
	if got := LatinSpellings("Smith", ""); got != nil {
		t.Errorf("latinSpellings of a Latin name: %v, want none", got)
	}
}
