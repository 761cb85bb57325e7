; The Windows installer: per user (no administrator rights), into %LOCALAPPDATA%\Programs.
; Made by build/windows.sh:  makensis -INPUTCHARSET UTF8 -DVERSION=.. -DAPPDIR=.. -DOUTFILE=.. -DROOT=..
;
; Silent use:  setup.exe /S [/NODESKTOP]      uninstall.exe /S [/REMOVEDATA]
; The clerk's data (%LOCALAPPDATA%\tambon-desktop, the app's platformdirs folder) is never in the
; program folder: an upgrade replaces the program only (the app migrates its store on start);
; the uninstaller keeps the data unless the clerk ticks "yes" or passes /REMOVEDATA.

Unicode true
Target amd64-unicode
RequestExecutionLevel user
!ifndef COMPRESSOR
  !define COMPRESSOR lzma
!endif
!if "${COMPRESSOR}" == "lzma"
  SetCompressor /SOLID lzma
  SetCompressorDictSize 32
!else
  SetCompressor ${COMPRESSOR}
!endif

!include MUI2.nsh
!include FileFunc.nsh
!include LogicLib.nsh

!define PRODUCT "Tambon Desktop"
!define THAI_NAME "ระบบบันทึกการประชุมและโครงการ"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\TambonDesktop"
!define DATA_DIR "$LOCALAPPDATA\tambon-desktop"

Name "${THAI_NAME} (${PRODUCT} ${VERSION})"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
ShowInstDetails nevershow
ShowUninstDetails nevershow

VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"
VIAddVersionKey /LANG=1033 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileDescription" "${PRODUCT} ${VERSION} setup"
VIAddVersionKey /LANG=1033 "LegalCopyright" "MIT License"

!define MUI_ICON "${ROOT}\resources\icons\tambon-desktop.ico"
!define MUI_UNICON "${ROOT}\resources\icons\tambon-desktop.ico"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\tambon-desktop.exe"
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Thai"
!insertmacro MUI_LANGUAGE "English"

Section "${THAI_NAME}" SecApp
  SectionIn RO
  ; An upgrade: the old program goes first (a stale file must not shadow a new one); the data
  ; folder is elsewhere and stays.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\tambon-desktop.exe"
  Delete "$INSTDIR\tambon.exe"
  SetOutPath "$INSTDIR"
  File /r "${APPDIR}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${THAI_NAME}.lnk" "$INSTDIR\tambon-desktop.exe" "" \
    "$INSTDIR\tambon-desktop.exe" 0 "" "" "${PRODUCT} ${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${THAI_NAME} (${PRODUCT})"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PRODUCT}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\tambon-desktop.exe"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

Section "ทางลัดบนเดสก์ท็อป (Desktop shortcut)" SecDesktop
  CreateShortcut "$DESKTOP\${THAI_NAME}.lnk" "$INSTDIR\tambon-desktop.exe" "" \
    "$INSTDIR\tambon-desktop.exe" 0 "" "" "${PRODUCT} ${VERSION}"
SectionEnd

Function .onInit
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/NODESKTOP" $R1
  ${IfNot} ${Errors}
    SectionSetFlags ${SecDesktop} 0
  ${EndIf}
FunctionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${THAI_NAME}.lnk"
  Delete "$DESKTOP\${THAI_NAME}.lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\tambon-desktop.exe"
  Delete "$INSTDIR\tambon.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINST_KEY}"
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/REMOVEDATA" $R1
  ${IfNot} ${Errors}
    RMDir /r "${DATA_DIR}"
  ${ElseIf} ${FileExists} "${DATA_DIR}\*.*"
    MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 \
      "ลบข้อมูลทั้งหมดในเครื่องนี้ด้วยหรือไม่ (${DATA_DIR})$\r$\nถ้าไม่แน่ใจ ให้ตอบ ไม่ใช่ ข้อมูลจะยังอยู่ครบ$\r$\n$\r$\nAlso delete all data on this PC? If unsure, answer No: the data stays." \
      /SD IDNO IDNO keep
    RMDir /r "${DATA_DIR}"
    keep:
  ${EndIf}
SectionEnd
