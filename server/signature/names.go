package signature

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"strings"

	"kabinet/shared"
	sharedsig "kabinet/shared/signature"
)

// Russian additions to the distinguished name of qualified certificates
// (Приказ ФСБ России № 795, RFC 9215 section 5). 1.2.643.100.4 is the
// ИНН of a legal entity (ИНН ЮЛ); a person's ИНН is 1.2.643.3.131.1.1.
var (
	oidSNILS  = asn1.ObjectIdentifier{1, 2, 643, 100, 3}
	oidINN    = asn1.ObjectIdentifier{1, 2, 643, 3, 131, 1, 1}
	oidINNLE  = asn1.ObjectIdentifier{1, 2, 643, 100, 4}
	oidOGRN   = asn1.ObjectIdentifier{1, 2, 643, 100, 1}
	oidOGRNIP = asn1.ObjectIdentifier{1, 2, 643, 100, 5}

	oidCommonName   = asn1.ObjectIdentifier{2, 5, 4, 3}
	oidSurname      = asn1.ObjectIdentifier{2, 5, 4, 4}
	oidCountry      = asn1.ObjectIdentifier{2, 5, 4, 6}
	oidOrganization = asn1.ObjectIdentifier{2, 5, 4, 10}
	oidTitle        = asn1.ObjectIdentifier{2, 5, 4, 12}
	oidGivenName    = asn1.ObjectIdentifier{2, 5, 4, 42}
)

// signerOf reads who a certificate names.
func signerOf(cert *x509.Certificate) sharedsig.Signer {
	var s sharedsig.Signer
	for _, n := range cert.Subject.Names {
		v := strings.TrimSpace(fmt.Sprint(n.Value))
		switch {
		case n.Type.Equal(oidCommonName):
			s.Name = v
		case n.Type.Equal(oidSurname):
			s.Surname = v
		case n.Type.Equal(oidGivenName):
			s.GivenName = v
		case n.Type.Equal(oidOrganization):
			s.Organization = v
		case n.Type.Equal(oidTitle):
			s.Title = v
		case n.Type.Equal(oidSNILS):
			s.SNILS = shared.Digits(v)
		case n.Type.Equal(oidINN):
			s.INN = shared.Digits(v)
		case n.Type.Equal(oidINNLE):
			s.OrgINN = shared.Digits(v)
		case n.Type.Equal(oidOGRN), n.Type.Equal(oidOGRNIP):
			s.OGRN = shared.Digits(v)
		}
	}
	// A person's ИНН written in the ИНН field with two leading zeros (the
	// old practice for a 10-digit field) is a legal entity's.
	if len(s.INN) == 12 && strings.HasPrefix(s.INN, "00") && s.OrgINN == "" {
		s.OrgINN, s.INN = s.INN[2:], ""
	}
	if s.Name == "" {
		s.Name = strings.TrimSpace(s.Surname + " " + s.GivenName)
	}
	return s
}

// issuerName is how a certificate's issuer is shown: its common name, or
// the whole name when it has none.
func issuerName(cert *x509.Certificate) string {
	if cert.Issuer.CommonName != "" {
		return cert.Issuer.CommonName
	}
	return cert.Issuer.String()
}

// personSubject is the DER subject of a «Ключ Кабинета» certificate, as
// Russian certificates of a person have it: country, surname, given name
// and patronymic, full name, СНИЛС and ИНН. The numbers are NumericString,
// as Приказ № 795 has them; crypto/x509 writes every string as
// PrintableString or UTF8String, hence the name is built here.
func personSubject(acc shared.Account) ([]byte, error) {
	given := strings.TrimSpace(acc.FirstName + " " + acc.MiddleName)
	full := strings.TrimSpace(acc.LastName + " " + given)
	utf8 := func(s string) asn1.RawValue {
		return asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagUTF8String, Bytes: []byte(s)}
	}
	numeric := func(s string) asn1.RawValue {
		return asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagNumericString, Bytes: []byte(s)}
	}
	rdn := pkix.RDNSequence{
		{{Type: oidCountry, Value: "RU"}},
		{{Type: oidSurname, Value: utf8(acc.LastName)}},
		{{Type: oidGivenName, Value: utf8(given)}},
		{{Type: oidCommonName, Value: utf8(full)}},
		{{Type: oidSNILS, Value: numeric(shared.Digits(acc.SNILS))}},
	}
	if inn := shared.Digits(acc.INN); inn != "" {
		rdn = append(rdn, []pkix.AttributeTypeAndValue{{Type: oidINN, Value: numeric(inn)}})
	}
	b, err := asn1.Marshal(rdn)
	if err != nil {
		return nil, fmt.Errorf("signature.personSubject: %w", err)
	}
	return b, nil
}

// fullName is the account's ФИО.
func fullName(acc shared.Account) string {
	return strings.Join(strings.Fields(acc.LastName+" "+acc.FirstName+" "+acc.MiddleName), " ")
}
