# MeterDesk: the two set-up commands are `make run` and `make test`.
.PHONY: venv run demo test installer clean

venv:
	@sh scripts/bootstrap.sh test

run: venv
	.venv/bin/meterdesk-gui --demo

demo: venv
	.venv/bin/meterdesk simulate --demo

test: venv
	@sh scripts/install-test-system-deps.sh
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)
	.venv/bin/lint-imports

# The frozen bundle (prints its size against the budget), then the .deb and the portable
# tarball, all in dist/. Windows: installer\windows\build.ps1.
installer: venv
	@sh installer/linux/install-build-deps.sh
	@sh scripts/bootstrap.sh installer
	.venv/bin/pyinstaller --noconfirm --distpath dist --workpath build/pyinstaller installer/meterdesk.spec
	sh installer/linux/build-deb.sh dist/meterdesk dist

clean:
	rm -rf .venv build dist *.egg-info
