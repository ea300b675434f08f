<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="uk_UA">
<context>
    <name>CallerPopup</name>
    <message>
        <source>Dismiss</source>
        <extracomment>``save_note(text, contact_id, number)`` -&gt; the outbox&apos;s verdict (``NoteSender.submit``).</extracomment>
        <translation>Закрити</translation>
    </message>
    <message>
        <source>Note about this call…</source>
        <translation>Нотатка про цей дзвінок…</translation>
    </message>
    <message>
        <source>Save note</source>
        <translation>Зберегти нотатку</translation>
    </message>
    <message>
        <source>Save the note to the contact (Ctrl+Enter)</source>
        <translation>Зберегти нотатку в контакті (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Покласти слухавку</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Нотатка</translation>
    </message>
    <message>
        <source>Open in CRM</source>
        <translation>Відкрити в CRM</translation>
    </message>
    <message>
        <source>Add contact</source>
        <translation>Додати контакт</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Копіювати</translation>
    </message>
    <message>
        <source>Copy the number</source>
        <translation>Скопіювати номер</translation>
    </message>
    <message>
        <source>Answered by %1</source>
        <translation>Прийнято: %1</translation>
    </message>
    <message>
        <source>Answered by a colleague</source>
        <translation>Прийнято колегою</translation>
    </message>
    <message>
        <source>Call ended · %1</source>
        <translation>Дзвінок завершено · %1</translation>
    </message>
    <message>
        <source>Missed call</source>
        <translation>Пропущений дзвінок</translation>
    </message>
    <message>
        <source>Not answered</source>
        <translation>Без відповіді</translation>
    </message>
    <message>
        <source>Could not hang up: %1</source>
        <translation>Не вдалося завершити дзвінок: %1</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Вхідний дзвінок</translation>
    </message>
    <message>
        <source>Outgoing call</source>
        <translation>Вихідний дзвінок</translation>
    </message>
    <message>
        <source>Internal call</source>
        <translation>Внутрішній дзвінок</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Дзвінок</translation>
    </message>
    <message>
        <source>Unknown number</source>
        <translation>Невідомий номер</translation>
    </message>
    <message>
        <source>Operator: %1</source>
        <translation>Оператор: %1</translation>
    </message>
    <message>
        <source>Colleague</source>
        <translation>Колега</translation>
    </message>
    <message>
        <source>Ext. %1</source>
        <translation>Внутр. %1</translation>
    </message>
    <message>
        <source>Line: %1</source>
        <translation>Лінія: %1</translation>
    </message>
    <message>
        <source>Also: %1</source>
        <translation>Також: %1</translation>
    </message>
    <message numerus="yes">
        <source>+%n more match(es)</source>
        <translation>
            <numerusform>+ще %n збіг</numerusform>
            <numerusform>+ще %n збіги</numerusform>
            <numerusform>+ще %n збігів</numerusform>
        </translation>
    </message>
    <message>
        <source>Transferred to %1</source>
        <translation>Переведено на %1</translation>
    </message>
    <message>
        <source>Transferred to a colleague</source>
        <translation>Переведено на колегу</translation>
    </message>
    <message>
        <source>Hanging up…</source>
        <translation>Завершення дзвінка…</translation>
    </message>
    <message>
        <source>Only web links (http, https) can be opened</source>
        <translation>Відкривати можна лише вебпосилання (http, https)</translation>
    </message>
    <message>
        <source>Adding…</source>
        <translation>Додавання…</translation>
    </message>
    <message>
        <source>The CRM could not be reached.</source>
        <translation>Не вдалося зв’язатися з CRM.</translation>
    </message>
    <message>
        <source>Not in the CRM yet.</source>
        <translation>Цього номера ще немає в CRM.</translation>
    </message>
    <message>
        <source>CRM CONTACT</source>
        <translation>КОНТАКТ У CRM</translation>
    </message>
    <message>
        <source>NOTES</source>
        <translation>НОТАТКИ</translation>
    </message>
    <message>
        <source>RECENT CALLS</source>
        <translation>ОСТАННІ ДЗВІНКИ</translation>
    </message>
    <message>
        <source>No details recorded.</source>
        <translation>Подробиць не записано.</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>Вхідний</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>Вихідний</translation>
    </message>
    <message>
        <source>Internal</source>
        <translation>Внутрішній</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Прийнятий</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Пропущений</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>Без відповіді</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Зайнято</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Помилка</translation>
    </message>
    <message>
        <source>Network busy</source>
        <translation>Мережа перевантажена</translation>
    </message>
    <message>
        <source>Ringing · %1</source>
        <translation>Дзвонить · %1</translation>
    </message>
    <message>
        <source>Talking · %1</source>
        <translation>Розмова · %1</translation>
    </message>
    <message>
        <source>Ended · %1</source>
        <translation>Завершено · %1</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Завершено</translation>
    </message>
    <message>
        <source>The note is not saved. Press × again to discard it.</source>
        <translation>Нотатку не збережено. Натисніть × ще раз, щоб її відкинути.</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Скопійовано</translation>
    </message>
    <message>
        <source>Saving the note…</source>
        <translation>Збереження нотатки…</translation>
    </message>
    <message>
        <source>Note saved.</source>
        <translation>Нотатку збережено.</translation>
    </message>
    <message>
        <source>New note</source>
        <translation>Нова нотатка</translation>
    </message>
    <message>
        <source>Saved offline — will be sent when the PBX is back</source>
        <translation>Збережено локально — буде надіслано, щойно АТС стане доступною</translation>
    </message>
    <message>
        <source>The note was not saved: %1</source>
        <translation>Нотатку не збережено: %1</translation>
    </message>
</context>
<context>
    <name>CandidateModel</name>
    <message>
        <source>Contact</source>
        <extracomment>``dial(number)`` with the normalised number (E.164 or an extension) -&gt; the call&apos;s uuid</extracomment>
        <translation>Контакт</translation>
    </message>
    <message>
        <source>Colleague</source>
        <translation>Колега</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>Нещодавні</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Ext. %1</source>
        <translation>Внутр. %1</translation>
    </message>
</context>
<context>
    <name>CrashHandler</name>
    <message>
        <source>Vega Desktop: something went wrong</source>
        <translation>Vega Desktop: щось пішло не так</translation>
    </message>
    <message>
        <source>An unexpected error occurred; the app keeps running. The details were written to the log file.</source>
        <translation>Сталася неочікувана помилка; програма продовжує працювати. Подробиці записано в журнал.</translation>
    </message>
</context>
<context>
    <name>DialWindow</name>
    <message>
        <source>Dial</source>
        <translation>Набрати</translation>
    </message>
    <message>
        <source>Name, extension or number</source>
        <translation>Ім’я, внутрішній або телефонний номер</translation>
    </message>
    <message>
        <source>Enter dials the highlighted entry · ↑↓ choose · Esc closes</source>
        <translation>Enter — набрати вибране · ↑↓ — вибір · Esc — закрити</translation>
    </message>
    <message>
        <source>Your phone rings first — pick it up to connect</source>
        <translation>Спершу задзвонить ваш телефон — зніміть слухавку, щоб з’єднатися</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>З’єднано з %1</translation>
    </message>
    <message>
        <source>Call ended</source>
        <translation>Дзвінок завершено</translation>
    </message>
    <message>
        <source>The call was not answered</source>
        <translation>На дзвінок не відповіли</translation>
    </message>
    <message>
        <source>Search is unavailable right now.</source>
        <translation>Пошук зараз недоступний.</translation>
    </message>
    <message>
        <source>Not a phone number: %1</source>
        <translation>Це не номер телефону: %1</translation>
    </message>
    <message>
        <source>Type a name, an extension or a number.</source>
        <translation>Введіть ім’я, внутрішній або телефонний номер.</translation>
    </message>
    <message>
        <source>Calling %1…</source>
        <translation>Дзвінок на %1…</translation>
    </message>
    <message>
        <source>Cannot reach the PBX: %1</source>
        <translation>Немає зв’язку з АТС: %1</translation>
    </message>
    <message>
        <source>The PBX did not place the call: %1</source>
        <translation>АТС не здійснила дзвінок: %1</translation>
    </message>
    <message>
        <source>Dialling failed: %1</source>
        <translation>Не вдалося набрати номер: %1</translation>
    </message>
</context>
<context>
    <name>PopupStack</name>
    <message>
        <source>Show fewer</source>
        <translation>Показати менше</translation>
    </message>
    <message numerus="yes">
        <source>+%n more call(s)</source>
        <translation>
            <numerusform>+ще %n дзвінок</numerusform>
            <numerusform>+ще %n дзвінки</numerusform>
            <numerusform>+ще %n дзвінків</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Vega Desktop settings</source>
        <translation>Налаштування Vega Desktop</translation>
    </message>
    <message>
        <source>acme.pbx.vega.ua</source>
        <translation>acme.pbx.vega.ua</translation>
    </message>
    <message>
        <source>optional, e.g. https://acme.pbx.vega.ua</source>
        <translation>необов’язково, наприклад https://acme.pbx.vega.ua</translation>
    </message>
    <message>
        <source>The API key is kept in the system keyring; use Sign out to change it.</source>
        <translation>API-ключ зберігається в системному сховищі паролів; щоб змінити його, вийдіть з облікового запису.</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Обліковий запис</translation>
    </message>
    <message>
        <source>PBX domain:</source>
        <translation>Домен АТС:</translation>
    </message>
    <message>
        <source>Server URL:</source>
        <translation>Адреса сервера:</translation>
    </message>
    <message>
        <source>Your extension:</source>
        <translation>Ваш внутрішній номер:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <source>Supervisor mode: follow every call of the company</source>
        <translation>Режим супервізора: стежити за всіма дзвінками компанії</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Дзвінки</translation>
    </message>
    <message>
        <source>Check for calls every:</source>
        <translation>Перевіряти дзвінки кожні:</translation>
    </message>
    <message>
        <source>Top left</source>
        <translation>Угорі ліворуч</translation>
    </message>
    <message>
        <source>Top right</source>
        <translation>Угорі праворуч</translation>
    </message>
    <message>
        <source>Bottom left</source>
        <translation>Унизу ліворуч</translation>
    </message>
    <message>
        <source>Bottom right</source>
        <translation>Унизу праворуч</translation>
    </message>
    <message>
        <source>Incoming calls</source>
        <translation>Вхідні дзвінки</translation>
    </message>
    <message>
        <source>Outgoing calls</source>
        <translation>Вихідні дзвінки</translation>
    </message>
    <message>
        <source>Internal calls</source>
        <translation>Внутрішні дзвінки</translation>
    </message>
    <message>
        <source>With every kind switched off no popups appear (desk-phone mode).</source>
        <translation>Якщо вимкнути всі види, картки не з’являтимуться (режим настільного телефона).</translation>
    </message>
    <message>
        <source>Caller popups</source>
        <translation>Картки дзвінків</translation>
    </message>
    <message>
        <source>Screen corner:</source>
        <translation>Кут екрана:</translation>
    </message>
    <message>
        <source>Close after the call ends:</source>
        <translation>Закривати після завершення дзвінка через:</translation>
    </message>
    <message>
        <source>Show popups for:</source>
        <translation>Показувати картки для:</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Мова системи</translation>
    </message>
    <message>
        <source>A new language applies at once to the tray menu and to windows opened afterwards; restart the app to apply it everywhere.</source>
        <translation>Нова мова одразу застосовується до меню в системному лотку й до вікон, відкритих після цього; щоб застосувати її всюди, перезапустіть програму.</translation>
    </message>
    <message>
        <source>Start Vega Desktop when I log in</source>
        <translation>Запускати Vega Desktop під час входу в систему</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Загальні</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Мова:</translation>
    </message>
    <message>
        <source>Enter the PBX domain, for example acme.pbx.vega.ua.</source>
        <translation>Введіть домен АТС, наприклад acme.pbx.vega.ua.</translation>
    </message>
    <message>
        <source>The server URL must start with http:// or https://, or be left empty.</source>
        <translation>Адреса сервера має починатися з http:// або https:// чи бути порожньою.</translation>
    </message>
    <message>
        <source>The settings could not be saved: %1</source>
        <translation>Не вдалося зберегти налаштування: %1</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to Vega PBX</source>
        <translation>Вхід до АТС Vega</translation>
    </message>
    <message>
        <source>Enter your company&apos;s PBX domain and the API key from the PBX personal cabinet (Settings → Integration → Integration with another CRM system).</source>
        <translation>Введіть домен АТС вашої компанії та API-ключ з особистого кабінету АТС («Налаштування» → «Інтеграція» → «Інтеграція з іншою CRM системою»).</translation>
    </message>
    <message>
        <source>acme.pbx.vega.ua</source>
        <translation>acme.pbx.vega.ua</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Додатково</translation>
    </message>
    <message>
        <source>https://acme.pbx.vega.ua (optional)</source>
        <translation>https://acme.pbx.vega.ua (необов’язково)</translation>
    </message>
    <message>
        <source>Server URL:</source>
        <translation>Адреса сервера:</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-ключ</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Показати</translation>
    </message>
    <message>
        <source>Show or hide the key</source>
        <translation>Показати або приховати ключ</translation>
    </message>
    <message>
        <source>Check key</source>
        <translation>Перевірити ключ</translation>
    </message>
    <message>
        <source>Your extension:</source>
        <translation>Ваш внутрішній номер:</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Зберегти</translation>
    </message>
    <message>
        <source>PBX domain:</source>
        <translation>Домен АТС:</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API-ключ:</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Приховати</translation>
    </message>
    <message>
        <source>Enter the PBX domain, for example acme.pbx.vega.ua or just acme.</source>
        <translation>Введіть домен АТС, наприклад acme.pbx.vega.ua або просто acme.</translation>
    </message>
    <message>
        <source>The server URL must start with http:// or https://, or be left empty.</source>
        <translation>Адреса сервера має починатися з http:// або https:// чи бути порожньою.</translation>
    </message>
    <message>
        <source>Enter the API key.</source>
        <translation>Введіть API-ключ.</translation>
    </message>
    <message>
        <source>Checking the key…</source>
        <translation>Перевірка ключа…</translation>
    </message>
    <message>
        <source>Check cancelled.</source>
        <translation>Перевірку скасовано.</translation>
    </message>
    <message>
        <source>Unexpected error; see the log file for details.</source>
        <translation>Неочікувана помилка; подробиці — у журналі.</translation>
    </message>
    <message>
        <source>The key works. Choose your extension and press Save.</source>
        <translation>Ключ працює. Виберіть свій внутрішній номер і натисніть «Зберегти».</translation>
    </message>
    <message>
        <source>The PBX did not accept this domain and API key. Check both and try again.</source>
        <translation>АТС не прийняла цей домен і API-ключ. Перевірте їх і спробуйте ще раз.</translation>
    </message>
    <message>
        <source>Cannot reach %1. Check the domain, the server URL and your network connection.</source>
        <translation>Немає зв’язку з %1. Перевірте домен, адресу сервера й підключення до мережі.</translation>
    </message>
    <message>
        <source>The PBX answered with an error (%1). Try again in a minute.</source>
        <translation>АТС відповіла помилкою (%1). Спробуйте ще раз за хвилину.</translation>
    </message>
    <message>
        <source>The server at %1 does not answer like a Vega PBX.</source>
        <translation>Сервер %1 відповідає не так, як АТС Vega.</translation>
    </message>
    <message>
        <source>The check failed: %1</source>
        <translation>Перевірка не вдалася: %1</translation>
    </message>
    <message>
        <source>Choose your extension.</source>
        <translation>Виберіть свій внутрішній номер.</translation>
    </message>
    <message>
        <source>Saving the key in the system keyring…</source>
        <translation>Збереження ключа в системному сховищі паролів…</translation>
    </message>
    <message>
        <source>No secure keyring is available on this system. Install and unlock a Secret Service provider such as GNOME Keyring or KWallet.</source>
        <translation>У цій системі немає захищеного сховища паролів. Установіть і розблокуйте службу Secret Service, наприклад GNOME Keyring або KWallet.</translation>
    </message>
    <message>
        <source>The key could not be stored in the system keyring. Unlock the keyring and try again.</source>
        <translation>Не вдалося зберегти ключ у системному сховищі паролів. Розблокуйте сховище й спробуйте ще раз.</translation>
    </message>
    <message>
        <source>The settings could not be saved: %1</source>
        <translation>Не вдалося зберегти налаштування: %1</translation>
    </message>
</context>
<context>
    <name>StatusWindow</name>
    <message>
        <source>Vega Desktop</source>
        <translation>Vega Desktop</translation>
    </message>
    <message>
        <source>Dial…</source>
        <translation>Набрати…</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Меню</translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message>
        <source>Vega Desktop</source>
        <translation>Vega Desktop</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Вхід не виконано</translation>
    </message>
    <message>
        <source>The PBX did not accept the API key</source>
        <translation>АТС не прийняла API-ключ</translation>
    </message>
    <message>
        <source>Offline: %1</source>
        <translation>Немає зв’язку: %1</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Немає зв’язку</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Підключення до %1…</translation>
    </message>
    <message>
        <source>On a call: %1</source>
        <translation>Розмова: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n active call(s)</source>
        <translation>
            <numerusform>%n активний дзвінок</numerusform>
            <numerusform>%n активні дзвінки</numerusform>
            <numerusform>%n активних дзвінків</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n missed call(s)</source>
        <translation>
            <numerusform>%n пропущений дзвінок</numerusform>
            <numerusform>%n пропущені дзвінки</numerusform>
            <numerusform>%n пропущених дзвінків</numerusform>
        </translation>
    </message>
    <message>
        <source>Do not disturb: popups are off</source>
        <translation>Не турбувати: картки дзвінків вимкнено</translation>
    </message>
    <message>
        <source>Online: %1, ext. %2</source>
        <translation>У мережі: %1, внутр. %2</translation>
    </message>
    <message>
        <source>Online: %1</source>
        <translation>У мережі: %1</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>Увійти…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Вийти</translation>
    </message>
    <message>
        <source>Dial…</source>
        <translation>Набрати…</translation>
    </message>
    <message>
        <source>Dial number from clipboard</source>
        <translation>Набрати номер з буфера обміну</translation>
    </message>
    <message>
        <source>a call</source>
        <translation>дзвінок</translation>
    </message>
    <message>
        <source>Hang up %1</source>
        <translation>Покласти слухавку: %1</translation>
    </message>
    <message>
        <source>Missed calls (%1)</source>
        <translation>Пропущені дзвінки (%1)</translation>
    </message>
    <message>
        <source>Call back %1</source>
        <translation>Передзвонити: %1</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Не турбувати</translation>
    </message>
    <message>
        <source>No caller popups until switched off</source>
        <translation>Картки дзвінків не з’являтимуться, доки режим увімкнено</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Налаштування…</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Вийти з облікового запису</translation>
    </message>
    <message>
        <source>Offline — retrying</source>
        <translation>Немає зв’язку — повторна спроба</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Підключення…</translation>
    </message>
    <message>
        <source>Dial %1 from clipboard</source>
        <translation>Набрати %1 з буфера обміну</translation>
    </message>
</context>
<context>
    <name>VegaApp</name>
    <message>
        <source>The system keyring could not be read. Unlock it and sign in.</source>
        <translation>Не вдалося прочитати системне сховище паролів. Розблокуйте його та увійдіть.</translation>
    </message>
    <message>
        <source>Vega Desktop</source>
        <translation>Vega Desktop</translation>
    </message>
    <message>
        <source>The key could not be removed from the system keyring.</source>
        <translation>Не вдалося видалити ключ із системного сховища паролів.</translation>
    </message>
    <message>
        <source>The PBX did not accept the API key. Sign out and sign in with a new key.</source>
        <translation>АТС не прийняла API-ключ. Вийдіть з облікового запису й увійдіть із новим ключем.</translation>
    </message>
    <message>
        <source>Could not hang up</source>
        <translation>Не вдалося завершити дзвінок</translation>
    </message>
    <message>
        <source>The contact was not created: %1</source>
        <translation>Контакт не створено: %1</translation>
    </message>
    <message>
        <source>Sign in first, then try the call again.</source>
        <translation>Спершу увійдіть, а тоді повторіть дзвінок.</translation>
    </message>
    <message>
        <source>Cannot call</source>
        <translation>Не вдається зателефонувати</translation>
    </message>
    <message>
        <source>“%1” is not a phone number or an extension.</source>
        <translation>«%1» — не номер телефону й не внутрішній номер.</translation>
    </message>
    <message>
        <source>The call was not placed</source>
        <translation>Дзвінок не здійснено</translation>
    </message>
    <message>
        <source>Calling %1</source>
        <translation>Дзвінок на %1</translation>
    </message>
    <message>
        <source>Your phone rings first; pick it up to connect the call.</source>
        <translation>Спершу задзвонить ваш телефон; зніміть слухавку, щоб з’єднатися.</translation>
    </message>
</context>
</TS>
