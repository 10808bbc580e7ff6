; Loket KTP-el: the per-user Windows installer (NSIS 3, Unicode).
;
; Built by `make installer` (or installer/windows/build-installer.ps1):
;   makensis -DVERSION=0.1.0 -DBUNDLE=<folder with loket.exe, loket-gui.exe, _internal\>
;            -DOUTFILE=<setup .exe to write> installer/loket.nsi
;
; What it promises (installer/README.md):
; - no administrator: the program goes to %LOCALAPPDATA%\Programs\Loket KTP-el;
; - the office's data folder, %LOCALAPPDATA%\Loket KTP-el, is never touched: not on install,
;   not on upgrade, not on uninstall;
; - a newer version installs over an older one in the same folder, replacing the program
;   files (the program migrates the database on its first start, keeping a copy first);
; - /S installs (and uninstall.exe /S uninstalls) without a question;
; - Indonesian pages, English where Windows is English; Windows 10 or newer.

Unicode true
ManifestSupportedOS all

!include MUI2.nsh
!include LogicLib.nsh
!include WinVer.nsh
!include FileFunc.nsh
!include WordFunc.nsh

!ifndef VERSION
  !error "Give the version: makensis -DVERSION=X.Y.Z (make installer reads it from pyproject.toml)"
!endif
!ifndef BUNDLE
  !error "Give the frozen program's folder: makensis -DBUNDLE=dist\loket"
!endif
!ifndef OUTFILE
  !define OUTFILE "Loket-KTP-el-${VERSION}-setup.exe"
!endif

!define PRODUCT "Loket KTP-el"
!define PUBLISHER "Loket KTP-el"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\LoketKTP-el"
; platformdirs' user_data_dir("Loket KTP-el", roaming=False) on Windows: see loket/datadir.py
!define DATA_FOLDER "$LOCALAPPDATA\Loket KTP-el"

Name "${PRODUCT} ${VERSION}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
; An upgrade goes where the last install went (also when /D= chose another folder then).
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
SetCompressor /SOLID lzma
ShowInstDetails show
ShowUninstDetails show
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${PRODUCT} ${VERSION} Setup"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT License"

!define MUI_ABORTWARNING
!define MUI_ICON "..\resources\icons\loket.ico"
!define MUI_UNICON "..\resources\icons\loket.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\loket-gui.exe"
!define MUI_FINISHPAGE_RUN_TEXT "$(RUN_NOW)"

; No page asks what an IT person would have to look up: no folder, no components, no licence.
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the one used when Windows speaks neither.
!insertmacro MUI_LANGUAGE "Indonesian"
!insertmacro MUI_LANGUAGE "English"

LangString RUN_NOW ${LANG_INDONESIAN} "Buka Loket KTP-el sekarang"
LangString RUN_NOW ${LANG_ENGLISH} "Open Loket KTP-el now"
LangString OLD_WINDOWS ${LANG_INDONESIAN} "Loket KTP-el memerlukan Windows 10 atau yang lebih baru. Komputer ini memakai Windows yang lebih lama, jadi Loket KTP-el tidak dipasang."
LangString OLD_WINDOWS ${LANG_ENGLISH} "Loket KTP-el needs Windows 10 or newer. This PC runs an older Windows, so Loket KTP-el was not installed."
LangString NEWER_INSTALLED ${LANG_INDONESIAN} "Loket KTP-el versi $0 sudah terpasang, lebih baru daripada versi ${VERSION} ini. Basis datanya mungkin tidak bisa dibuka oleh versi lama. Tetap pasang versi ${VERSION}?"
LangString NEWER_INSTALLED ${LANG_ENGLISH} "Loket KTP-el $0 is installed, newer than this version ${VERSION}. Its database may not open in an older version. Install version ${VERSION} anyway?"
LangString STILL_OPEN ${LANG_INDONESIAN} "Loket KTP-el masih terbuka. Tutup program itu (simpan pekerjaan dulu), lalu pilih Coba Lagi."
LangString STILL_OPEN ${LANG_ENGLISH} "Loket KTP-el is still open. Close it (save your work first), then choose Retry."
LangString NOT_IN_DATA ${LANG_INDONESIAN} "Program tidak boleh dipasang di folder data ${DATA_FOLDER}. Pilih folder lain."
LangString NOT_IN_DATA ${LANG_ENGLISH} "The program cannot be installed in the data folder ${DATA_FOLDER}. Choose another folder."
LangString INSTALLED ${LANG_INDONESIAN} "Loket KTP-el ${VERSION} terpasang di $INSTDIR. Data kantor disimpan di ${DATA_FOLDER}."
LangString INSTALLED ${LANG_ENGLISH} "Loket KTP-el ${VERSION} is installed in $INSTDIR. The office's data is kept in ${DATA_FOLDER}."
LangString DATA_KEPT ${LANG_INDONESIAN} "Loket KTP-el sudah dihapus dari komputer ini. Data kantor (basis data, dokumen, cadangan, log) TIDAK dihapus: masih ada di ${DATA_FOLDER}. Bila Loket KTP-el dipasang lagi, data itu dipakai lagi. Hapus folder itu sendiri hanya bila datanya sudah disalin atau tidak diperlukan lagi."
LangString DATA_KEPT ${LANG_ENGLISH} "Loket KTP-el has been removed from this PC. The office's data (database, documents, backups, logs) was NOT removed: it is still in ${DATA_FOLDER}. Installing Loket KTP-el again uses it again. Delete that folder yourself only once the data has been copied or is no longer needed."

!macro WAIT_UNTIL_CLOSED FILE
  ; A running program cannot be opened for writing: ask until it is closed (silent: give up).
  ${If} ${FileExists} "${FILE}"
    ${Do}
      ClearErrors
      FileOpen $1 "${FILE}" a
      ${IfNot} ${Errors}
        FileClose $1
        ${Break}
      ${EndIf}
      ${If} ${Cmd} `MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(STILL_OPEN)" /SD IDCANCEL IDCANCEL`
        SetErrorLevel 3
        Quit
      ${EndIf}
    ${Loop}
  ${EndIf}
!macroend

Function .onInit
  ${IfNot} ${AtLeastWin10}
    MessageBox MB_OK|MB_ICONSTOP "$(OLD_WINDOWS)" /SD IDOK
    SetErrorLevel 4
    Abort
  ${EndIf}
  ReadRegStr $0 HKCU "${UNINSTALL_KEY}" "DisplayVersion"
  ${If} $0 != ""
    ${VersionCompare} "$0" "${VERSION}" $1
    ${If} $1 == 1
      ${IfNot} ${Cmd} `MessageBox MB_YESNO|MB_ICONEXCLAMATION "$(NEWER_INSTALLED)" /SD IDNO IDYES`
        SetErrorLevel 5
        Abort
      ${EndIf}
    ${EndIf}
  ${EndIf}
FunctionEnd

Section "Loket KTP-el" SecProgram
  SectionIn RO
  ${If} $INSTDIR == "${DATA_FOLDER}"
    MessageBox MB_OK|MB_ICONSTOP "$(NOT_IN_DATA)" /SD IDOK
    SetErrorLevel 6
    Quit
  ${EndIf}
  !insertmacro WAIT_UNTIL_CLOSED "$INSTDIR\loket-gui.exe"
  !insertmacro WAIT_UNTIL_CLOSED "$INSTDIR\loket.exe"

  SetOutPath "$INSTDIR"
  ; An upgrade replaces the program whole: nothing of the older version's files is left over.
  RMDir /r "$INSTDIR\_internal"
  File "${BUNDLE}\loket.exe"
  File "${BUNDLE}\loket-gui.exe"
  File /r "${BUNDLE}\_internal"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\loket-gui.exe" "" "$INSTDIR\loket-gui.exe" 0
  CreateShortcut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\loket-gui.exe" "" "$INSTDIR\loket-gui.exe" 0

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\loket-gui.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallerLanguage" "$LANGUAGE"
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"

  DetailPrint "$(INSTALLED)"
SectionEnd

Function un.onInit
  ; The uninstaller speaks the language the program was installed in.
  ReadRegStr $0 HKCU "${UNINSTALL_KEY}" "InstallerLanguage"
  ${If} $0 != ""
    StrCpy $LANGUAGE $0
  ${EndIf}
FunctionEnd

Section "Uninstall"
  !insertmacro WAIT_UNTIL_CLOSED "$INSTDIR\loket-gui.exe"
  !insertmacro WAIT_UNTIL_CLOSED "$INSTDIR\loket.exe"
  ; Only what the installer put here; the folder itself goes only if nothing else is left.
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$DESKTOP\${PRODUCT}.lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\loket.exe"
  Delete "$INSTDIR\loket-gui.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DetailPrint "$(DATA_KEPT)"
  MessageBox MB_OK|MB_ICONINFORMATION "$(DATA_KEPT)" /SD IDOK
SectionEnd
