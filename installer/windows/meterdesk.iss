; Inno Setup 6 script: the MeterDesk installer for 64-bit Windows 10 and later.
;
; installer\windows\build.ps1 builds the bundle and then runs
;   ISCC /DAppVersion=<version> /DBundleDir=<dist\meterdesk> /DIconFile=<meterdesk.ico> /DOutputDir=<dist> meterdesk.iss
; The version comes from app/__init__.py, like everything else that names one.
;
; Installs for the current user (no administrator rights, under %LOCALAPPDATA%\Programs) or,
; when chosen in the first dialog or with /ALLUSERS, for all users (under Program Files).
; Start-menu entries: MeterDesk and its simulated demo site. File types (optional task):
; .cff COMTRADE records and .mdproj projects open with MeterDesk when nothing else claims
; them; .cfg, a common extension, only gets MeterDesk in its "Open with" list. The
; uninstaller removes every file and registry entry it made, and offers to remove the
; user's settings and logs too (projects, records and stored passwords are never touched).

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=x.y.z (build.ps1 reads it from app/__init__.py)
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\meterdesk"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\icons\meterdesk.ico"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#define GuiExe "meterdesk-gui.exe"

[Setup]
AppId={{0214803C-B520-4931-9974-D71BDBCB3AC2}
AppName=MeterDesk
AppVersion={#AppVersion}
AppVerName=MeterDesk {#AppVersion}
AppPublisher=MeterDesk developers
AppComments=Configuration suite for power meters and gateways
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\MeterDesk
DefaultGroupName=MeterDesk
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ChangesAssociations=yes
CloseApplications=yes
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName=MeterDesk {#AppVersion}
OutputDir={#OutputDir}
OutputBaseFilename=MeterDesk-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "associate"; Description: "Open COMTRADE records (.cff; .cfg through ""Open with"") and MeterDesk projects (.mdproj) with MeterDesk"; GroupDescription: "File types:"
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\MeterDesk"; Filename: "{app}\{#GuiExe}"; Comment: "Configure, read and simulate power meters and gateways"
Name: "{group}\MeterDesk demo site (simulated devices)"; Filename: "{app}\{#GuiExe}"; Parameters: "--demo"
Name: "{group}\Uninstall MeterDesk"; Filename: "{uninstallexe}"
Name: "{autodesktop}\MeterDesk"; Filename: "{app}\{#GuiExe}"; Tasks: desktopicon

[Registry]
; Program identifiers: what MeterDesk's file types are called, their icon and how they open.
Root: HKA; Subkey: "Software\Classes\MeterDesk.ComtradeRecord"; ValueType: string; ValueName: ""; ValueData: "COMTRADE record"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\MeterDesk.ComtradeRecord\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#GuiExe},0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\MeterDesk.ComtradeRecord\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#GuiExe}"" ""%1"""; Tasks: associate
Root: HKA; Subkey: "Software\Classes\MeterDesk.Project"; ValueType: string; ValueName: ""; ValueData: "MeterDesk project"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\MeterDesk.Project\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#GuiExe},0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\MeterDesk.Project\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#GuiExe}"" ""%1"""; Tasks: associate
; Extensions: MeterDesk is offered for each; it becomes the default only where no default exists.
Root: HKA; Subkey: "Software\Classes\.cff"; ValueType: string; ValueName: ""; ValueData: "MeterDesk.ComtradeRecord"; Flags: createvalueifdoesntexist uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.cff\OpenWithProgids"; ValueType: string; ValueName: "MeterDesk.ComtradeRecord"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.cfg\OpenWithProgids"; ValueType: string; ValueName: "MeterDesk.ComtradeRecord"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.mdproj"; ValueType: string; ValueName: ""; ValueData: "MeterDesk.Project"; Flags: createvalueifdoesntexist uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.mdproj\OpenWithProgids"; ValueType: string; ValueName: "MeterDesk.Project"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
; The "Open with" list knows the GUI by its executable name.
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "MeterDesk"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: ".cff"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: ".cfg"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: ".mdproj"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#GuiExe}"" ""%1"""

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,MeterDesk}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
Type: filesandordirs; Name: "{app}"

[Code]
{ Settings live in HKCU\Software\MeterDesk (Qt's QSettings) and logs in
  %LOCALAPPDATA%\MeterDesk\Logs (platformdirs). Asked only in an interactive uninstall. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    if MsgBox('Also remove your MeterDesk settings and logs?' + #13#10#13#10 +
              'Your projects, COMTRADE records and stored device passwords are kept.',
              mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
    begin
      RegDeleteKeyIncludingSubkeys(HKCU, 'Software\MeterDesk');
      DelTree(ExpandConstant('{localappdata}\MeterDesk\Logs'), True, True, True);
    end;
end;
