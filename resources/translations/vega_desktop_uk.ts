<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="uk_UA">
<context>
    <name>CallBackDelegate</name>
    <message>
        <source>Calling…</source>
        <translation>Дзвінок…</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Передзвонити</translation>
    </message>
</context>
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
        <source>Open contact</source>
        <translation>Відкрити контакт</translation>
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
    <message>
        <source>Dial the number as typed</source>
        <translation>Набрати номер, як введено</translation>
    </message>
</context>
<context>
    <name>ColleagueModel</name>
    <message>
        <source>On a call · %1</source>
        <extracomment>``dial(ext)`` places a call to a colleague&apos;s extension.</extracomment>
        <translation>Розмовляє · %1</translation>
    </message>
    <message>
        <source>On a call</source>
        <translation>Розмовляє</translation>
    </message>
    <message>
        <source>Ringing · %1</source>
        <translation>Дзвонить · %1</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>Дзвонить</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Ім’я</translation>
    </message>
    <message>
        <source>Ext.</source>
        <translation>Внутр.</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Ел. пошта</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Стан</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Дзвінок</translation>
    </message>
</context>
<context>
    <name>ColleaguesPage</name>
    <message>
        <source>Filter by name, extension or e-mail</source>
        <translation>Фільтр за ім’ям, внутрішнім номером або ел. поштою</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Оновити</translation>
    </message>
    <message>
        <source>Calling %1…</source>
        <translation>Дзвінок на %1…</translation>
    </message>
    <message>
        <source>Loading colleagues…</source>
        <translation>Завантаження списку колег…</translation>
    </message>
    <message>
        <source>The list of colleagues is not available right now.</source>
        <translation>Список колег зараз недоступний.</translation>
    </message>
    <message>
        <source>Cannot reach the PBX.</source>
        <translation>Немає зв’язку з АТС.</translation>
    </message>
    <message>
        <source>The PBX did not place the call: %1</source>
        <translation>АТС не здійснила дзвінок: %1</translation>
    </message>
    <message>
        <source>Dialling failed: %1</source>
        <translation>Не вдалося набрати номер: %1</translation>
    </message>
    <message>
        <source>Calling %1 — your phone rings first.</source>
        <translation>Дзвінок на %1 — спершу задзвонить ваш телефон.</translation>
    </message>
</context>
<context>
    <name>ContactDetails</name>
    <message>
        <source>Edit</source>
        <translation>Редагувати</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Видалити</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(без імені)</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Ім’я</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Прізвище</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Компанія</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Створено</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Змінено</translation>
    </message>
    <message>
        <source>Responsible</source>
        <translation>Відповідальний</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Дзвінок</translation>
    </message>
    <message>
        <source>Call %1</source>
        <translation>Зателефонувати: %1</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Ел. пошта</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Категорія</translation>
    </message>
    <message>
        <source>work</source>
        <translation>робочий</translation>
    </message>
    <message>
        <source>mobile</source>
        <translation>мобільний</translation>
    </message>
</context>
<context>
    <name>ContactEditor</name>
    <message>
        <source>First name</source>
        <translation>Ім’я</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Прізвище</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Компанія</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Категорія</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>Телефони</translation>
    </message>
    <message>
        <source>Add phone</source>
        <translation>Додати телефон</translation>
    </message>
    <message>
        <source>E-mails</source>
        <translation>Ел. пошта</translation>
    </message>
    <message>
        <source>Add e-mail</source>
        <translation>Додати адресу</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Зберегти</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>Мобільний</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>Робочий</translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation>Номер телефону</translation>
    </message>
    <message>
        <source>Remove this phone</source>
        <translation>Видалити цей телефон</translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation>name@example.com</translation>
    </message>
    <message>
        <source>Remove this e-mail</source>
        <translation>Видалити цю адресу</translation>
    </message>
    <message>
        <source>New contact</source>
        <translation>Новий контакт</translation>
    </message>
    <message>
        <source>Edit contact</source>
        <translation>Редагування контакту</translation>
    </message>
    <message>
        <source>Also kept as they are: %1</source>
        <translation>Також залишаться без змін: %1</translation>
    </message>
    <message>
        <source>Phone %1 is not a valid phone number.</source>
        <translation>%1 — недійсний номер телефону.</translation>
    </message>
    <message>
        <source>Phone %1 is already listed.</source>
        <translation>Телефон %1 уже є в списку.</translation>
    </message>
    <message>
        <source>E-mail %1 is not a valid address.</source>
        <translation>%1 — недійсна адреса ел. пошти.</translation>
    </message>
    <message>
        <source>Enter a name, a company or a phone number.</source>
        <translation>Введіть ім’я, компанію або номер телефону.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Збереження…</translation>
    </message>
</context>
<context>
    <name>ContactListModel</name>
    <message>
        <source>(no name)</source>
        <extracomment>``fetch(offset, limit)`` -&gt; one page of contacts</extracomment>
        <translation>(без імені)</translation>
    </message>
</context>
<context>
    <name>ContactsPage</name>
    <message>
        <source>Search by name, company, phone…</source>
        <extracomment>``dial(number)`` places a call from the operator&apos;s phone.</extracomment>
        <translation>Пошук за ім’ям, компанією, телефоном…</translation>
    </message>
    <message>
        <source>New contact</source>
        <translation>Новий контакт</translation>
    </message>
    <message>
        <source>Search in notes</source>
        <translation>Шукати в нотатках</translation>
    </message>
    <message>
        <source>Pick a contact on the left.</source>
        <translation>Виберіть контакт ліворуч.</translation>
    </message>
    <message>
        <source>Delete the contact</source>
        <translation>Видалити контакт</translation>
    </message>
    <message>
        <source>Delete %1 and all their notes? This cannot be undone.</source>
        <translation>Видалити %1 разом з усіма нотатками? Цю дію не можна скасувати.</translation>
    </message>
    <message>
        <source>this contact</source>
        <translation>цей контакт</translation>
    </message>
    <message>
        <source>Calling %1 — your phone rings first.</source>
        <translation>Дзвінок на %1 — спершу задзвонить ваш телефон.</translation>
    </message>
    <message>
        <source>Contacts could not be loaded: %1</source>
        <translation>Не вдалося завантажити контакти: %1</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Завантаження…</translation>
    </message>
    <message>
        <source>No contacts found.</source>
        <translation>Контактів не знайдено.</translation>
    </message>
    <message numerus="yes">
        <source>%n contact(s)</source>
        <translation>
            <numerusform>%n контакт</numerusform>
            <numerusform>%n контакти</numerusform>
            <numerusform>%n контактів</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n contact(s) loaded, scroll for more</source>
        <translation>
            <numerusform>Завантажено %n контакт, прокрутіть, щоб побачити більше</numerusform>
            <numerusform>Завантажено %n контакти, прокрутіть, щоб побачити більше</numerusform>
            <numerusform>Завантажено %n контактів, прокрутіть, щоб побачити більше</numerusform>
        </translation>
    </message>
    <message>
        <source>This contact no longer exists.</source>
        <translation>Цього контакту вже не існує.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Не збережено: %1</translation>
    </message>
    <message>
        <source>The contact was not deleted: %1</source>
        <translation>Контакт не видалено: %1</translation>
    </message>
    <message>
        <source>The contact was deleted.</source>
        <translation>Контакт видалено.</translation>
    </message>
    <message>
        <source>The call was not placed: %1</source>
        <translation>Дзвінок не здійснено: %1</translation>
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
    <name>DiagnosticsSaver</name>
    <message>
        <source>Save diagnostics</source>
        <translation>Зберегти діагностику</translation>
    </message>
    <message>
        <source>Zip archives (*.zip)</source>
        <translation>Zip-архіви (*.zip)</translation>
    </message>
    <message>
        <source>Diagnostics not saved</source>
        <translation>Діагностику не збережено</translation>
    </message>
    <message>
        <source>Could not write %1. The log has the details.</source>
        <translation>Не вдалося записати %1. Подробиці — у журналі.</translation>
    </message>
    <message>
        <source>Diagnostics saved</source>
        <translation>Діагностику збережено</translation>
    </message>
    <message>
        <source>Saved to %1. Send this file to support.</source>
        <translation>Збережено у файл %1. Надішліть його до служби підтримки.</translation>
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
    <name>HistoryPage</name>
    <message>
        <source>Company</source>
        <translation>Уся компанія</translation>
    </message>
    <message>
        <source>My calls</source>
        <translation>Мої дзвінки</translation>
    </message>
    <message>
        <source>Set your extension in the settings first</source>
        <translation>Спершу вкажіть свій внутрішній номер у налаштуваннях</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Сьогодні</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Учора</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Останні 7 днів</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Останні 30 днів</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>Вибраний період</translation>
    </message>
    <message>
        <source>All directions</source>
        <translation>Усі напрямки</translation>
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
        <source>Any result</source>
        <translation>Будь-який результат</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Прийнятий</translation>
    </message>
    <message>
        <source>Not answered</source>
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
        <source>All employees</source>
        <translation>Усі працівники</translation>
    </message>
    <message>
        <source>Search by number or name</source>
        <translation>Пошук за номером або ім’ям</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Оновити</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Експорт у CSV…</translation>
    </message>
    <message>
        <source>The call history could not be loaded. %1</source>
        <translation>Не вдалося завантажити історію дзвінків. %1</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Завантаження…</translation>
    </message>
    <message>
        <source>Calls: %1</source>
        <translation>Дзвінків: %1</translation>
    </message>
    <message>
        <source>%1 of %2 loaded calls match</source>
        <translation>Відповідають фільтрам: %1 із %2 завантажених дзвінків</translation>
    </message>
    <message>
        <source>scroll down for more</source>
        <translation>прокрутіть униз, щоб завантажити ще</translation>
    </message>
    <message>
        <source>No calls match the filters</source>
        <translation>Немає дзвінків, що відповідають фільтрам</translation>
    </message>
    <message>
        <source>No calls in this period</source>
        <translation>За цей період дзвінків немає</translation>
    </message>
    <message>
        <source>“%1” cannot be dialled.</source>
        <translation>Номер «%1» не можна набрати.</translation>
    </message>
    <message>
        <source>The call to %1 was not placed. %2</source>
        <translation>Дзвінок на %1 не здійснено. %2</translation>
    </message>
    <message>
        <source>Calling %1 — your phone rings first.</source>
        <translation>Дзвінок на %1 — спершу задзвонить ваш телефон.</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Передзвонити</translation>
    </message>
    <message>
        <source>Copy number</source>
        <translation>Скопіювати номер</translation>
    </message>
    <message>
        <source>Open in CRM</source>
        <translation>Відкрити в CRM</translation>
    </message>
    <message>
        <source>Add note…</source>
        <translation>Додати нотатку…</translation>
    </message>
    <message>
        <source>Play recording</source>
        <translation>Прослухати запис</translation>
    </message>
    <message>
        <source>Save recording…</source>
        <translation>Зберегти запис…</translation>
    </message>
    <message>
        <source>The CRM has no page for this number.</source>
        <translation>У CRM немає сторінки для цього номера.</translation>
    </message>
    <message>
        <source>Export calls</source>
        <translation>Експорт дзвінків</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Файли CSV (*.csv)</translation>
    </message>
    <message>
        <source>The file could not be saved: %1</source>
        <translation>Не вдалося зберегти файл: %1</translation>
    </message>
    <message>
        <source>%1 calls saved to %2.</source>
        <translation>Дзвінків збережено: %1, файл: %2.</translation>
    </message>
    <message>
        <source>Only the calls loaded so far; scroll to the end for the rest.</source>
        <translation>Лише вже завантажені дзвінки; щоб додати решту, прокрутіть список до кінця.</translation>
    </message>
</context>
<context>
    <name>HistoryTableModel</name>
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
        <source>Pause on</source>
        <translation>Перерва</translation>
    </message>
    <message>
        <source>Pause off</source>
        <translation>Повернення з перерви</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Прийнятий</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>Без відповіді</translation>
    </message>
    <message>
        <source>Congestion</source>
        <translation>Напрямок перевантажено</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Помилка</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Зайнято</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>так</translation>
    </message>
    <message>
        <source>Recording available</source>
        <translation>Є запис</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Час</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Напрямок</translation>
    </message>
    <message>
        <source>Number and name</source>
        <translation>Номер та ім’я</translation>
    </message>
    <message>
        <source>Employee</source>
        <translation>Працівник</translation>
    </message>
    <message>
        <source>Talk time</source>
        <translation>Розмова</translation>
    </message>
    <message>
        <source>Total time</source>
        <translation>Загалом</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation>Переведення</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Запис</translation>
    </message>
</context>
<context>
    <name>InlineBanner</name>
    <message>
        <source>Retry</source>
        <translation>Повторити</translation>
    </message>
</context>
<context>
    <name>MissedPage</name>
    <message>
        <source>Mine</source>
        <translation>Мої</translation>
    </message>
    <message>
        <source>My group</source>
        <translation>Моя група</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Усі</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Оновити</translation>
    </message>
    <message>
        <source>Loading missed calls…</source>
        <translation>Завантаження пропущених дзвінків…</translation>
    </message>
    <message>
        <source>No missed calls for this filter</source>
        <translation>Немає пропущених дзвінків для цього фільтра</translation>
    </message>
    <message>
        <source>No missed calls — nice work!</source>
        <translation>Пропущених дзвінків немає — чудова робота!</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>Оновлено %1</translation>
    </message>
    <message>
        <source>The missed calls could not be updated. %1</source>
        <translation>Не вдалося оновити пропущені дзвінки. %1</translation>
    </message>
    <message>
        <source>The call to %1 was not placed. %2</source>
        <translation>Дзвінок на %1 не здійснено. %2</translation>
    </message>
    <message>
        <source>Calling %1 — your phone rings first.</source>
        <translation>Дзвінок на %1 — спершу задзвонить ваш телефон.</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Передзвонити</translation>
    </message>
    <message>
        <source>Copy number</source>
        <translation>Скопіювати номер</translation>
    </message>
    <message>
        <source>Add note…</source>
        <translation>Додати нотатку…</translation>
    </message>
</context>
<context>
    <name>MissedTableModel</name>
    <message>
        <source>Voice menu: %1</source>
        <translation>Голосове меню: %1</translation>
    </message>
    <message>
        <source>Group: %1</source>
        <translation>Група: %1</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>Абонент</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Компанія</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Спроби</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Лінія</translation>
    </message>
    <message>
        <source>Rang</source>
        <translation>Кому дзвонили</translation>
    </message>
    <message>
        <source>Last call</source>
        <translation>Останній дзвінок</translation>
    </message>
</context>
<context>
    <name>NoteListModel</name>
    <message>
        <source>%1 · waiting to be sent</source>
        <translation>%1 · очікує надсилання</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Очікує надсилання</translation>
    </message>
</context>
<context>
    <name>NotesPanel</name>
    <message>
        <source>Notes</source>
        <translation>Нотатки</translation>
    </message>
    <message>
        <source>Write a note…</source>
        <translation>Напишіть нотатку…</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Редагувати</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Видалити</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Додати нотатку</translation>
    </message>
    <message>
        <source>Editing the note — Save to keep the changes.</source>
        <translation>Редагування нотатки — натисніть «Зберегти», щоб зберегти зміни.</translation>
    </message>
    <message>
        <source>Delete the note</source>
        <translation>Видалити нотатку</translation>
    </message>
    <message>
        <source>Delete this note? This cannot be undone.</source>
        <translation>Видалити цю нотатку? Цю дію не можна скасувати.</translation>
    </message>
    <message>
        <source>Notes are unavailable: %1</source>
        <translation>Нотатки недоступні: %1</translation>
    </message>
    <message>
        <source>The note was not saved: %1</source>
        <translation>Нотатку не збережено: %1</translation>
    </message>
    <message>
        <source>Note saved.</source>
        <translation>Нотатку збережено.</translation>
    </message>
    <message>
        <source>Saved offline — will be sent when the PBX is back</source>
        <translation>Збережено локально — буде надіслано, щойно АТС стане доступною</translation>
    </message>
    <message>
        <source>The note was not deleted: %1</source>
        <translation>Нотатку не видалено: %1</translation>
    </message>
    <message>
        <source>Note deleted.</source>
        <translation>Нотатку видалено.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Зберегти</translation>
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
    <name>RecordingPlayer</name>
    <message>
        <source>Save as…</source>
        <translation>Зберегти як…</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Позиція</translation>
    </message>
    <message>
        <source>Play at %1 speed</source>
        <translation>Відтворювати зі швидкістю %1</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Гучність</translation>
    </message>
    <message>
        <source>No call selected</source>
        <translation>Дзвінок не вибрано</translation>
    </message>
    <message>
        <source>Pick a recorded call to listen to it.</source>
        <translation>Виберіть дзвінок із записом, щоб прослухати його.</translation>
    </message>
    <message>
        <source>Unknown number</source>
        <translation>Невідомий номер</translation>
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
        <source>talk %1</source>
        <translation>розмова %1</translation>
    </message>
    <message>
        <source>Downloading… %1%</source>
        <translation>Завантаження… %1%</translation>
    </message>
    <message>
        <source>This call has no recording.</source>
        <translation>Цей дзвінок не має запису.</translation>
    </message>
    <message>
        <source>Downloading the recording…</source>
        <translation>Завантаження запису…</translation>
    </message>
    <message>
        <source>The recording could not be downloaded</source>
        <translation>Не вдалося завантажити запис</translation>
    </message>
    <message>
        <source>%1: the PBX cannot be reached.</source>
        <translation>%1: немає зв’язку з АТС.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Preparing the file…</source>
        <translation>Підготовка файлу…</translation>
    </message>
    <message>
        <source>The recording could not be saved</source>
        <translation>Не вдалося зберегти запис</translation>
    </message>
    <message>
        <source>Save the recording</source>
        <translation>Збереження запису</translation>
    </message>
    <message>
        <source>MP3 audio</source>
        <translation>Аудіо MP3</translation>
    </message>
    <message>
        <source>WAV audio</source>
        <translation>Аудіо WAV</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Збереження…</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>Збережено: %1</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Пауза</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Відтворити</translation>
    </message>
    <message>
        <source>This recording cannot be played: %1</source>
        <translation>Цей запис не вдається відтворити: %1</translation>
    </message>
</context>
<context>
    <name>RelativeTime</name>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n хвилину тому</numerusform>
            <numerusform>%n хвилини тому</numerusform>
            <numerusform>%n хвилин тому</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>%n годину тому</numerusform>
            <numerusform>%n години тому</numerusform>
            <numerusform>%n годин тому</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n день тому</numerusform>
            <numerusform>%n дні тому</numerusform>
            <numerusform>%n днів тому</numerusform>
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
        <source>Workbench…</source>
        <translation>Робоче місце…</translation>
    </message>
    <message>
        <source>Missed calls (%1)</source>
        <translation>Пропущені дзвінки (%1)</translation>
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
        <source>Save diagnostics…</source>
        <translation>Зберегти діагностику…</translation>
    </message>
    <message>
        <source>A zip for support: the log and settings, with no secrets</source>
        <translation>Zip-архів для служби підтримки: журнал і налаштування, без секретів</translation>
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
        <source>Missed call</source>
        <translation>Пропущений дзвінок</translation>
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
<context>
    <name>Workbench</name>
    <message>
        <source>Missed calls</source>
        <translation>Пропущені</translation>
    </message>
    <message>
        <source>Call history</source>
        <translation>Історія дзвінків</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Контакти</translation>
    </message>
    <message>
        <source>Colleagues</source>
        <translation>Колеги</translation>
    </message>
    <message>
        <source>Recordings</source>
        <translation>Записи розмов</translation>
    </message>
    <message>
        <source>Online: %1</source>
        <translation>У мережі: %1</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Підключення…</translation>
    </message>
    <message>
        <source>The PBX did not accept the API key</source>
        <translation>АТС не прийняла API-ключ</translation>
    </message>
    <message>
        <source>Offline — retrying</source>
        <translation>Немає зв’язку — повторна спроба</translation>
    </message>
</context>
<context>
    <name>WorkbenchWindow</name>
    <message>
        <source>Vega Desktop</source>
        <translation>Vega Desktop</translation>
    </message>
</context>
<context>
    <name>text</name>
    <message>
        <source>Yesterday %1</source>
        <translation>Учора %1</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>щойно</translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation>учора</translation>
    </message>
</context>
</TS>
