; Inno Setup 6 script of Vega Desktop: installs the one-folder bundle that
;   pyinstaller --noconfirm --distpath dist --workpath build\pyinstaller packaging\vega-desktop.spec
; made in dist\vega-desktop\ (see README.md next to this file). Build the installer with
;   iscc packaging\windows\vega-desktop.iss
; which writes dist\vega-desktop-<version>-setup.exe. The version is read from the built
; vega-desktop.exe (its version resource comes from the spec, which takes it from the package).
;
; By default it installs for all users into Program Files (administrator rights); the first page
; also offers "only for me" (no administrator rights, into the user's own Programs folder). The
; registry keys and the Startup shortcut follow that choice: HKA and {autostartup} mean the
; machine (HKLM, the common Startup folder) for all users, the user's own (HKCU, their Startup
; folder) for one. Writing HKCU from an elevated installer would reach the administrator's
; registry, not the operator's.

#define AppName "Vega Desktop"
#define AppExeName "vega-desktop.exe"
#define BundleDir "..\..\dist\vega-desktop"
#define AppVersion GetStringFileInfo(AddBackslash(SourcePath) + BundleDir + "\" + AppExeName, PRODUCT_VERSION)
#if AppVersion == ""
  #error Build the bundle first: dist\vega-desktop\vega-desktop.exe is missing or has no version
#endif
; the ProgID tel: and callto: links open, and where Windows' Default apps find the app
#define ProgId "VegaDesktop.Call"
#define CapabilitiesKey "Software\Vega\Vega Desktop\Capabilities"

[Setup]
AppId={{02CF588A-6CF5-4DD7-BD55-B9489449D105}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Vega
AppPublisherURL=https://vega.ua
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 runs on Windows 10 1809 and later
MinVersion=10.0.17763
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
; a running vega-desktop (it lives in the tray) is asked to close before its files are replaced
CloseApplications=yes
RestartApplications=no
ChangesAssociations=yes
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
OutputDir=..\..\dist
OutputBaseFilename=vega-desktop-{#AppVersion}-setup
; code signing (see README.md): uncomment with a SignTool named "signtool" defined in the IDE or
; on the command line (iscc "/Ssigntool=signtool.exe sign /fd sha256 /tr ... $f" ...)
; SignTool=signtool

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "uk"; MessagesFile: "compiler:Languages\Ukrainian.isl"

[CustomMessages]
en.StartAtLogin=Start {#AppName} when I sign in to Windows
uk.StartAtLogin=Запускати {#AppName} під час входу в Windows
en.CallLinks=Open tel: and callto: links (click-to-call) with {#AppName}
uk.CallLinks=Відкривати посилання tel: і callto: (дзвінок одним клацанням) у {#AppName}
en.CallLinkName=Phone call (tel:, callto:)
uk.CallLinkName=Телефонний дзвінок (tel:, callto:)
en.AppDescription=Caller cards, click-to-call and missed calls for the Vega cloud PBX
uk.AppDescription=Картка абонента, дзвінок одним клацанням і пропущені дзвінки для хмарної АТС Vega
en.LaunchNow=Start {#AppName} now
uk.LaunchNow=Запустити {#AppName} зараз

[Tasks]
Name: "startatlogin"; Description: "{cm:StartAtLogin}"
Name: "calllinks"; Description: "{cm:CallLinks}"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Comment: "{cm:AppDescription}"
Name: "{autostartup}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Tasks: startatlogin

[Registry]
; tel: and callto: as URL protocols: Windows starts "vega-desktop.exe" "tel:+380…", which hands
; the number to the running app (or starts it). Uninstalling removes the keys.
Root: HKA; Subkey: "Software\Classes\tel"; ValueType: string; ValueName: ""; ValueData: "URL:tel"; Flags: uninsdeletekey; Tasks: calllinks
Root: HKA; Subkey: "Software\Classes\tel"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""; Tasks: calllinks
Root: HKA; Subkey: "Software\Classes\tel\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExeName}"",0"; Tasks: calllinks
Root: HKA; Subkey: "Software\Classes\tel\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExeName}"" ""%1"""; Tasks: calllinks
Root: HKA; Subkey: "Software\Classes\callto"; ValueType: string; ValueName: ""; ValueData: "URL:callto"; Flags: uninsdeletekey; Tasks: calllinks
Root: HKA; Subkey: "Software\Classes\callto"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""; Tasks: calllinks
Root: HKA; Subkey: "Software\Classes\callto\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExeName}"",0"; Tasks: calllinks
Root: HKA; Subkey: "Software\Classes\callto\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExeName}"" ""%1"""; Tasks: calllinks
; Windows 10 and 11 let the user pick the app for a protocol in Settings > Default apps: it lists
; the applications registered with capabilities for it, which open it through a ProgID.
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:CallLinkName}"; Flags: uninsdeletekey; Tasks: calllinks
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""; Tasks: calllinks
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExeName}"",0"; Tasks: calllinks
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExeName}"" ""%1"""; Tasks: calllinks
Root: HKA; Subkey: "Software\Vega\Vega Desktop"; Flags: uninsdeletekey; Tasks: calllinks
Root: HKA; Subkey: "{#CapabilitiesKey}"; ValueType: string; ValueName: "ApplicationName"; ValueData: "{#AppName}"; Tasks: calllinks
Root: HKA; Subkey: "{#CapabilitiesKey}"; ValueType: string; ValueName: "ApplicationDescription"; ValueData: "{cm:AppDescription}"; Tasks: calllinks
Root: HKA; Subkey: "{#CapabilitiesKey}\URLAssociations"; ValueType: string; ValueName: "tel"; ValueData: "{#ProgId}"; Tasks: calllinks
Root: HKA; Subkey: "{#CapabilitiesKey}\URLAssociations"; ValueType: string; ValueName: "callto"; ValueData: "{#ProgId}"; Tasks: calllinks
Root: HKA; Subkey: "Software\RegisteredApplications"; ValueType: string; ValueName: "{#AppName}"; ValueData: "{#CapabilitiesKey}"; Flags: uninsdeletevalue; Tasks: calllinks

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchNow}"; Flags: nowait postinstall skipifsilent
