package i18n

// ipTexts are the individual entrepreneur's cabinet and the registry
// officer's desk: error codes (shared/ip), journal events, the status
// reason of a mismatch with ЕГРИП, notices of filings, and the names of
// regimes, forms, statuses and refusal reasons.
var ipTexts = map[string]Text{
	"err.ip_not_confirmed":     {"Кабинет ИП доступен с подтверждённой учётной записью. Подтвердите личность в центре обслуживания или электронной подписью.", "The ИП cabinet needs a confirmed account. Confirm your identity at a service centre or with an electronic signature."},
	"err.ip_no_factor":         {"Для кабинета ИП нужен второй фактор входа. Добавьте его в разделе «Безопасность».", "The ИП cabinet needs a second sign-in factor. Add one under «Security»."},
	"err.ip_not_registered":    {"По вашему ИНН в ЕГРИП нет индивидуального предпринимателя. Зарегистрироваться можно заявлением Р21001.", "Your ИНН names no individual entrepreneur in ЕГРИП. You can register with form Р21001."},
	"err.ip_account_limited":   {"Пока учётная запись не подтверждена, доступна только справочная информация.", "Until your account is confirmed, only reference information is available."},
	"err.ip_needs_update":      {"Данные профиля нужно обновить. Исправьте их в профиле или подайте заявление Р24001.", "Your profile data must be updated. Correct them in your profile or file form Р24001."},
	"err.ip_already_active":    {"Вы уже зарегистрированы как индивидуальный предприниматель: повторная регистрация невозможна.", "You are already registered as an individual entrepreneur: you cannot register again."},
	"err.ip_excluded_recently": {"Регистрация невозможна: не прошло трёх лет после исключения из ЕГРИП.", "Registration is not possible: three years have not passed since the exclusion from ЕГРИП."},
	"err.ip_not_active":        {"Заявление подаёт действующий индивидуальный предприниматель.", "This form is filed by an active individual entrepreneur."},
	"err.ip_inn_not_own":       {"Укажите свой ИНН — тот, что в профиле. Если ИНН в профиле неверен, сначала исправьте профиль.", "Give your own ИНН, the one in your profile. If the profile's ИНН is wrong, correct the profile first."},
	"err.ip_filing_state":      {"Заявление сейчас в другом статусе; обновите страницу.", "The filing is in another status now; reload the page."},
	"err.ip_filing_decided":    {"По заявлению уже принято решение другим сотрудником.", "Another officer has already decided this filing."},
	"err.ip_form_unknown":      {"Неизвестная форма заявления", "Unknown form"},
	"err.okved_format":         {"Код ОКВЭД — от 2 до 6 цифр с точками, например 62.01", "An ОКВЭД code has 2 to 6 digits with dots, such as 62.01"},
	"err.okved_unknown":        {"Такого кода нет в классификаторе ОКВЭД2", "The ОКВЭД2 classifier has no such code"},
	"err.okved_twice":          {"Код указан дважды", "The code is listed twice"},
	"err.okved_too_many":       {"Слишком много кодов ОКВЭД", "Too many ОКВЭД codes"},
	"err.regime_unknown":       {"Выберите режим налогообложения из списка", "Choose a tax regime from the list"},
	"err.region_format":        {"Код региона — две цифры, например 77", "A region's code has two digits, such as 77"},
	"err.ip_no_changes":        {"Укажите хотя бы одно изменение", "Give at least one change"},
	"err.ip_not_acknowledged":  {"Подтвердите, что прочитали предупреждения", "Confirm that you have read the warnings"},
	"err.ip_refusal_reason":    {"Выберите основание отказа из списка", "Choose a ground of refusal from the list"},

	"reason.egrip_mismatch": {"Данные профиля расходятся с ЕГРИП. Исправьте профиль или подайте заявление Р24001 и повторите проверку.", "Your profile differs from ЕГРИП. Correct the profile or file form Р24001, then check again."},

	"event.ip.checked":           {"Данные сверены с ЕГРИП: совпадают", "Data checked against ЕГРИП: they agree"},
	"event.ip.mismatch":          {"Данные расходятся с ЕГРИП", "Data differ from ЕГРИП"},
	"event.ip.filing_submitted":  {"Заявление в ЕГРИП подписано и отправлено", "ЕГРИП filing signed and submitted"},
	"event.ip.filing_answered":   {"Дополнения к заявлению отправлены", "Additions to the filing sent"},
	"event.ip.filing_in_review":  {"Заявление принято на рассмотрение", "Filing taken into review"},
	"event.ip.filing_registered": {"Изменения внесены в ЕГРИП", "The change was entered into ЕГРИП"},
	"event.ip.filing_refused":    {"Отказ в регистрации", "Registration refused"},
	"event.ip.filing_additions":  {"По заявлению требуются дополнения", "The filing needs additions"},

	"inbox.cat.ip.filing":      {"Заявления в ЕГРИП", "ЕГРИП filings"},
	"inbox.cat.ip.filing.hint": {"Решения и вопросы регистрирующего органа по вашим заявлениям", "The registry's decisions and questions on your filings"},

	"msg.ip.submitted.title":  {"Заявление %[1]s отправлено", "Filing %[1]s submitted"},
	"msg.ip.submitted.body":   {"Заявление %[1]s (%[2]s) подписано и отправлено. Срок рассмотрения — до %[3]s.", "Filing %[1]s (%[2]s) was signed and submitted. It will be decided by %[3]s."},
	"msg.ip.in_review.title":  {"Заявление %[1]s на рассмотрении", "Filing %[1]s in review"},
	"msg.ip.in_review.body":   {"Регистрирующий орган рассматривает заявление %[1]s (%[2]s).", "The registry is reviewing filing %[1]s (%[2]s)."},
	"msg.ip.registered.title": {"Заявление %[1]s: запись внесена в ЕГРИП", "Filing %[1]s: entered into ЕГРИП"},
	"msg.ip.registered.body":  {"По заявлению %[1]s (%[2]s) в ЕГРИП внесена запись ГРНИП %[3]s. ОГРНИП: %[4]s. Лист записи с QR-кодом для проверки — в карточке заявления.", "Filing %[1]s (%[2]s) made the ЕГРИП entry ГРНИП %[3]s. ОГРНИП: %[4]s. The record sheet, with a QR code to verify it, is on the filing's page."},
	"msg.ip.refused.title":    {"Заявление %[1]s: отказ", "Filing %[1]s: refused"},
	"msg.ip.refused.body":     {"По заявлению %[1]s (%[2]s) принято решение об отказе. Основание: %[3]s. %[4]s Решение — в карточке заявления.", "Filing %[1]s (%[2]s) was refused. Ground: %[3]s. %[4]s The decision is on the filing's page."},
	"msg.ip.additions.title":  {"Заявление %[1]s: требуются дополнения", "Filing %[1]s: additions needed"},
	"msg.ip.additions.body":   {"По заявлению %[1]s (%[2]s) регистрирующий орган просит дополнить: %[3]s", "On filing %[1]s (%[2]s) the registry asks for additions: %[3]s"},

	"ip.form.P21001": {"Р21001 — регистрация ИП", "Р21001 — registration as an ИП"},
	"ip.form.P24001": {"Р24001 — изменение сведений об ИП", "Р24001 — changes to the ИП's record"},
	"ip.form.P26001": {"Р26001 — прекращение деятельности ИП", "Р26001 — the ИП stops"},

	"ip.status.draft":      {"Черновик", "Draft"},
	"ip.status.submitted":  {"Отправлено", "Submitted"},
	"ip.status.in_review":  {"На рассмотрении", "In review"},
	"ip.status.registered": {"Зарегистрировано", "Registered"},
	"ip.status.refused":    {"Отказ", "Refused"},
	"ip.status.additions":  {"Требуются дополнения", "Additions needed"},

	"ip.record.active":    {"Действующий", "Active"},
	"ip.record.closed":    {"Прекратил деятельность", "Stopped"},
	"ip.record.excluding": {"В процессе исключения", "Being excluded"},

	"ip.regime.usn6":  {"УСН «доходы», 6 %%", "Simplified, income, 6 %%"},
	"ip.regime.usn15": {"УСН «доходы минус расходы», 15 %%", "Simplified, income less expenses, 15 %%"},
	"ip.regime.psn":   {"Патентная система (ПСН)", "Patent (ПСН)"},
	"ip.regime.osno":  {"Общая система (ОСНО)", "General regime (ОСНО)"},
	"ip.regime.npd":   {"Налог на профессиональный доход (НПД)", "Professional income tax (НПД)"},

	"ip.refusal.documents_missing":  {"Не представлены необходимые документы", "Required documents are missing"},
	"ip.refusal.wrong_authority":    {"Документы представлены в ненадлежащий регистрирующий орган", "Filed with the wrong registry office"},
	"ip.refusal.already_registered": {"Физическое лицо уже зарегистрировано как ИП", "The person is already registered as an ИП"},
	"ip.refusal.court_ban":          {"Действует запрет заниматься предпринимательской деятельностью", "A ban on business activity is in force"},
	"ip.refusal.excluded_recently":  {"Не истёк срок после исключения из ЕГРИП", "Too soon after an exclusion from ЕГРИП"},
	"ip.refusal.unreliable_data":    {"Представлены недостоверные сведения", "The data given are unreliable"},
	"ip.refusal.signature_invalid":  {"Заявление подписано неуполномоченным лицом", "Signed by a person not entitled to"},

	"ip.warning.ens_unknown":  {"Проверьте сальдо единого налогового счёта: задолженность не мешает закрытию, но остаётся за вами как за физическим лицом.", "Check your single tax account: a debt does not stop the closure but stays yours as a person."},
	"ip.warning.open_filings": {"У вас есть заявления на рассмотрении: после закрытия они будут отклонены.", "You have filings in review: they will be refused after the closure."},
}
