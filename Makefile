# MeterDesk: the two set-up commands are `make run` and `make test`.
.PHONY: venv run demo test test-installer installer translations clean

venv:
	@sh scripts/bootstrap.sh test

run: venv
	.venv/bin/meterdesk-gui --demo

demo: venv
	.venv/bin/meterdesk simulate --demo

# The suite, then (on a full run, not with PYTEST_ARGS) the installer tests.
test: venv
	@sh scripts/install-test-system-deps.sh
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)
	.venv/bin/lint-imports
	$(if $(PYTEST_ARGS),,@$(MAKE) --no-print-directory test-installer)

# Builds the bundle in a temporary folder and runs its self-test; packages the .deb,
# installs it, self-tests and removes it when root or sudo allows (about a minute).
test-installer: venv
	@sh installer/linux/install-build-deps.sh
	@sh scripts/bootstrap.sh installer
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -p no:cacheprovider -m installer tests/installer

# The frozen bundle (prints its size against the budget), then the .deb and the portable
# tarball, all in dist/. Windows: installer\windows\build.ps1.
installer: venv
	@sh installer/linux/install-build-deps.sh
	@sh scripts/bootstrap.sh installer
	.venv/bin/pyinstaller --noconfirm --distpath dist --workpath build/pyinstaller installer/meterdesk.spec
	sh installer/linux/build-deb.sh dist/meterdesk dist

# Catalogues: gather the interface's and the core's messages into resources/translations/*.ts
# and *.po (translate there), then compile the .qm and .mo files the application loads.
translations: venv
	.venv/bin/python scripts/catalogues.py

clean:
	rm -rf .venv build dist *.egg-info
