# Windows equivalent of `make run`: set up, then open the GUI on the demo site.
& (Join-Path $PSScriptRoot "bootstrap.ps1")
& (Join-Path $PSScriptRoot "..\.venv\Scripts\meterdesk-gui.exe") --demo
