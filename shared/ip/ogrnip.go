package ip

import (
	"fmt"

	"kabinet/shared"
)

// The ОГРНИП and the ГРНИП of each later entry share one structure
// (DOMAIN.md §1): S YY KK NNNNNNNNN C — S is 3 for a registration (the
// ОГРНИП) and 4 for any other entry, YY the year's last two digits, KK
// the region's code, N a serial number, and C the first 14 digits as a
// number mod 13, mod 10.
const (
	SignRegistration = '3'
	SignOtherEntry   = '4'
	// MaxSerial is the largest serial number of nine digits.
	MaxSerial = 999_999_999
)

// CheckDigit is the check digit of the first 14 digits of an ОГРНИП.
func CheckDigit(first14 string) byte {
	var r int
	for i := 0; i < len(first14); i++ {
		r = (r*10 + int(first14[i]-'0')) % 13
	}
	return byte('0' + r%10)
}

// Number builds an ОГРНИП (sign SignRegistration) or a ГРНИП
// (SignOtherEntry) from the year, the region's two digits and a serial
// number; the result passes shared.ValidateOGRNIP.
func Number(sign byte, year int, region string, serial int64) (string, error) {
	if (sign != SignRegistration && sign != SignOtherEntry) || len(region) != 2 || !shared.AllDigits(region) ||
		serial < 1 || serial > MaxSerial || year < 2000 {
		return "", fmt.Errorf("ip.Number(%c, %d, %q, %d): out of range", sign, year, region, serial)
	}
	first := fmt.Sprintf("%c%02d%s%09d", sign, year%100, region, serial)
	return first + string(CheckDigit(first)), nil
}
