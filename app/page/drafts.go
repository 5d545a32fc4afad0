package page

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/draft"
	"kabinet/app/ds"
)

// drafts are the forms' drafts on this device (IndexedDB in the browser).
var drafts = draft.New()

// draftEvery is how often a kept form looks whether it changed: at most
// this much typing is lost when the tab closes.
const draftEvery = time.Second

// Keeper is held by a page whose form keeps a draft. The page opts in
// with one call, KeepDraft, once the account is known; the keeper restores
// a draft that was there (with a notice and a way to discard it), saves
// the form while it changes, and forgets the draft when the form is sent
// (Done) or is back to how it started.
type Keeper struct {
	account, form string
	gen           int       // which KeepDraft the ticker belongs to
	pristine      []byte    // the form as it started: no draft
	last          []byte    // what is stored now
	restored      time.Time // non-zero: a draft was restored, say so
	snapshot      func() []byte
	reset         func(ctx app.Context)
}

// KeepDraft keeps the form's draft for the account: get reads the form's
// value, set fills the form from a draft, reset empties the form. T must
// never hold a password or a one-time code.
func KeepDraft[T any](ctx app.Context, k *Keeper, account, form string, get func() T, set func(T), reset func(app.Context)) {
	if app.IsServer || account == "" {
		return
	}
	k.gen++
	gen := k.gen
	snap := func() []byte { b, _ := json.Marshal(get()); return b }
	k.account, k.form, k.snapshot, k.reset = account, form, snap, reset
	// Nothing is stored for a form as it starts; another tab's draft of
	// the same form is not this one's to discard.
	k.pristine, k.restored = snap(), time.Time{}
	k.last = k.pristine
	ctx.Async(func() {
		var v T
		saved, err := drafts.Load(account, form, &v)
		ctx.Dispatch(func(ctx app.Context) {
			if k.gen != gen {
				return
			}
			if err == nil {
				set(v)
				k.restored, k.last = saved, k.snapshot()
			}
			ctx.After(draftEvery, func(ctx app.Context) { k.tick(ctx, gen) })
		})
	})
}

// tick saves the form when it changed since the last save; a form back to
// how it started has no draft.
func (k *Keeper) tick(ctx app.Context, gen int) {
	if k.gen != gen {
		return
	}
	ctx.PreventUpdate()
	now := k.snapshot()
	if !bytes.Equal(now, k.last) {
		k.last = now
		account, form := k.account, k.form
		empty := bytes.Equal(now, k.pristine)
		ctx.Async(func() {
			if empty {
				_ = drafts.Discard(account, form)
				return
			}
			_ = drafts.Save(account, form, json.RawMessage(now))
		})
	}
	ctx.After(draftEvery, func(ctx app.Context) { k.tick(ctx, gen) })
}

// Done forgets the draft: the form was sent. The form's next state is the
// new starting point.
func (k *Keeper) Done(ctx app.Context) {
	if k.snapshot == nil {
		return
	}
	k.restored = time.Time{}
	k.pristine, k.last = k.snapshot(), k.snapshot()
	account, form := k.account, k.form
	ctx.Async(func() { _ = drafts.Discard(account, form) })
}

// Stop ends the keeping (the page left the form) without touching the
// stored draft.
func (k *Keeper) Stop() { k.gen++ }

// discard throws the restored draft away at the person's word.
func (k *Keeper) discard(ctx app.Context, e app.Event) {
	if k.reset != nil {
		k.reset(ctx)
	}
	k.Done(ctx)
	ds.Focus(ctx, "main")
}

// Notice says that a draft was restored, from when, and offers to discard
// it; nil when none was.
func (k *Keeper) Notice() app.UI {
	if k.restored.IsZero() {
		return nil
	}
	return ds.NewNotice(ds.Info, t("draft.restored", FormatDateTime(k.restored))).ID("draft-notice").Body(
		app.P().Text(t("draft.restoredText")),
		ds.NewButton(t("draft.discard")).ID("btn-draft-discard").Kind(ds.Secondary).OnClick(k.discard),
	)
}

// wipeDrafts forgets the account's drafts when its person signs out here.
func wipeDrafts(account string) { _ = drafts.WipeAccount(account) }
