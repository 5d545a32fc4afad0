package api

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"kabinet/shared"
	"kabinet/shared/documents"
	"kabinet/shared/ip"
	"kabinet/shared/npd"
	"kabinet/shared/signature"
)

// codeStatus pins the HTTP status of every error code as it was answered
// before codes carried their class: a change of a code's class that
// changes what clients see fails here.
var codeStatus = []struct {
	code   shared.Code
	status int
}{
	{shared.CodeContactSame, http.StatusUnprocessableEntity},
	{shared.CodeInvalidInput, http.StatusUnprocessableEntity},
	{shared.CodeCodeInvalid, http.StatusUnprocessableEntity},
	{shared.CodeWrongPassword, http.StatusUnprocessableEntity},
	{shared.CodeCodeReused, http.StatusUnprocessableEntity},
	{shared.CodeRequired, http.StatusUnprocessableEntity},
	{shared.CodeTooLong, http.StatusUnprocessableEntity},
	{shared.CodeBadChars, http.StatusUnprocessableEntity},
	{shared.CodeBadFormat, http.StatusUnprocessableEntity},
	{shared.CodeBadDate, http.StatusUnprocessableEntity},
	{shared.CodeDateFuture, http.StatusUnprocessableEntity},
	{shared.CodeTooYoung, http.StatusUnprocessableEntity},
	{shared.CodeTooOld, http.StatusUnprocessableEntity},
	{shared.CodeINNLength, http.StatusUnprocessableEntity},
	{shared.CodeINNPerson, http.StatusUnprocessableEntity},
	{shared.CodeINNDigits, http.StatusUnprocessableEntity},
	{shared.CodeINNChecksum, http.StatusUnprocessableEntity},
	{shared.CodeOGRNLength, http.StatusUnprocessableEntity},
	{shared.CodeOGRNChecksum, http.StatusUnprocessableEntity},
	{shared.CodeOGRNIPLength, http.StatusUnprocessableEntity},
	{shared.CodeOGRNIPChecksm, http.StatusUnprocessableEntity},
	{shared.CodeKPPFormat, http.StatusUnprocessableEntity},
	{shared.CodeSNILSLength, http.StatusUnprocessableEntity},
	{shared.CodeSNILSChecksum, http.StatusUnprocessableEntity},
	{shared.CodeUINFormat, http.StatusUnprocessableEntity},
	{shared.CodeUINChecksum, http.StatusUnprocessableEntity},
	{shared.CodeNoticeUIN, http.StatusUnprocessableEntity},
	{shared.CodePhoneFormat, http.StatusUnprocessableEntity},
	{shared.CodePhoneNotRU, http.StatusUnprocessableEntity},
	{shared.CodeEmailFormat, http.StatusUnprocessableEntity},
	{shared.CodeMoneyFormat, http.StatusUnprocessableEntity},
	{shared.CodePasswordShort, http.StatusUnprocessableEntity},
	{shared.CodePasswordLong, http.StatusUnprocessableEntity},
	{shared.CodePasswordWeak, http.StatusUnprocessableEntity},
	{shared.CodePasswordCommon, http.StatusUnprocessableEntity},
	{shared.CodePasswordLogin, http.StatusUnprocessableEntity},
	{shared.CodePasswordService, http.StatusUnprocessableEntity},
	{shared.CodePassportSeries, http.StatusUnprocessableEntity},
	{shared.CodePassportNumber, http.StatusUnprocessableEntity},
	{shared.CodePassportDivision, http.StatusUnprocessableEntity},
	{shared.CodeOneTimeCode, http.StatusUnprocessableEntity},
	{shared.CodeTooShort, http.StatusUnprocessableEntity},
	{shared.CodeDigitsOnly, http.StatusUnprocessableEntity},
	{shared.CodeMixedScript, http.StatusUnprocessableEntity},
	{shared.CodeINNOrg, http.StatusUnprocessableEntity},
	{shared.CodePasswordSame, http.StatusUnprocessableEntity},
	{shared.CodePassportIssue, http.StatusUnprocessableEntity},
	{shared.CodeChannel, http.StatusUnprocessableEntity},
	{shared.CodeControlChars, http.StatusUnprocessableEntity},
	{shared.CodeDateRange, http.StatusUnprocessableEntity},
	{shared.CodeConsentRequired, http.StatusUnprocessableEntity},
	{shared.CodeRowDuplicate, http.StatusUnprocessableEntity},
	{shared.CodeRowOrder, http.StatusUnprocessableEntity},
	{shared.CodeRateRange, http.StatusUnprocessableEntity},
	{shared.CodeThroughMissing, http.StatusUnprocessableEntity},
	{shared.CodeThroughWrong, http.StatusUnprocessableEntity},
	{shared.CodeWorkdayOnWeekday, http.StatusUnprocessableEntity},
	{shared.CodeDayKind, http.StatusUnprocessableEntity},
	{shared.CodeRegistryClosed, http.StatusUnprocessableEntity},
	{documents.CodeType, http.StatusUnprocessableEntity},
	{documents.CodeLegacy, http.StatusUnprocessableEntity},
	{documents.CodeDamaged, http.StatusUnprocessableEntity},
	{documents.CodeXML, http.StatusUnprocessableEntity},
	{documents.CodeEmpty, http.StatusUnprocessableEntity},
	{documents.CodeFull, http.StatusConflict},
	{documents.CodeZipBomb, http.StatusUnprocessableEntity},
	{documents.CodeNamePath, http.StatusUnprocessableEntity},
	{documents.CodeNameChars, http.StatusUnprocessableEntity},
	{documents.CodeAgencyUnknown, http.StatusUnprocessableEntity},
	{documents.CodeRequestUnknown, http.StatusUnprocessableEntity},
	{documents.CodeTooMany, http.StatusUnprocessableEntity},
	{documents.CodeNotSigned, http.StatusUnprocessableEntity},
	{documents.CodeIncomingKind, http.StatusUnprocessableEntity},
	{ip.CodeINNNotOwn, http.StatusUnprocessableEntity},
	{ip.CodeIdentityNotOwn, http.StatusUnprocessableEntity},
	{ip.CodeFormUnknown, http.StatusUnprocessableEntity},
	{ip.CodeOKVEDFormat, http.StatusUnprocessableEntity},
	{ip.CodeOKVEDUnknown, http.StatusUnprocessableEntity},
	{ip.CodeOKVEDTwice, http.StatusUnprocessableEntity},
	{ip.CodeOKVEDTooMany, http.StatusUnprocessableEntity},
	{ip.CodeRegimeUnknown, http.StatusUnprocessableEntity},
	{ip.CodeRegionFormat, http.StatusUnprocessableEntity},
	{ip.CodeNoChanges, http.StatusUnprocessableEntity},
	{ip.CodeNotAcknowledged, http.StatusUnprocessableEntity},
	{ip.CodeRefusalReason, http.StatusUnprocessableEntity},
	{ip.CodeScanType, http.StatusUnprocessableEntity},
	{ip.CodeSignedOther, http.StatusUnprocessableEntity},
	{ip.CodeNotKeySigned, http.StatusUnprocessableEntity},
	{ip.CodeTaxFactKind, http.StatusUnprocessableEntity},
	{ip.CodeKNDFormat, http.StatusUnprocessableEntity},
	{ip.CodeTaxPeriod, http.StatusUnprocessableEntity},
	{ip.CodeTaxFactTwice, http.StatusUnprocessableEntity},
	{npd.CodeNPDForbidden, http.StatusUnprocessableEntity},
	{npd.CodeSettledTooEarly, http.StatusUnprocessableEntity},
	{npd.CodeSettledInFuture, http.StatusUnprocessableEntity},
	{npd.CodeQuantity, http.StatusUnprocessableEntity},
	{npd.CodeCertPeriod, http.StatusUnprocessableEntity},
	{npd.CodeNothingToPay, http.StatusUnprocessableEntity},
	{signature.CodeKeyInvalid, http.StatusUnprocessableEntity},
	{signature.CodeMalformed, http.StatusUnprocessableEntity},
	{signature.CodeNotValid, http.StatusUnprocessableEntity},
	{signature.CodeDocumentNeeded, http.StatusUnprocessableEntity},
	{signature.CodeKeyKiosk, http.StatusForbidden},
	{shared.CodeUnauthenticated, http.StatusUnauthorized},
	{shared.CodeSessionExpired, http.StatusUnauthorized},
	{shared.CodeInvalidCredentials, http.StatusUnauthorized},
	{shared.CodePasswordLocked, http.StatusUnauthorized},
	{shared.CodeFactorLocked, http.StatusUnauthorized},
	{shared.CodePasskeyFailed, http.StatusUnauthorized},
	{shared.CodePasskeyUnknown, http.StatusUnauthorized},
	{signature.CodeSignatureInvalid, http.StatusUnauthorized},
	{shared.CodeForbidden, http.StatusForbidden},
	{shared.CodeCSRF, http.StatusForbidden},
	{shared.CodeAccountBlocked, http.StatusForbidden},
	{shared.CodeNotConfirmed, http.StatusForbidden},
	{shared.CodeStepUpRequired, http.StatusForbidden},
	{shared.CodePasskeyKiosk, http.StatusForbidden},
	{shared.CodeQRDenied, http.StatusForbidden},
	{shared.CodeApprovalMismatch, http.StatusForbidden},
	{shared.CodeKioskUnknown, http.StatusForbidden},
	{shared.CodeOwnCase, http.StatusForbidden},
	{shared.CodeStaffPeer, http.StatusForbidden},
	{shared.CodeKioskStaff, http.StatusForbidden},
	{shared.CodeReauthRequired, http.StatusForbidden},
	{ip.CodeNotConfirmed, http.StatusForbidden},
	{ip.CodeNoFactor, http.StatusForbidden},
	{ip.CodeAccountLimited, http.StatusForbidden},
	{ip.CodeNeedsUpdate, http.StatusForbidden},
	{npd.CodeNPDNotConfirmed, http.StatusForbidden},
	{npd.CodeFactorRequired, http.StatusForbidden},
	{signature.CodeLevel, http.StatusForbidden},
	{signature.CodeCertRevoked, http.StatusForbidden},
	{signature.CodeCertExpired, http.StatusForbidden},
	{signature.CodeCertNotYours, http.StatusForbidden},
	{signature.CodeIdentityMismatch, http.StatusForbidden},
	{shared.CodeNotFound, http.StatusNotFound},
	{shared.CodeRegistryUnknown, http.StatusNotFound},
	{signature.CodeCertUnknown, http.StatusNotFound},
	{shared.CodeConflict, http.StatusConflict},
	{shared.CodePhoneTaken, http.StatusConflict},
	{shared.CodeEmailTaken, http.StatusConflict},
	{shared.CodeINNTaken, http.StatusConflict},
	{shared.CodeSNILSTaken, http.StatusConflict},
	{shared.CodeIdentityIncomplete, http.StatusConflict},
	{shared.CodeAlreadyConfirmed, http.StatusConflict},
	{shared.CodeFactorExists, http.StatusConflict},
	{shared.CodeNoFactor, http.StatusConflict},
	{shared.CodeQRTaken, http.StatusConflict},
	{shared.CodeResetPending, http.StatusConflict},
	{documents.CodeSigned, http.StatusConflict},
	{documents.CodeSent, http.StatusConflict},
	{documents.CodeInUse, http.StatusConflict},
	{documents.CodeClosed, http.StatusConflict},
	{documents.CodeAwaitingAnswer, http.StatusConflict},
	{documents.CodeNotAwaiting, http.StatusConflict},
	{ip.CodeNotIP, http.StatusConflict},
	{ip.CodeAlreadyActive, http.StatusConflict},
	{ip.CodeExcludedRecently, http.StatusConflict},
	{ip.CodeNotActive, http.StatusConflict},
	{ip.CodeFilingState, http.StatusConflict},
	{ip.CodeFilingDecided, http.StatusConflict},
	{npd.CodeNPDAlready, http.StatusConflict},
	{npd.CodeNPDNotRegistered, http.StatusConflict},
	{npd.CodeReceiptAnnulled, http.StatusConflict},
	{signature.CodeTooManyKeys, http.StatusConflict},
	{signature.CodeTooManySignatures, http.StatusConflict},
	{signature.CodeIdentityMissing, http.StatusConflict},
	{shared.CodeCodeExpired, http.StatusGone},
	{signature.CodeChallengeUsed, http.StatusGone},
	{signature.CodeRequestExpired, http.StatusGone},
	{shared.CodeRateLimited, http.StatusTooManyRequests},
	{shared.CodeCodeExhausted, http.StatusTooManyRequests},
	{shared.CodeResendTooSoon, http.StatusTooManyRequests},
	{shared.CodeInternal, http.StatusInternalServerError},
	{shared.CodeUnavailable, http.StatusServiceUnavailable},
	{shared.CodeKeyRateMissing, http.StatusServiceUnavailable},
	{shared.CodeCalendarMissing, http.StatusServiceUnavailable},
	{shared.CodeUnsupportedEncoding, http.StatusUnsupportedMediaType},
	{shared.CodeTooLarge, http.StatusRequestEntityTooLarge},
	{documents.CodeTooLarge, http.StatusRequestEntityTooLarge},
	{shared.CodeHeadersTooLarge, http.StatusRequestHeaderFieldsTooLarge},
	{shared.CodeRequestTimeout, http.StatusRequestTimeout},
}

// TestEveryCodeKeepsItsStatus answers each code through ErrorHandler, as
// a handler returning it would be answered, and compares the status.
func TestEveryCodeKeepsItsStatus(t *testing.T) {
	app := fiber.New(fiber.Config{ErrorHandler: ErrorHandler(slog.New(slog.NewTextHandler(io.Discard, nil)))})
	app.Get("/:code", func(c *fiber.Ctx) error { return shared.E(shared.Code(c.Params("code"))) })
	for _, tt := range codeStatus {
		t.Run(string(tt.code), func(t *testing.T) {
			resp, err := app.Test(httptest.NewRequest(http.MethodGet, "/"+string(tt.code), nil))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
		})
	}
}

// TestEveryCodeIsPinned fails on a code declared in shared or one of its
// packages that codeStatus does not list, so a new code's status is
// chosen on purpose and then kept.
func TestEveryCodeIsPinned(t *testing.T) {
	pinned := map[shared.Code]bool{}
	for _, tt := range codeStatus {
		pinned[tt.code] = true
	}
	for name, code := range declaredCodes(t) {
		if !pinned[code] {
			t.Errorf("%s (%q) has no status in codeStatus", name, code)
		}
	}
}

// TestEveryCodeHasAClass fails on a code declared in shared or one of its
// packages that has no class in the API's table (its package's
// CodeClasses misses it, or the package's CodeClasses is not joined into
// classOf), or whose class has no status.
func TestEveryCodeHasAClass(t *testing.T) {
	for name, code := range declaredCodes(t) {
		class, ok := classOf[code]
		if !ok {
			t.Errorf("%s (%q) has no class", name, code)
			continue
		}
		if _, ok := statusOf[class]; !ok {
			t.Errorf("%s (%q): class %q has no status", name, code, class)
		}
	}
}

// declaredCodes parses the sources of shared and of its packages and
// returns every constant declared with the type Code or shared.Code, by
// its qualified name.
func declaredCodes(t *testing.T) map[string]shared.Code {
	t.Helper()
	root := filepath.Join("..", "..", "shared")
	files, err := filepath.Glob(filepath.Join(root, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	more, err := filepath.Glob(filepath.Join(root, "*", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]shared.Code{}
	fset := token.NewFileSet()
	for _, name := range append(files, more...) {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if !isCodeType(vs.Type) {
					continue
				}
				for i, n := range vs.Names {
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok {
						t.Fatalf("%s: constant %s is not a string literal", name, n.Name)
					}
					v, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatal(err)
					}
					codes[f.Name.Name+"."+n.Name] = shared.Code(v)
				}
			}
		}
	}
	if len(codes) < 100 {
		t.Fatalf("found only %d codes: is the parser looking at shared/?", len(codes))
	}
	return codes
}

// isCodeType reports whether a constant's declared type is Code (in
// shared) or shared.Code (in its packages).
func isCodeType(typ ast.Expr) bool {
	switch t := typ.(type) {
	case *ast.Ident:
		return t.Name == "Code"
	case *ast.SelectorExpr:
		x, ok := t.X.(*ast.Ident)
		return ok && x.Name == "shared" && t.Sel.Name == "Code"
	}
	return false
}
