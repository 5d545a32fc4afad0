// Package draft keeps what a person has typed into a long form on this
// device, so that going offline, closing the tab or an idle sign-out loses
// nothing. A draft belongs to one account and one form; in the browser the
// drafts live in IndexedDB, elsewhere (tests) in memory.
//
// A draft is the form's own value as JSON. Forms never put passwords or
// one-time codes into it: those are not worth keeping and must not outlive
// the moment they are typed.
package draft

import (
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// ErrNone is the error of Load when the form has no draft.
var ErrNone = errors.New("draft: none")

// backend is where the drafts are kept: IndexedDB in the browser, a map
// elsewhere. Keys are "<account>/<form>". Every call may block on the
// browser, so callers run them off the UI goroutine.
type backend interface {
	get(key string) ([]byte, bool, error)
	put(key string, val []byte) error
	del(key string) error
	delPrefix(prefix string) error
	clear() error
}

// Store keeps the drafts of every account on this device.
type Store struct {
	b   backend
	now func() time.Time
}

// New returns the device's store.
func New() *Store { return &Store{b: platformBackend(), now: time.Now} }

// record is a draft as stored: when it was saved, and the form's value.
type record struct {
	Saved time.Time       `json:"saved"`
	Data  json.RawMessage `json:"data"`
}

func key(account, form string) string { return account + "/" + form }

// Save keeps v (the form's value, as JSON) as the draft of form.
func (s *Store) Save(account, form string, v any) error {
	if account == "" || form == "" || strings.Contains(account, "/") {
		return errors.New("draft: no account or form")
	}
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	rec, err := json.Marshal(record{Saved: s.now(), Data: data})
	if err != nil {
		return err
	}
	return s.b.put(key(account, form), rec)
}

// Load reads the draft of form into v and says when it was saved; ErrNone
// when there is none.
func (s *Store) Load(account, form string, v any) (time.Time, error) {
	raw, ok, err := s.b.get(key(account, form))
	if err != nil {
		return time.Time{}, err
	}
	if !ok {
		return time.Time{}, ErrNone
	}
	var rec record
	if err := json.Unmarshal(raw, &rec); err != nil {
		return time.Time{}, err
	}
	if err := json.Unmarshal(rec.Data, v); err != nil {
		return time.Time{}, err
	}
	return rec.Saved, nil
}

// Discard forgets the draft of form (sent, or thrown away by the person).
func (s *Store) Discard(account, form string) error { return s.b.del(key(account, form)) }

// WipeAccount forgets every draft of the account: it signed out here.
func (s *Store) WipeAccount(account string) error {
	if account == "" {
		return nil
	}
	return s.b.delPrefix(account + "/")
}

// WipeAll forgets every draft on the device: a kiosk's visit has ended.
func (s *Store) WipeAll() error { return s.b.clear() }
