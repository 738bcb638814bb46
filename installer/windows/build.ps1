# Build MeterDesk for Windows, on a Windows machine (64-bit Python 3.12+, Inno Setup 6):
#   1. .venv with the installer extras (scripts\bootstrap.ps1 -Extras installer);
#   2. the PyInstaller bundle dist\meterdesk (prints its size against the budget);
#   3. the bundle's self-test (dist\meterdesk\meterdesk.exe --self-test), which must pass;
#   4. dist\MeterDesk-<version>-windows-x64-portable.zip;
#   5. dist\MeterDesk-<version>-windows-x64-setup.exe with Inno Setup (meterdesk.iss).
# The version is read from app/__init__.py. Usage, from any folder:
#   powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1
# Inno Setup: https://jrsoftware.org/isdl.php, or `winget install JRSoftware.InnoSetup`.
$ErrorActionPreference = "Stop"
$root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $root

& (Join-Path $root "scripts\bootstrap.ps1") -Extras installer
$python = Join-Path $root ".venv\Scripts\python.exe"
$version = (& $python -c "import app; print(app.__version__)").Trim()
if (-not $version) { throw "could not read the version from app/__init__.py" }
Write-Host "Building MeterDesk $version"

& $python -m PyInstaller --noconfirm --distpath dist --workpath build\pyinstaller installer\meterdesk.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed (exit code $LASTEXITCODE)" }

Remove-Item Env:QT_QPA_PLATFORM -ErrorAction SilentlyContinue  # the self-test picks offscreen itself
& dist\meterdesk\meterdesk.exe --self-test
if ($LASTEXITCODE -ne 0) { throw "the bundle's self-test failed (exit code $LASTEXITCODE)" }

$portable = "dist\MeterDesk-$version-windows-x64-portable.zip"
Compress-Archive -Path dist\meterdesk -DestinationPath $portable -Force
Write-Host "built $portable"

& $python installer\icons.py build\icons
if ($LASTEXITCODE -ne 0) { throw "could not render the icon" }
$iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
foreach ($candidate in "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
                       "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe") {
    if (-not $iscc -and (Test-Path $candidate)) { $iscc = $candidate }
}
if (-not $iscc) { throw "Inno Setup 6 not found: install it (winget install JRSoftware.InnoSetup) or put ISCC.exe on PATH" }
& $iscc /Qp "/DAppVersion=$version" "/DBundleDir=$root\dist\meterdesk" "/DIconFile=$root\build\icons\meterdesk.ico" `
    "/DOutputDir=$root\dist" installer\windows\meterdesk.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed (exit code $LASTEXITCODE)" }
Write-Host "built dist\MeterDesk-$version-windows-x64-setup.exe"
