package i18n

// sessionTexts: re-authentication before sensitive changes, the limit of
// sessions, staff ending a person's sessions, and the request to remove
// lost second factors.
var sessionTexts = map[string]Text{

	"event.auth.reauth":          {"Пароль введён повторно для важного действия", "Password entered again for a sensitive action"},
	"event.auth.session_limit":   {"Старый сеанс завершён: открыто слишком много сеансов", "An old session ended: too many sessions were open"},
	"event.auth.reset_requested": {"Подана заявка: нет доступа к второму фактору", "Request filed: no access to the second factor"},
	"event.auth.reset_approved":  {"Вторые факторы сняты после проверки паспорта", "Second factors removed after a passport check"},
	"event.auth.reset_rejected":  {"Заявка на снятие второго фактора отклонена", "Request to remove the second factor refused"},

	"msg.session_limit.subject": {"Завершён старый сеанс", "An old session was signed out"},
	"msg.session_limit.body": {
		"В кабинете одновременно может быть открыто не больше %d сеансов. После нового входа завершён сеанс, которым дольше всего не пользовались: %s.\n\nЕсли новый вход были не вы, завершите его и смените пароль: %s",
		"At most %d sessions may be open at once. After a new sign-in the session unused the longest was signed out: %s.\n\nIf the new sign-in was not you, sign it out and change your password: %s"},
	"msg.session_limit.sms": {"Кабинет: открыто больше %d сеансов, завершён старый: %s. Если вход не ваш — смените пароль.", "Kabinet: over %d sessions open, an old one ended: %s. If the sign-in was not you, change your password."},

	"msg.sessions_by_staff.subject": {"Сотрудник завершил ваши сеансы", "Staff signed your sessions out"},
	"msg.sessions_by_staff.body": {
		"%s сотрудник Кабинета завершил %s. Учётная запись не заблокирована: войдите снова, когда понадобится.\n\nСеансы и устройства: %s",
		"On %s a Kabinet officer signed out %s. The account is not blocked: sign in again when you need to.\n\nSessions and devices: %s"},
	"msg.sessions_by_staff.sms": {"Кабинет: %s сотрудник завершил %s. Учётная запись не заблокирована.", "Kabinet: on %s an officer signed out %s. The account is not blocked."},
	"msg.sessions_by_staff.one": {"один сеанс", "one session"},
	"msg.sessions_by_staff.all": {"все сеансы", "every session"},

	"msg.reset_filed.subject": {"Заявка: нет доступа к второму фактору", "Request: no access to the second factor"},
	"msg.reset_filed.body": {
		"%s после верного пароля подана заявка снять со входа все вторые факторы (устройство: %s, IP %s). Её выполнят только после проверки паспорта в центре обслуживания.\n\nЕсли это были не вы, ваш пароль известен кому-то ещё: срочно смените его, заявка будет отклонена. Восстановление пароля: %s",
		"On %s, after the right password, a request was filed to remove every second factor (device: %s, IP %s). It is carried out only after a passport check at a service centre.\n\nIf it was not you, someone else knows your password: change it now and the request will be refused. Password recovery: %s"},
	"msg.reset_filed.sms":        {"Кабинет: %s подана заявка снять второй фактор. Если это не вы — смените пароль: ваш пароль известен другому.", "Kabinet: on %s a request to remove the second factor was filed. If not you, change your password: someone knows it."},
	"msg.reset_approved.subject": {"Вторые факторы сняты", "Second factors removed"},
	"msg.reset_approved.body": {
		"%s после проверки паспорта в центре обслуживания со входа сняты все вторые факторы: приложение-аутентификатор, SMS-коды, ключи доступа, резервные коды. Все сеансы завершены.\n\nВойдите с паролем и сразу подключите второй фактор заново: %s",
		"On %s, after a passport check at a service centre, every second factor was removed: the authenticator app, SMS codes, passkeys, recovery codes. Every session was signed out.\n\nSign in with your password and set up a second factor again at once: %s"},
	"msg.reset_approved.sms":     {"Кабинет: %s после проверки паспорта сняты все вторые факторы и завершены сеансы. Подключите второй фактор заново.", "Kabinet: on %s after a passport check every second factor was removed and sessions ended. Set one up again."},
	"msg.reset_rejected.subject": {"Заявка на снятие второго фактора отклонена", "Request to remove the second factor refused"},
	"msg.reset_rejected.body": {
		"%s заявка снять вторые факторы отклонена. Причина: %s\n\nВторые факторы и сеансы не изменились.",
		"On %s the request to remove the second factors was refused. Reason: %s\n\nThe second factors and sessions are unchanged."},
	"msg.reset_rejected.sms": {"Кабинет: %s заявка снять второй фактор отклонена. Причина: %s", "Kabinet: on %s the request to remove the second factor was refused. Reason: %s"},

	"reauth.title":   {"Введите пароль ещё раз", "Enter your password again"},
	"reauth.lead":    {"Это важное действие. Подтвердите, что это вы: введите пароль от Кабинета.", "This is a sensitive action. Confirm it is you: enter your Kabinet password."},
	"reauth.confirm": {"Подтвердить", "Confirm"},

	"lostFactor.link":   {"Нет доступа к второму фактору", "No access to the second factor"},
	"lostFactor.title":  {"Нет доступа к второму фактору", "No access to the second factor"},
	"lostFactor.lead":   {"Если потерян телефон с приложением-аутентификатором и резервные коды, подайте заявку. Её выполнят только после проверки паспорта лично в центре обслуживания — так же, как подтверждали вашу личность. Тогда со входа снимут все вторые факторы и завершат все сеансы; войдёте по паролю и подключите второй фактор заново.", "If you lost the phone with the authenticator app and the recovery codes, file a request. It is carried out only after a passport check in person at a service centre, as your identity was confirmed. Then every second factor is removed and every session ended; you sign in with the password and set up a second factor again."},
	"lostFactor.notice": {"О заявке сразу узнают ваш телефон и почта.", "Your phone and e-mail are told of the request at once."},
	"lostFactor.submit": {"Подать заявку", "File the request"},
	"lostFactor.back":   {"Вернуться ко входу", "Back to sign-in"},
	"lostFactor.done":   {"Заявка подана. Приходите с паспортом в центр обслуживания. Сообщения о заявке отправлены на ваш телефон и почту.", "The request is filed. Come to a service centre with your passport. Notices of the request were sent to your phone and e-mail."},

	"office.resets.title":    {"Заявки: нет доступа к второму фактору", "Requests: no access to the second factor"},
	"office.resets.lead":     {"Выполняйте заявку только после проверки паспорта лично: человек должен быть перед вами. Подтверждение электронной подписью пока не поддерживается.", "Carry out a request only after checking the passport in person: the person must be in front of you. Confirmation by an electronic signature is not supported yet."},
	"office.resets.empty":    {"Заявок нет", "No requests"},
	"office.resets.person":   {"Человек", "Person"},
	"office.resets.filed":    {"Подана", "Filed"},
	"office.resets.from":     {"Откуда", "From"},
	"office.resets.document": {"Проверенный паспорт (серия и номер)", "Passport checked (series and number)"},
	"office.resets.reason":   {"Причина отказа", "Reason for refusal"},
	"office.resets.approve":  {"Паспорт проверен — снять факторы", "Passport checked — remove the factors"},
	"office.resets.reject":   {"Отклонить", "Refuse"},
	"office.resets.approved": {"Вторые факторы сняты, сеансы завершены, человек уведомлён", "Second factors removed, sessions ended, the person told"},
	"office.resets.rejected": {"Заявка отклонена, человек уведомлён", "Request refused, the person told"},

	"office.sessions.title":    {"Сеансы", "Sessions"},
	"office.sessions.empty":    {"Открытых сеансов нет", "No open sessions"},
	"office.sessions.end":      {"Завершить", "Sign out"},
	"office.sessions.endAll":   {"Завершить все сеансы", "Sign out every session"},
	"office.sessions.ended":    {"Сеанс завершён, человек уведомлён", "The session was signed out, the person told"},
	"office.sessions.endedAll": {"Все сеансы завершены, человек уведомлён", "Every session was signed out, the person told"},
	"office.sessions.note":     {"Учётная запись не блокируется: человек может войти снова.", "The account is not blocked: the person can sign in again."},
}
