package shared

import (
	"strings"
	"testing"
)

func TestValidateName(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		required bool
		want     Code
	}{
		{"Cyrillic", "Иванов", true, ""},
		{"with ё", "Артём", true, ""},
		{"double-barrelled", "Салтыков-Щедрин", true, ""},
		{"apostrophe", "д'Артаньян", true, ""},
		{"typographic apostrophe", "О’Нил", true, ""},
		{"two words", "Анна Мария", true, ""},
		{"Latin", "Smith", true, ""},
		{"Latin and Cyrillic words", "Мария Anna", true, ""},
		{"surrounding spaces", "  Иван  ", true, ""},
		{"60 characters", strings.Repeat("я", 60), true, ""},
		{"61 characters", strings.Repeat("я", 61), true, CodeTooLong},
		{"empty, required", "", true, CodeRequired},
		{"empty, optional", "  ", false, ""},
		{"digit", "Иван2", true, CodeBadChars},
		{"starts with a hyphen", "-Иван", true, CodeBadChars},
		{"ends with a hyphen", "Иван-", true, CodeBadChars},
		{"double hyphen", "Иван--Петров", true, CodeBadChars},
		{"dot", "Иван.", true, CodeBadChars},
		{"Greek", "Αλέξης", true, CodeBadChars},
		{"Latin o inside a Cyrillic word", "Иванoв", true, CodeMixedScript},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, ValidateName(tt.in, tt.required), tt.want)
		})
	}
}

func TestCleanName(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"trim", "  Иван ", "Иван"},
		{"collapse", "Анна   Мария", "Анна Мария"},
		{"no-break space", "Анна\u00a0Мария", "Анна Мария"},
		{"spaces around a hyphen", "Петров - Водкин", "Петров-Водкин"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CleanName(tt.in); got != tt.want {
				t.Errorf("CleanName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
