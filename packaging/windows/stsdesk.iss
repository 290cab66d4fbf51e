; Inno Setup script for stsdesk: a per-machine Windows installer (Inno Setup 6).
;
; packaging/build.py --setup compiles it on Windows after PyInstaller, passing:
;   /DAppName=stsdesk /DAppVersion=0.1.0 /DSourceDir=build\dist\stsdesk
;   /DOutputDir=build\packages /DIconFile=build\work\icons\app.ico
;   [/DOrganizationDir=build\work\organization]   policy.toml, logo and packs/ to bake in
; By hand: iscc /DAppName=... packaging\windows\stsdesk.iss
;
; Install silently (as an administrator, e.g. from a software-deployment tool):
;   stsdesk-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
; with a policy file that is not baked in:
;   stsdesk-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /POLICY="\\server\share\policy.toml"
; Uninstall silently:
;   "C:\Program Files\stsdesk\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
;
; The policy goes to %PROGRAMDATA%\stsdesk\policy.toml ({commonappdata}), where stsdesk
; looks for it; packs baked in go beside it in %PROGRAMDATA%\stsdesk\packs\ (the baked
; policy names them relative to itself). Staff can read but not change them. Nobody's
; practice log is touched by installing, upgrading or uninstalling: it lives in each
; person's %LOCALAPPDATA%\stsdesk.

#ifndef AppName
  #define AppName "stsdesk"
#endif
#ifndef AppVersion
  #error Pass /DAppVersion=X.Y.Z (packaging/build.py does)
#endif
#ifndef SourceDir
  #error Pass /DSourceDir=the PyInstaller one-folder bundle (packaging/build.py does)
#endif
#ifndef OutputDir
  #define OutputDir "."
#endif

[Setup]
; A fixed AppId keeps upgrades in place; never change it once released.
AppId={{6C0B7A52-2F43-4C39-9E0B-5A1D3B8E7C21}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=The stsdesk developers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per machine: every account on the computer gets the app, and the policy in ProgramData.
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename={#AppName}-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppName}.exe
#ifdef IconFile
SetupIconFile={#IconFile}
#endif
LicenseFile={#SourcePath}\..\..\LICENSE

[Files]
; The frozen app (stsdesk.exe for people, stsdesk-cli.exe for administrators and scripts).
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
#ifdef OrganizationDir
; The organization's policy, logo and packs, baked in by build.py --policy/--pack.
Source: "{#OrganizationDir}\*"; DestDir: "{commonappdata}\stsdesk"; Flags: ignoreversion recursesubdirs createallsubdirs
#endif
; A policy given at install time with /POLICY=FILE (wins over a baked one).
Source: "{param:POLICY|}"; DestDir: "{commonappdata}\stsdesk"; DestName: "policy.toml"; Flags: external ignoreversion skipifsourcedoesntexist; Check: PolicyGiven

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppName}.exe"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppName}.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Run]
; Offered at the end of an interactive install only; a silent install starts nothing.
Filename: "{app}\{#AppName}.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; The policy folder is the organization's: remove what this installer put there, nothing else.
Type: dirifempty; Name: "{commonappdata}\stsdesk"

[Code]
function PolicyGiven: Boolean;
begin
  Result := ExpandConstant('{param:POLICY|}') <> '';
end;
