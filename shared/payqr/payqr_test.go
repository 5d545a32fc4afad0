package payqr

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"kabinet/shared"
)

// tulaBank is the bank of the treasury accounts of ФНС: 60 characters,
// over the 45 of BankName.
const tulaBank = "ОТДЕЛЕНИЕ ТУЛА БАНКА РОССИИ//УФК по Тульской области г. Тула"

// enp is a single tax payment (ЕНП) of a person: the payee requisites of
// Казначейство России (ФНС России) as test data (in the portal they are
// configuration), КБК of the ЕНП and УИН "0".
func enp() Payment {
	return Payment{
		Name:        "Казначейство России (ФНС России)",
		PersonalAcc: "03100643000000018500",
		BankName:    tulaBank,
		BIC:         "017003983",
		CorrespAcc:  "40102810445370000059",
		Sum:         1_234_567, // 12 345,67 ₽
		Purpose:     "Единый налоговый платёж",
		PayeeINN:    "7727406020",
		PayerINN:    "561100409545",
		KPP:         "770801001",
		CBC:         "18201061201010000510",
		OKTMO:       "45000000",
		LastName:    "Иванов",
		FirstName:   "Иван",
		MiddleName:  "Иванович",
		UIN:         "0",
		TechCode:    TechCodeBudget,
	}
}

func TestEncodeGolden(t *testing.T) {
	demand := enp()
	demand.Sum, demand.AddAmount = 500_000, 1_250 // 5 000 ₽ and 12,50 ₽ of пени
	demand.Purpose = "Уплата по требованию"
	demand.UIN = "18200000000000123456" // 20 digits, check digit 6
	demand.LastName, demand.FirstName, demand.MiddleName = "", "", ""

	tests := []struct {
		name string
		p    Payment
		want string
	}{
		{"single tax payment", enp(), "ST00012" +
			"|Name=Казначейство России (ФНС России)" +
			"|PersonalAcc=03100643000000018500" +
			"|BankName=ОТДЕЛЕНИЕ ТУЛА БАНКА РОССИИ//УФК по Тульской" +
			"|BIC=017003983" +
			"|CorrespAcc=40102810445370000059" +
			"|Sum=1234567" +
			"|Purpose=Единый налоговый платёж" +
			"|PayeeINN=7727406020" +
			"|PayerINN=561100409545" +
			"|KPP=770801001" +
			"|CBC=18201061201010000510" +
			"|OKTMO=45000000" +
			"|LastName=Иванов" +
			"|FirstName=Иван" +
			"|MiddleName=Иванович" +
			"|UIN=0" +
			"|TechCode=03"},
		{"payment of a demand with its УИН and пени", demand, "ST00012" +
			"|Name=Казначейство России (ФНС России)" +
			"|PersonalAcc=03100643000000018500" +
			"|BankName=ОТДЕЛЕНИЕ ТУЛА БАНКА РОССИИ//УФК по Тульской" +
			"|BIC=017003983" +
			"|CorrespAcc=40102810445370000059" +
			"|Sum=500000" +
			"|Purpose=Уплата по требованию" +
			"|PayeeINN=7727406020" +
			"|PayerINN=561100409545" +
			"|KPP=770801001" +
			"|CBC=18201061201010000510" +
			"|OKTMO=45000000" +
			"|AddAmount=1250" +
			"|UIN=18200000000000123456" +
			"|TechCode=03"},
		{"mandatory requisites only, trimmed", Payment{Name: "  ООО «Ромашка» ", PersonalAcc: "40702810900000012345 ",
			BankName: "ПАО Сбербанк", BIC: " 044525225", CorrespAcc: "30101810400000000225", Purpose: "   "},
			"ST00012|Name=ООО «Ромашка»|PersonalAcc=40702810900000012345|BankName=ПАО Сбербанк|BIC=044525225|CorrespAcc=30101810400000000225"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.p.Encode()
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Encode:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestEncodeTruncatesBankNameByRunes(t *testing.T) {
	tests := []struct {
		name, bank, want string
	}{
		// The cut after «Тульской» leaves a space, which is dropped.
		{"treasury bank", tulaBank, "ОТДЕЛЕНИЕ ТУЛА БАНКА РОССИИ//УФК по Тульской"},
		// 50 two-byte letters: a cut at 45 bytes would keep 22 of them.
		{"cyrillic", strings.Repeat("Я", 50), strings.Repeat("Я", MaxBankName)},
		{"exactly 45", strings.Repeat("Ж", MaxBankName), strings.Repeat("Ж", MaxBankName)},
		{"short", "АО «Банк»", "АО «Банк»"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := enp()
			p.BankName = tt.bank
			s, err := p.Encode()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(s, "|BankName="+tt.want+"|BIC=") {
				t.Errorf("Encode wrote %s, want BankName=%s", s, tt.want)
			}
			if n := utf8.RuneCountInString(tt.want); n > MaxBankName {
				t.Fatalf("want has %d characters", n)
			}
			q, err := Parse(s)
			if err != nil {
				t.Fatal(err)
			}
			if q.BankName != tt.want {
				t.Errorf("Parse: BankName %q, want %q", q.BankName, tt.want)
			}
		})
	}
}

func TestEncodeSeparatorFallback(t *testing.T) {
	tests := []struct {
		name    string
		purpose string
		name2   string // the payee's name
		sep     byte
	}{
		{"none in the values", "Налог за 2025 год", "", '|'},
		{"pipe in the purpose", "Налог | 2025", "", '~'},
		{"pipe and tilde", "Налог | 2025 ~ НПД", "", '^'},
		{"spread over fields", "Налог ^ 2025 | НПД", "Казначейство ~ ФНС", '#'},
		{"all but the last", "| ~ ^ #", "", ';'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := enp()
			p.Purpose = tt.purpose
			if tt.name2 != "" {
				p.Name = tt.name2
			}
			s, err := p.Encode()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(s, Header+string(tt.sep)+"Name=") {
				t.Fatalf("Encode wrote %s, want separator %q", s, tt.sep)
			}
			if got := strings.Count(s, string(tt.sep)); got != 17 {
				t.Errorf("separator %q occurs %d times, want once before each of the 17 requisites", tt.sep, got)
			}
			q, err := Parse(s)
			if err != nil {
				t.Fatal(err)
			}
			if q.Purpose != tt.purpose || q.Name != p.Name {
				t.Errorf("Parse read Purpose %q Name %q, want %q %q", q.Purpose, q.Name, tt.purpose, p.Name)
			}
		})
	}
	t.Run("every separator taken", func(t *testing.T) {
		p := enp()
		p.Purpose = "a" + Separators + "b"
		if _, err := p.Encode(); !errors.Is(err, ErrNoSeparator) {
			t.Fatalf("got %v, want ErrNoSeparator", err)
		}
	})
}

// wantFields fails unless err is CodeInvalidInput with exactly these field
// codes (none for nil).
func wantFields(t *testing.T, err error, want map[string]shared.Code) {
	t.Helper()
	got := map[string]shared.Code{}
	if err != nil {
		e, ok := shared.AsError(err)
		if !ok || e.Code != shared.CodeInvalidInput {
			t.Fatalf("got %v, want field errors", err)
		}
		for name, f := range e.Fields {
			got[name] = f.Code
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("field errors (-want +got):\n%s", diff)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Payment)
		field  string
		code   shared.Code // "" for valid
	}{
		{"full tax payment", func(*Payment) {}, "", ""},
		{"long bank name is cut, not refused", func(p *Payment) { p.BankName = strings.Repeat("Б", 100) }, "", ""},
		{"correspondent account of a few digits", func(p *Payment) { p.CorrespAcc = "0" }, "", ""},
		{"ОКТМО of 11 digits", func(p *Payment) { p.OKTMO = "45382000001" }, "", ""},
		{"УИН of 25 digits", func(p *Payment) { p.UIN = "1820000000000000000012349" }, "", ""},
		{"ИНН of an organisation as payer", func(p *Payment) { p.PayerINN = "7707083893" }, "", ""},
		{"КПП with letters", func(p *Payment) { p.KPP = "7708AB001" }, "", ""},
		{"tech code 15", func(p *Payment) { p.TechCode = "15" }, "", ""},
		{"18 digits of kopecks", func(p *Payment) { p.Sum = maxAmount }, "", ""},

		{"no name", func(p *Payment) { p.Name = "  " }, "name", shared.CodeRequired},
		{"name over 160", func(p *Payment) { p.Name = strings.Repeat("Ф", MaxName+1) }, "name", shared.CodeTooLong},
		{"no account", func(p *Payment) { p.PersonalAcc = "" }, "personalAcc", shared.CodeRequired},
		{"account of 19 digits", func(p *Payment) { p.PersonalAcc = "0310064300000001850" }, "personalAcc", shared.CodeBadFormat},
		{"account with a space", func(p *Payment) { p.PersonalAcc = "03100 643000000018500" }, "personalAcc", shared.CodeDigitsOnly},
		{"no bank name", func(p *Payment) { p.BankName = "" }, "bankName", shared.CodeRequired},
		{"no БИК", func(p *Payment) { p.BIC = "" }, "bic", shared.CodeRequired},
		{"БИК of 8 digits", func(p *Payment) { p.BIC = "01700398" }, "bic", shared.CodeBadFormat},
		{"БИК with a letter", func(p *Payment) { p.BIC = "01700398O" }, "bic", shared.CodeDigitsOnly},
		{"no correspondent account", func(p *Payment) { p.CorrespAcc = "" }, "correspAcc", shared.CodeRequired},
		{"correspondent account of 21 digits", func(p *Payment) { p.CorrespAcc = "401028104453700000590" }, "correspAcc", shared.CodeBadFormat},
		{"negative sum", func(p *Payment) { p.Sum = -1 }, "sum", shared.CodeBadFormat},
		{"sum of 19 digits", func(p *Payment) { p.Sum = maxAmount + 1 }, "sum", shared.CodeTooLong},
		{"purpose over 210", func(p *Payment) { p.Purpose = strings.Repeat("Н", MaxPurpose+1) }, "purpose", shared.CodeTooLong},
		{"payee ИНН checksum", func(p *Payment) { p.PayeeINN = "7727406021" }, "payeeInn", shared.CodeINNChecksum},
		{"payer ИНН length", func(p *Payment) { p.PayerINN = "56110040954" }, "payerInn", shared.CodeINNLength},
		{"payer ИНН with a dash", func(p *Payment) { p.PayerINN = "5611-00409545" }, "payerInn", shared.CodeDigitsOnly},
		{"КПП of 8", func(p *Payment) { p.KPP = "77080100" }, "kpp", shared.CodeKPPFormat},
		{"КПП lower-case", func(p *Payment) { p.KPP = "7708ab001" }, "kpp", shared.CodeKPPFormat},
		{"КБК of 19", func(p *Payment) { p.CBC = "1820106120101000051" }, "cbc", shared.CodeBadFormat},
		{"КБК with a letter", func(p *Payment) { p.CBC = "1820106120101000051X" }, "cbc", shared.CodeDigitsOnly},
		{"ОКТМО of 9", func(p *Payment) { p.OKTMO = "450000000" }, "oktmo", shared.CodeBadFormat},
		{"ОКТМО of 12", func(p *Payment) { p.OKTMO = "453820000010" }, "oktmo", shared.CodeBadFormat},
		{"ОКТМО with a letter", func(p *Payment) { p.OKTMO = "4500000O" }, "oktmo", shared.CodeDigitsOnly},
		{"УИН all zeros", func(p *Payment) { p.UIN = "00000000000000000000" }, "uin", shared.CodeUINFormat},
		{"УИН checksum", func(p *Payment) { p.UIN = "18200000000000123457" }, "uin", shared.CodeUINChecksum},
		{"УИН with spaces", func(p *Payment) { p.UIN = "1820 0000 0000 0012 3456" }, "uin", shared.CodeDigitsOnly},
		{"tech code 00", func(p *Payment) { p.TechCode = "00" }, "techCode", shared.CodeBadFormat},
		{"tech code 16", func(p *Payment) { p.TechCode = "16" }, "techCode", shared.CodeBadFormat},
		{"tech code 3", func(p *Payment) { p.TechCode = "3" }, "techCode", shared.CodeBadFormat},
		{"last name with digits", func(p *Payment) { p.LastName = "Иванов2" }, "lastName", shared.CodeBadChars},
		{"first name mixed scripts", func(p *Payment) { p.FirstName = "Иbан" }, "firstName", shared.CodeMixedScript},
		{"middle name too long", func(p *Payment) { p.MiddleName = strings.Repeat("о", shared.MaxName+1) }, "middleName", shared.CodeTooLong},
		{"negative пени", func(p *Payment) { p.AddAmount = -5 }, "addAmount", shared.CodeBadFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := enp()
			tt.change(&p)
			want := map[string]shared.Code{}
			if tt.code != "" {
				want[tt.field] = tt.code
			}
			wantFields(t, p.Validate(), want)
			if _, err := p.Encode(); (err == nil) != (tt.code == "") {
				t.Errorf("Encode: %v, want an error exactly when Validate fails", err)
			}
		})
	}
	t.Run("empty payment", func(t *testing.T) {
		wantFields(t, Payment{}.Validate(), map[string]shared.Code{
			"name": shared.CodeRequired, "personalAcc": shared.CodeRequired, "bankName": shared.CodeRequired,
			"bic": shared.CodeRequired, "correspAcc": shared.CodeRequired,
		})
	})
}

func TestParseEncodeRoundTrip(t *testing.T) {
	full := enp()
	full.AddAmount = 99
	full.BankName = "АО «Банк»" // short enough to survive unchanged
	tests := []struct {
		name string
		p    Payment
	}{
		{"single tax payment", full},
		{"mandatory only", Payment{Name: "ИП Петров", PersonalAcc: "40802810900000012345", BankName: "Банк", BIC: "044525225", CorrespAcc: "30101810400000000225"}},
		{"separator in a value", func() Payment { p := full; p.Purpose = "НПД | январь"; return p }()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := tt.p.Encode()
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse(s)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.p, got); diff != "" {
				t.Errorf("Parse(Encode(p)) (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParse(t *testing.T) {
	const mandatory = "Name=Получатель|PersonalAcc=40702810900000012345|BankName=Банк|BIC=044525225|CorrespAcc=30101810400000000225"
	base := Payment{Name: "Получатель", PersonalAcc: "40702810900000012345", BankName: "Банк", BIC: "044525225", CorrespAcc: "30101810400000000225"}
	with := func(change func(*Payment)) Payment { p := base; change(&p); return p }
	tests := []struct {
		name string
		in   string
		want Payment
		err  bool
	}{
		{"mandatory", "ST00012|" + mandatory, base, false},
		{"unknown requisites skipped", "ST00012|" + mandatory + "|DrawerStatus=01|PayerAddress=Тула|Sum=100", with(func(p *Payment) { p.Sum = 100 }), false},
		{"keys in any case", "ST00012|" + strings.ToLower(mandatory) + "|TECHCODE=03", with(func(p *Payment) {
			p.Name, p.BankName, p.TechCode = "получатель", "банк", "03"
		}), false},
		{"trailing separator and newline", "ST00012|" + mandatory + "|\n", base, false},
		{"value with =", "ST00012|" + mandatory + "|Purpose=a=b", with(func(p *Payment) { p.Purpose = "a=b" }), false},
		{"multi-byte separator", "ST00012§" + strings.ReplaceAll(mandatory, "|", "§"), base, false},
		{"empty sum", "ST00012|" + mandatory + "|Sum=", base, false},

		{"empty", "", Payment{}, true},
		{"header only", "ST00012", Payment{}, true},
		{"not ST", "XX00012|" + mandatory, Payment{}, true},
		{"version 0002", "ST00022|" + mandatory, Payment{}, true},
		{"windows-1251", "ST00011|" + mandatory, Payment{}, true},
		{"letter separator", "ST00012N" + "ame=x", Payment{}, true},
		{"no =", "ST00012|" + mandatory + "|Sum", Payment{}, true},
		{"twice", "ST00012|" + mandatory + "|name=Другой", Payment{}, true},
		{"sum in rubles", "ST00012|" + mandatory + "|Sum=12.50", Payment{}, true},
		{"sum of 19 digits", "ST00012|" + mandatory + "|Sum=1000000000000000000", Payment{}, true},
		{"invalid UTF-8", "ST00012|Name=\xff", Payment{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			if tt.err {
				if err == nil || shared.ErrorCode(err) != shared.CodeBadFormat {
					t.Fatalf("got %+v, %v; want a CodeBadFormat error", got, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse (-want +got):\n%s", diff)
			}
		})
	}
}
