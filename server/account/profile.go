package account

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/auth"
	"kabinet/shared"
)

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func optionalDate(s string) *time.Time {
	if s == "" {
		return nil
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return nil
	}
	return &t
}

// UpdateProfile saves the owner's personal data. Identity data (ФИО, birth
// date, passport, СНИЛС) of a confirmed account was checked in person:
// changing it lowers the level to standard until it is confirmed again.
// Passport and СНИЛС together raise a simplified account to standard.
// ИНН and СНИЛС are also sign-in identifiers: changing them asks for a
// fresh re-authentication first, as a phone or e-mail change does.
func (s *Service) UpdateProfile(ctx context.Context, sess *auth.Session, req shared.ProfileRequest, m api.Meta) (shared.Account, error) {
	accountID := sess.AccountID
	req.Normalize()
	if err := req.Validate(); err != nil {
		return shared.Account{}, err
	}
	var out shared.Account
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		acc, err := loadAccount(ctx, tx, accountID, true)
		if err != nil {
			return err
		}
		before := acc.public(s.now())
		acc.LastName, acc.FirstName, acc.MiddleName = req.LastName, req.FirstName, req.MiddleName
		acc.BirthDate = optionalDate(req.BirthDate)
		acc.INN, acc.SNILS = optional(req.INN), optional(req.SNILS)
		p := req.Passport
		if p.Number == "" {
			acc.PassportSeries, acc.PassportNumber, acc.PassportIssuedOn, acc.PassportIssuedBy, acc.PassportDivisionCode = nil, nil, nil, nil, nil
		} else {
			acc.PassportSeries, acc.PassportNumber = optional(p.Series), optional(p.Number)
			acc.PassportIssuedOn, acc.PassportIssuedBy, acc.PassportDivisionCode = optionalDate(p.IssuedOn), optional(p.IssuedBy), optional(p.DivisionCode)
		}
		after := acc.public(s.now())
		changed := changedFields(before, after)
		if len(changed) == 0 {
			out = after
			return nil
		}
		if slices.Contains(changed, "inn") || slices.Contains(changed, "snils") {
			if err := s.auth.RequireFresh(ctx, tx, sess); err != nil {
				return err
			}
		}
		level := levelAfter(acc, changed)
		if acc.Level == string(shared.LevelConfirmed) && level != acc.Level {
			acc.ConfirmedAt, acc.ConfirmedBy = nil, nil // confirmed again in person, or not at all
		}
		levelChanged := level != acc.Level
		acc.Level = level
		acc.UpdatedAt = s.now()
		if err := updateProfile(ctx, tx, acc); err != nil {
			if code := uniqueViolation(err); code != "" {
				field := map[shared.Code]string{shared.CodeINNTaken: "inn", shared.CodeSNILSTaken: "snils"}[code]
				return &shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{field: {Code: code}}}
			}
			return err
		}
		details := map[string]string{"fields": strings.Join(changed, ",")}
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalProfileChanged, IP: m.IP, UserAgent: m.UserAgent, Details: details}); err != nil {
			return err
		}
		if levelChanged {
			if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalLevelChanged, IP: m.IP, UserAgent: m.UserAgent,
				Details: map[string]string{"from": string(before.Level), "to": level}}); err != nil {
				return err
			}
		}
		out = acc.public(s.now())
		return nil
	})
	return out, err
}

// levelAfter is the account's level once its profile fields changed
// (acc holds the new data): a change of identity data (anything but the
// ИНН) lowers confirmed to standard; passport and СНИЛС together make
// standard, one of them missing makes simplified.
func levelAfter(acc *accountRow, changed []string) string {
	identity := false
	for _, f := range changed {
		if f != "inn" {
			identity = true
		}
	}
	hasIdentity := acc.PassportNumber != nil && acc.SNILS != nil
	level := acc.Level
	switch {
	case level == string(shared.LevelConfirmed) && identity:
		level = string(shared.LevelStandard)
	case level == string(shared.LevelSimplified) && hasIdentity:
		level = string(shared.LevelStandard)
	case level == string(shared.LevelStandard) && !hasIdentity:
		level = string(shared.LevelSimplified)
	}
	if !hasIdentity && level == string(shared.LevelStandard) {
		level = string(shared.LevelSimplified)
	}
	return level
}

// changedFields names the profile fields that differ (never their values:
// the journal must not become a copy of the passport).
func changedFields(a, b shared.Account) []string {
	var out []string
	add := func(name string, x, y string) {
		if x != y {
			out = append(out, name)
		}
	}
	add("lastName", a.LastName, b.LastName)
	add("firstName", a.FirstName, b.FirstName)
	add("middleName", a.MiddleName, b.MiddleName)
	add("birthDate", a.BirthDate, b.BirthDate)
	add("inn", a.INN, b.INN)
	add("snils", a.SNILS, b.SNILS)
	var pa, pb shared.Passport
	if a.Passport != nil {
		pa = *a.Passport
	}
	if b.Passport != nil {
		pb = *b.Passport
	}
	if pa != pb {
		out = append(out, "passport")
	}
	return out
}
