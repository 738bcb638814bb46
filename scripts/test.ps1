# Windows equivalent of `make test`: set up with the test extras, then run the suite.
# Tests that need a pseudo-terminal or a Secret Service skip on Windows, saying why.
& (Join-Path $PSScriptRoot "bootstrap.ps1") -Extras test
$env:QT_QPA_PLATFORM = "offscreen"
Set-Location (Join-Path $PSScriptRoot "..")
& .venv\Scripts\python.exe -m pytest
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
& .venv\Scripts\lint-imports.exe
