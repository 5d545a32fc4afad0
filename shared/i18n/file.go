package i18n

import (
	"errors"
	"strings"
)

// readFile calls set for each key and text of a file File made, in order.
// The texts share the one string the file is copied into.
func readFile(data []byte, set func(key, text string)) error {
	parts := strings.Split(string(data), "\x00")
	if len(parts)%2 != 1 || parts[len(parts)-1] != "" {
		return errors.New("i18n: the texts file is cut short")
	}
	for i := 0; i+1 < len(parts); i += 2 {
		set(parts[i], parts[i+1])
	}
	return nil
}
