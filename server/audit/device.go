package audit

import (
	"regexp"
	"strings"
)

var browserRE = []struct {
	name string
	re   *regexp.Regexp
}{
	{"Яндекс Браузер", regexp.MustCompile(`YaBrowser/(\d+)`)},
	{"Edge", regexp.MustCompile(`Edg/(\d+)`)},
	{"Opera", regexp.MustCompile(`OPR/(\d+)`)},
	{"Firefox", regexp.MustCompile(`Firefox/(\d+)`)},
	{"Chrome", regexp.MustCompile(`(?:HeadlessChrome|Chrome|CriOS)/(\d+)`)},
	{"Safari", regexp.MustCompile(`Version/(\d+).*Safari/`)},
}

var systems = []struct{ marker, name string }{
	{"Android", "Android"}, {"iPhone", "iPhone"}, {"iPad", "iPad"},
	{"Windows", "Windows"}, {"Mac OS X", "macOS"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"},
}

// DeviceName turns a User-Agent into a short "Browser N, System" a person
// recognises, or "" when there is nothing to say.
func DeviceName(ua string) string {
	if ua == "" {
		return ""
	}
	browser := ""
	for _, b := range browserRE {
		if m := b.re.FindStringSubmatch(ua); m != nil {
			browser = b.name + " " + m[1]
			break
		}
	}
	system := ""
	for _, s := range systems {
		if strings.Contains(ua, s.marker) {
			system = s.name
			break
		}
	}
	switch {
	case browser != "" && system != "":
		return browser + ", " + system
	case browser != "":
		return browser
	case system != "":
		return system
	}
	if len(ua) > 60 {
		ua = ua[:60] + "…"
	}
	return ua
}
