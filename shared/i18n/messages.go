package i18n

// messageTexts holds the texts of e-mails and SMS the server sends. Format
// verbs are filled by the server (codes, minutes, dates, links).
var messageTexts = map[string]Text{
	"msg.code.change":             {"Код для смены контакта в Кабинете: %s. Действует %d минут. Никому не сообщайте его.", "Kabinet code to change your contact: %s. Valid for %d minutes. Never tell it to anyone."},
	"msg.code.change.subject":     {"Подтвердите новый адрес в Кабинете", "Confirm your new address in Kabinet"},
	"msg.contact_changed.subject": {"Электронная почта учётной записи изменена", "Your account's e-mail was changed"},
	"msg.contact_changed.body": {
		"%s электронная почта вашей учётной записи заменена на %s. Письма больше не будут приходить на этот адрес.\n\nЕсли это были не вы, срочно восстановите пароль: %s",
		"On %s your account's e-mail was replaced with %s. Mail will no longer come to this address.\n\nIf it was not you, recover your password now: %s"},
	"msg.contact_changed.sms":   {"Кабинет: %s номер телефона учётной записи заменён на %s. Если это не вы — срочно восстановите пароль.", "Kabinet: on %s your account's phone was replaced with %s. If it was not you, recover your password now."},
	"push.title":                {"Вход в Кабинет", "Sign-in to Kabinet"},
	"push.stepup.title":         {"Подтвердите действие в Кабинете", "Confirm an action in Kabinet"},
	"push.stepup.sign_document": {"Подписать документ «%s»? Просит %s, IP %s. Если это вы — откройте и выберите число с экрана.", "Sign the document «%s»? Asked by %s, IP %s. If it is you, open this and choose the number on the screen."},
	"push.body":                 {"Кто-то вводит ваш пароль: %s, IP %s. Если это вы — откройте и выберите число с экрана.", "Someone entered your password: %s, IP %s. If it is you, open this and choose the number on the screen."},
	"msg.code.sms_factor": {"Код для входа в Кабинет: %s. Действует %d минут. Никому не сообщайте его — сотрудники Кабинета никогда его не спрашивают.",
		"Kabinet sign-in code: %s. Valid for %d minutes. Never tell it to anyone: Kabinet staff never ask for it."},
	"msg.sms_factor_added.subject": {"Включены SMS-коды для входа", "SMS sign-in codes switched on"},
	"msg.sms_factor_added.body": {
		"%s для вашей учётной записи включены SMS-коды как второй фактор.\n\nЕсли это были не вы, срочно восстановите пароль: %s",
		"On %s SMS codes were switched on as a second factor for your account.\n\nIf it was not you, recover your password now: %s"},
	"msg.sms_factor_added.sms":       {"Кабинет: %s включены SMS-коды для входа. Если это не вы — восстановите пароль.", "Kabinet: SMS sign-in codes were switched on on %s. If it was not you, recover your password."},
	"msg.sms_factor_removed.subject": {"SMS-коды для входа отключены", "SMS sign-in codes switched off"},
	"msg.sms_factor_removed.body": {
		"%s для вашей учётной записи отключены SMS-коды как второй фактор.\n\nЕсли это были не вы, срочно восстановите пароль: %s",
		"On %s SMS codes were switched off as a second factor for your account.\n\nIf it was not you, recover your password now: %s"},
	"msg.sms_factor_removed.sms": {"Кабинет: %s отключены SMS-коды для входа. Если это не вы — восстановите пароль.", "Kabinet: SMS sign-in codes were switched off on %s. If it was not you, recover your password."},
	"msg.passkey_added.subject":  {"Добавлен ключ доступа", "Passkey added"},
	"msg.passkey_added.body": {
		"%s к вашей учётной записи добавлен ключ доступа. С ним можно входить без пароля — отпечатком, лицом или PIN-кодом устройства.\n\nЕсли это были не вы, срочно восстановите пароль и удалите ключ: %s",
		"On %s a passkey was added to your account. It signs you in without a password, with the device's fingerprint, face or PIN.\n\nIf it was not you, recover your password now and remove the passkey: %s"},
	"msg.passkey_added.sms":       {"Кабинет: %s добавлен ключ доступа. Если это не вы — восстановите пароль.", "Kabinet: a passkey was added on %s. If it was not you, recover your password."},
	"msg.passkey_removed.subject": {"Ключ доступа удалён", "Passkey removed"},
	"msg.passkey_removed.body": {
		"%s из вашей учётной записи удалён ключ доступа; войти с ним больше нельзя.\n\nЕсли это были не вы, срочно восстановите пароль: %s",
		"On %s a passkey was removed from your account; it no longer signs you in.\n\nIf it was not you, recover your password now: %s"},
	"msg.passkey_removed.sms":  {"Кабинет: %s удалён ключ доступа. Если это не вы — восстановите пароль.", "Kabinet: a passkey was removed on %s. If it was not you, recover your password."},
	"msg.factor_added.subject": {"Подключено приложение-аутентификатор", "Authenticator app set up"},
	"msg.factor_added.body": {
		"%s к вашей учётной записи подключено приложение-аутентификатор. Теперь при входе после пароля понадобится код из него.\n\nЕсли это были не вы, срочно восстановите пароль и проверьте защиту входа: %s",
		"On %s an authenticator app was set up for your account. Signing in now needs a code from it after the password.\n\nIf it was not you, recover your password now and check your sign-in security: %s"},
	"msg.factor_added.sms":       {"Кабинет: %s подключено приложение-аутентификатор. Если это не вы — восстановите пароль.", "Kabinet: an authenticator app was set up on %s. If it was not you, recover your password."},
	"msg.factor_removed.subject": {"Приложение-аутентификатор отключено", "Authenticator app removed"},
	"msg.factor_removed.body": {
		"%s от вашей учётной записи отключено приложение-аутентификатор и удалены резервные коды.\n\nЕсли это были не вы, срочно восстановите пароль: %s",
		"On %s the authenticator app and the recovery codes were removed from your account.\n\nIf it was not you, recover your password now: %s"},
	"msg.factor_removed.sms":       {"Кабинет: %s отключено приложение-аутентификатор. Если это не вы — восстановите пароль.", "Kabinet: the authenticator app was removed on %s. If it was not you, recover your password."},
	"msg.recovery_renewed.subject": {"Созданы новые резервные коды", "New recovery codes"},
	"msg.recovery_renewed.body": {
		"%s для вашей учётной записи созданы новые резервные коды; прежние больше не действуют.\n\nЕсли это были не вы, срочно восстановите пароль: %s",
		"On %s new recovery codes were made for your account; the old ones no longer work.\n\nIf it was not you, recover your password now: %s"},
	"msg.recovery_renewed.sms":  {"Кабинет: %s созданы новые резервные коды. Если это не вы — восстановите пароль.", "Kabinet: new recovery codes were made on %s. If it was not you, recover your password."},
	"msg.recovery_used.subject": {"Использован резервный код", "A recovery code was used"},
	"msg.recovery_used.body": {
		"%s для входа или подтверждения действия использован один из ваших резервных кодов. Каждый код действует один раз.\n\nЕсли это были не вы, срочно восстановите пароль и создайте новые коды: %s",
		"On %s one of your recovery codes was used to sign in or confirm an action. Each code works once.\n\nIf it was not you, recover your password and make new codes now: %s"},
	"msg.recovery_used.sms":  {"Кабинет: %s использован резервный код. Если это не вы — восстановите пароль.", "Kabinet: a recovery code was used on %s. If it was not you, recover your password."},
	"msg.new_device.subject": {"Вход с нового устройства", "Sign-in from a new device"},
	"msg.new_device.body": {
		"В вашу учётную запись вошли с устройства или из сети, откуда раньше не входили: %s, IP %s.\n\n" +
			"Если это были вы — ничего делать не нужно. Все ваши сеансы — в разделе «Сеансы и устройства»: %s\n" +
			"Если это были не вы — нажмите «Это не я — выйти везде»: все сеансы завершатся, а вход по паролю заблокируется до его смены.\n%s",
		"Someone signed in to your account from a device or network not seen before: %s, IP %s.\n\n" +
			"If it was you, there is nothing to do. All your sessions are under «Sessions and devices»: %s\n" +
			"If it was not you, open «Not me — sign out everywhere»: every session ends and password sign-in stays locked until you change it.\n%s"},
	"msg.new_device.sms": {
		"Кабинет: вход с нового устройства (%s, IP %s). Не вы? Выйти везде: %s",
		"Kabinet: sign-in from a new device (%s, IP %s). Not you? Sign out everywhere: %s"},
	"msg.qr_login.subject": {"Вход по QR-коду", "Sign-in by QR code"},
	"msg.qr_login.body": {
		"С вашего телефона разрешён вход в кабинет по QR-коду на устройстве: %s, IP %s. Все ваши сеансы — в разделе «Сеансы и устройства»: %s\n\n" +
			"Если это были не вы — нажмите «Это не я — выйти везде»: все сеансы завершатся, а вход по паролю заблокируется до его смены.\n%s",
		"Your phone allowed a sign-in by QR code on this device: %s, IP %s. All your sessions are under «Sessions and devices»: %s\n\n" +
			"If it was not you, open «Not me — sign out everywhere»: every session ends and password sign-in stays locked until you change it.\n%s"},
	"msg.qr_login.sms": {
		"Кабинет: вход по QR-коду (%s, IP %s). Не вы? Выйти везде: %s",
		"Kabinet: sign-in by QR code (%s, IP %s). Not you? Sign out everywhere: %s"},
	"reason.contacts_not_confirmed": {
		"Телефон или электронная почта ещё не подтверждены. Подтвердите их кодами — это займёт минуту.",
		"Your phone or e-mail is not confirmed yet. Confirm them with the codes we send: it takes a minute."},
	"reason.passport_expired": {
		"Паспорт, указанный в профиле, недействителен: его нужно было заменить в 20 или 45 лет. Укажите данные нового паспорта в профиле.",
		"The passport in your profile is no longer valid: it had to be replaced at 20 or 45. Enter your new passport in the profile."},

	"msg.register_attempt.sms": {
		"Кабинет: %s кто-то пытался зарегистрироваться с этим номером, но он уже привязан к учётной записи. Если это были вы — войдите или восстановите пароль. Код не отправлялся.",
		"Kabinet: on %s someone tried to register with this number, but it already belongs to an account. If it was you, sign in or recover your password. No code was sent."},
	"msg.register_attempt.subject": {"Попытка регистрации с вашей почтой", "An attempt to register with your e-mail"},
	"msg.register_attempt.body": {
		"%s кто-то пытался зарегистрироваться в Кабинете с этим адресом, но он уже привязан к учётной записи, поэтому код не отправлялся и новая учётная запись не создана.\n\nЕсли это были вы — войдите: %s\nЕсли не помните пароль — восстановите его: %s\n\nЕсли это были не вы, ничего делать не нужно.",
		"On %s someone tried to register with Kabinet using this address, but it already belongs to an account, so no code was sent and no account was created.\n\nIf it was you, sign in: %s\nIf you do not remember the password, recover it: %s\n\nIf it was not you, there is nothing to do."},
	"msg.contact_attempt.sms": {
		"Кабинет: %s кто-то пытался привязать этот номер к другой учётной записи, но он уже привязан к вашей. Номер остался за вами, код не отправлялся.",
		"Kabinet: on %s someone tried to add this number to another account, but it already belongs to yours. It stays yours; no code was sent."},
	"msg.contact_attempt.subject": {"Попытка привязать вашу почту к другой учётной записи", "An attempt to add your e-mail to another account"},
	"msg.contact_attempt.body": {
		"%s кто-то пытался привязать этот адрес к другой учётной записи Кабинета, но он уже привязан к вашей. Адрес остался за вами, код не отправлялся.\n\nЕсли это были вы и вторая учётная запись вам не нужна, ничего делать не нужно.",
		"On %s someone tried to add this address to another Kabinet account, but it already belongs to yours. It stays yours; no code was sent.\n\nIf it was you and you do not need the other account, there is nothing to do."},
	"msg.code.confirm.subject": {"Код подтверждения Кабинета", "Kabinet confirmation code"},
	"msg.code.confirm": {
		"Код подтверждения: %s. Он действует %d минут. Никому не сообщайте его — сотрудники Кабинета никогда его не спрашивают.",
		"Confirmation code: %s. It is valid for %d minutes. Do not share it: Kabinet staff never ask for it."},
	"msg.code.recover.subject": {"Восстановление пароля в Кабинете", "Kabinet password recovery"},
	"msg.code.recover": {
		"Код для восстановления пароля: %s. Он действует %d минут. Если вы не восстанавливаете пароль, ничего не делайте — пароль останется прежним.",
		"Password recovery code: %s. It is valid for %d minutes. If you did not ask to recover your password, do nothing: it stays unchanged."},
	"msg.code_left": {"Неверный код. Осталось попыток: %d", "Wrong code. Attempts left: %d"},

	"msg.locked.subject": {"Вход по паролю временно заблокирован", "Password sign-in temporarily locked"},
	"msg.locked.body": {
		"Кто-то %d раз подряд ввёл неверный пароль от вашей учётной записи. Вход по паролю заблокирован до %s.\n\n" +
			"Если это были вы — подождите или восстановите пароль, это снимет блокировку: %s\n" +
			"Если это были не вы — восстановите пароль и придумайте новый, которого нет на других сайтах.",
		"Someone entered a wrong password for your account %d times in a row. Password sign-in is locked until %s.\n\n" +
			"If it was you, wait or recover your password, which lifts the lock: %s\n" +
			"If it was not you, recover your password and choose a new one you use nowhere else."},
	"msg.locked.sms": {
		"Кабинет: неверных паролей подряд: %d. Вход по паролю заблокирован до %s. Восстановите пароль, чтобы снять блокировку.",
		"Kabinet: %d wrong passwords in a row. Password sign-in locked until %s. Recover your password to lift the lock."},

	"msg.factorLocked.subject": {"Кто-то знает ваш пароль: вход заблокирован", "Someone knows your password: sign-in locked"},
	"msg.factorLocked.body": {
		"Кто-то ввёл верный пароль от вашей учётной записи, а затем %d раз подряд — неверный код второго фактора. Вход заблокирован до %s.\n\n" +
			"Если это были не вы — ваш пароль известен посторонним: восстановите пароль и придумайте новый, это снимет блокировку: %s",
		"Someone entered the right password for your account and then a wrong second-factor code %d times in a row. Sign-in is locked until %s.\n\n" +
			"If it was not you, your password is known to someone else: recover it and choose a new one, which lifts the lock: %s"},
	"msg.factorLocked.sms": {
		"Кабинет: верный пароль и %d неверных кодов второго фактора подряд. Вход заблокирован до %s. Если это не вы — восстановите пароль.",
		"Kabinet: the right password and %d wrong second-factor codes in a row. Sign-in locked until %s. If it was not you, recover your password."},

	"msg.journalBroken.subject": {"Нарушена целостность журнала событий", "The event journal's integrity is broken"},
	"msg.journalBroken.body": {
		"Проверка журнала событий нашла записи, изменённые или удалённые в обход портала:\n\n%s\n\n" +
			"Кто-то получил доступ к базе данных на запись. Сохраните копию базы и журнала сервера, " +
			"проверьте доступ к серверу и выполните `kabinet journal verify`, чтобы увидеть все нарушения.",
		"The event journal's verification found entries changed or removed behind the portal's back:\n\n%s\n\n" +
			"Someone had write access to the database. Keep a copy of the database and the server log, " +
			"check who can reach the server, and run `kabinet journal verify` to see every break."},
	"msg.journalBroken.line": {"— журнал %s, запись № %d: %s", "— journal %s, entry no. %d: %s"},
	"msg.journalBroken.anchor": {"— весь журнал, записи до № %d (счёт, который сервер хранит вне базы): %s",
		"— the whole journal, entries up to no. %d (the count the server keeps outside the database): %s"},
	"msg.journalBroken.reason.changed": {"изменена", "changed"},
	"msg.journalBroken.reason.link":    {"перед ней удалены или вставлены записи", "entries removed or inserted before it"},
	"msg.journalBroken.reason.removed": {"удалены записи, проверенные ранее", "entries verified earlier removed"},
	"msg.journalBroken.reason.unkeyed": {"незащищённая запись после защищённых", "an unprotected entry after protected ones"},
	"msg.journalBroken.reason.check":   {"подделана отметка о проверке", "the verification record forged"},

	"msg.password_changed.subject": {"Пароль изменён", "Your password was changed"},
	"msg.password_changed.body": {
		"Пароль вашей учётной записи изменён %s. Другие сеансы завершены.\n\nЕсли это были не вы, срочно восстановите пароль: %s",
		"Your account's password was changed on %s. Other sessions were signed out.\n\nIf it was not you, recover your password now: %s"},
	"msg.password_changed.sms": {
		"Кабинет: пароль изменён %s. Если это были не вы, восстановите пароль.",
		"Kabinet: password changed on %s. If it was not you, recover your password."},
	"msg.password_reset.subject": {"Пароль восстановлен", "Your password was reset"},
	"msg.password_reset.body": {
		"Пароль вашей учётной записи восстановлен %s. Все сеансы завершены, блокировка входа снята.\n\nЕсли это были не вы, срочно восстановите пароль ещё раз: %s",
		"Your account's password was reset on %s. All sessions were signed out and any lock was lifted.\n\nIf it was not you, recover your password again now: %s"},
	"msg.password_reset.sms": {
		"Кабинет: пароль восстановлен %s. Если это были не вы, восстановите пароль ещё раз.",
		"Kabinet: password reset on %s. If it was not you, recover it again."},

	// The inbox and its e-mails (notify.Note): "<key>.title" and "<key>.body".
	"msg.notify.footer": {
		"Уведомления этой категории можно отключить одной кнопкой: %s",
		"You can switch this category off with one button: %s"},
	"msg.npd.notice.title": {"Налоговое уведомление: %[2]s до %[3]s", "Tax notice: %[2]s due by %[3]s"},
	"msg.npd.notice.body": {
		"Налог на профессиональный доход за период %s: %s. Оплатить до %s — по QR-коду или платёжному документу в кабинете.",
		"Professional income tax for %s: %s. Pay by %s, by the QR code or the payment document in the cabinet."},
	"msg.npd.due3.title": {"Через 3 дня срок уплаты налога", "Tax due in 3 days"},
	"msg.npd.due3.body": {
		"Осталось уплатить %s до %s (период %s). После срока начисляются пени.",
		"%s is still to be paid by %s (period %s). Penalties accrue after the due date."},
	"msg.npd.due1.title": {"Завтра срок уплаты налога", "Tax due tomorrow"},
	"msg.npd.due1.body": {
		"Осталось уплатить %s до %s (период %s). После срока начисляются пени.",
		"%s is still to be paid by %s (period %s). Penalties accrue after the due date."},
	"msg.npd.limit80.title": {"Доход достиг 80 %% годового лимита", "Income reached 80 %% of the yearly limit"},
	"msg.npd.limit80.body": {
		"Доход с начала года — %s из %s. Доход сверх лимита облагается уже не НПД.",
		"Income this year: %s of %s. Income over the limit is no longer НПД."},
	"msg.npd.limit90.title": {"Доход достиг 90 %% годового лимита", "Income reached 90 %% of the yearly limit"},
	"msg.npd.limit90.body": {
		"Доход с начала года — %s из %s. Подумайте заранее о другом режиме (ИП на УСН).",
		"Income this year: %s of %s. Consider another regime in good time (an ИП on УСН)."},
	"msg.npd.limit100.title": {"Годовой лимит дохода исчерпан", "The yearly income limit is reached"},
	"msg.npd.limit100.body": {
		"Доход с начала года — %s из %s. Чек, с которым доход превысит лимит, прекратит статус плательщика НПД: сумма сверх лимита облагается вне НПД, и на выбор другого режима будет 20 дней.",
		"Income this year: %s of %s. The receipt that takes the income over the limit ends the НПД status: the part over it is taxed outside НПД, and you will have 20 days to choose another regime."},
	"msg.npd.limitCrossed.title": {"Статус плательщика НПД прекращён: превышен лимит дохода", "Your НПД status has ended: the income limit is exceeded"},
	"msg.npd.limitCrossed.body": {
		"Доход с начала года — %[1]s при лимите %[2]s. Чек %[3]s сформирован, и с него вы сняты с учёта как плательщик НПД (причина — превышение лимита дохода). " +
			"Часть дохода сверх лимита, %[4]s, облагается вне НПД: если не перейти на другой режим, это НДФЛ, по нашим данным около %[6]s. " +
			"У вас 20 дней, до %[5]s включительно, чтобы уведомить налоговую о переходе на другой режим (например, УСН для ИП).",
		"Income this year: %[1]s against a limit of %[2]s. Receipt %[3]s was issued, and with it you were deregistered as an НПД payer (reason: income limit exceeded). " +
			"The part over the limit, %[4]s, is taxed outside НПД: without another regime that is personal income tax, by our data about %[6]s. " +
			"You have 20 days, until %[5]s inclusive, to tell the tax office you move to another regime (such as УСН for an ИП)."},
	"msg.npd.payment.title": {"Платёж получен: %s", "Payment received: %s"},
	"msg.npd.payment.body":  {"Поступил платёж %s от %s. Он учтён в карточке расчётов.", "A payment of %s made on %s was received and recorded in the ledger."},
}
