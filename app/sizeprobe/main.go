package main
import ("github.com/maxence-charriere/go-app/v10/pkg/app"; "kabinet/shared/i18n")
func main() { println(i18n.T("ru","x")); app.RunWhenOnBrowser() }
