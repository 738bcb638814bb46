# Windows set-up: find Python 3.12+, create .venv, install MeterDesk (+ extras).
param([string]$Extras = "")
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")
$py = $null
foreach ($v in "3.12", "3.13", "3.14") {
    try { & py "-$v" -c "import sys" 2>$null; if ($LASTEXITCODE -eq 0) { $py = @("py", "-$v"); break } } catch {}
}
if (-not $py) {
    try { & python -c "import sys; sys.exit(sys.version_info < (3, 12))"; if ($LASTEXITCODE -eq 0) { $py = @("python") } } catch {}
}
if (-not $py) {
    Write-Error "MeterDesk needs Python 3.12 or newer. Install it from https://www.python.org/downloads/ (tick 'Add python.exe to PATH'), then run this again."
}
if (-not (Test-Path .venv\Scripts\python.exe)) {
    & $py[0] $py[1..($py.Length)] -m venv .venv
}
$target = if ($Extras) { ".[$Extras]" } else { "." }
& .venv\Scripts\python.exe -m pip install --quiet --upgrade pip
& .venv\Scripts\python.exe -m pip install --quiet -e $target
