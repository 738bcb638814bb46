# MeterDesk: the two set-up commands are `make run` and `make test`.
.PHONY: venv run demo test test-fast lint clean

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

clean:
	rm -rf .venv build dist *.egg-info
