package shared

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
		code Code
	}{
		{"ISO", "2026-11-23", "2026-11-23", ""},
		{"Russian", "23.11.2026", "2026-11-23", ""},
		{"Russian without leading zeros", "3.2.2001", "2001-02-03", ""},
		{"leap day", "29.02.2024", "2024-02-29", ""},
		{"not a leap year", "2023-02-29", "", CodeBadDate},
		{"month 13", "2026-13-01", "", CodeBadDate},
		{"day 32", "32.01.2026", "", CodeBadDate},
		{"two-digit year", "23.11.26", "", CodeBadDate},
		{"slashes", "23/11/2026", "", CodeBadDate},
		{"year zero", "0000-01-01", "", CodeDateRange},
		{"negative year", "-0001-01-01", "", CodeBadDate},
		{"first day of year 1", "0001-01-01", "", CodeDateRange},
		{"day before the range", "31.12.1899", "", CodeDateRange},
		{"first day of the range", "1900-01-01", "1900-01-01", ""},
		{"last day of the range", "2100-12-31", "2100-12-31", ""},
		{"day after the range", "2101-01-01", "", CodeDateRange},
		{"text", "вчера", "", CodeBadDate},
		{"empty", " ", "", CodeRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			wantCode(t, err, tt.code)
			if tt.code == "" {
				if s := got.Format(DateLayout); s != tt.want {
					t.Errorf("ParseDate(%q) = %s, want %s", tt.in, s, tt.want)
				}
				if n := NormalizeDate(tt.in); n != tt.want {
					t.Errorf("NormalizeDate(%q) = %s, want %s", tt.in, n, tt.want)
				}
			}
		})
	}
}

func TestValidateBirthDate(t *testing.T) {
	today := time.Date(2026, 11, 23, 23, 30, 0, 0, Moscow)
	tests := []struct {
		name string
		in   string
		want Code
	}{
		{"adult", "1990-05-17", ""},
		{"14 today", "2012-11-23", ""},
		{"14 tomorrow", "2012-11-24", CodeTooYoung},
		{"born today", "2026-11-23", CodeTooYoung},
		{"tomorrow", "2026-11-24", CodeDateFuture},
		{"120 years and a day short of 121", "1905-11-24", ""},
		{"121 today", "1905-11-23", CodeTooOld},
		{"Russian format", "17.05.1990", ""},
		{"bad", "1990-02-30", CodeBadDate},
		{"empty", "", CodeRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, ValidateBirthDate(tt.in, today), tt.want)
		})
	}
}

func TestFormatDate(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"Russian genitive", FormatDate(day("2026-11-23"), "ru"), "23 ноября 2026"},
		{"English", FormatDate(day("2026-11-23"), "en"), "23 November 2026"},
		{"single-digit day", FormatDate(day("2026-03-01"), "ru"), "1 марта 2026"},
		{"May", FormatDate(day("2026-05-09"), "ru"), "9 мая 2026"},
		{"late UTC evening is the next day in Moscow", FormatDate(time.Date(2026, 12, 31, 22, 0, 0, 0, time.UTC), "ru"), "1 января 2027"},
		{"date and time in Moscow", FormatDateTime(time.Date(2026, 11, 23, 11, 5, 0, 0, time.UTC), "ru"), "23 ноября 2026, 14:05"},
		{"date and time in English", FormatDateTime(time.Date(2026, 11, 23, 11, 5, 0, 0, time.UTC), "en-GB"), "23 November 2026, 14:05"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}
