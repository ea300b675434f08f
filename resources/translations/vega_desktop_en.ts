<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
<context>
    <name>CallerPopup</name>
    <message numerus="yes">
        <source>+%n more match(es)</source>
        <translation>
            <numerusform>+%n more match</numerusform>
            <numerusform>+%n more matches</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ContactsPage</name>
    <message numerus="yes">
        <source>%n contact(s)</source>
        <translation>
            <numerusform>%n contact</numerusform>
            <numerusform>%n contacts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n contact(s) loaded, scroll for more</source>
        <translation>
            <numerusform>%n contact loaded, scroll for more</numerusform>
            <numerusform>%n contacts loaded, scroll for more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PopupStack</name>
    <message numerus="yes">
        <source>+%n more call(s)</source>
        <translation>
            <numerusform>+%n more call</numerusform>
            <numerusform>+%n more calls</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RelativeTime</name>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n min ago</numerusform>
            <numerusform>%n min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>%n h ago</numerusform>
            <numerusform>%n h ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message numerus="yes">
        <source>%n active call(s)</source>
        <translation>
            <numerusform>%n active call</numerusform>
            <numerusform>%n active calls</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n missed call(s)</source>
        <translation>
            <numerusform>%n missed call</numerusform>
            <numerusform>%n missed calls</numerusform>
        </translation>
    </message>
</context>
</TS>
