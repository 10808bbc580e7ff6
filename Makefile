# Loket KTP-el — `make run` opens the program on a demo office; `make test` runs every test.
# Each sets up what it needs (a virtual environment in .venv with the pinned dependencies).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint typecheck bench catalogue clean bundle installer installer-test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/loket demo

lint: $(STAMP)
	$(BIN)/ruff check desktop tests bench
	$(BIN)/ruff format --check desktop tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) lint typecheck
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# After adding or changing a sentence in `_()`: refresh resources/translations, then translate.
catalogue: $(STAMP)
	$(BIN)/python -m loket.i18n_catalogue

# Every benchmark, each against a floor measured in the same run (figures in the README).
bench: $(STAMP)
	$(BIN)/python bench/startup.py --runs 5
	$(BIN)/python bench/scan_intake.py --cards 1000 --scans 1000
	$(BIN)/python bench/scan_intake.py --cards 100000 --scans 2000
	$(BIN)/python bench/scan_intake.py --cards 1000000 --scans 1000
	$(BIN)/python bench/scan_window.py
	$(BIN)/python bench/handover.py --handovers 100
	$(BIN)/python bench/window_stalls.py --cards 20000 --handovers 10000
	$(BIN)/python bench/name_search.py --cards 1000000
	$(BIN)/python bench/reports.py --handovers 1000 10000
	$(BIN)/python bench/berita_acara.py --cards 20000 --received 200
	$(BIN)/python bench/stock.py --cards 1000000
	$(BIN)/python bench/backup.py --cards 1000000 --handovers 100000 --audit 1000000

# The frozen program for this machine: dist/loket/ with loket and loket-gui (.exe on Windows).
# PyInstaller, one folder; what travels inside and what is left out: installer/README.md.
bundle: $(STAMP)
	PYTHONPATH=desktop $(BIN)/python -m PyInstaller --noconfirm --log-level WARN \
	  --distpath dist --workpath build/pyinstaller installer/loket.spec

# The Windows installer (NSIS, per user) from a Windows bundle: on Windows the dist/loket that
# `make bundle` made; elsewhere give a folder of the same layout, e.g. the stand-in that
# `python installer/stand_in_bundle.py DIR` writes. Debian's makensis: apt-get install nsis.
WINDOWS_BUNDLE ?= dist/loket
VERSION = $(shell $(PYTHON) -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])")
INSTALLER = dist/Loket-KTP-el-$(VERSION)-setup.exe

installer:
	mkdir -p $(dir $(INSTALLER))
	makensis -V2 -WX -DVERSION=$(VERSION) -DBUNDLE="$(abspath $(WINDOWS_BUNDLE))" \
	  -DOUTFILE="$(abspath $(INSTALLER))" installer/loket.nsi
	@echo "$(INSTALLER)"

# The installer built on stand-in bundles and run under wine: install, upgrade, refusals,
# uninstall (installer/README.md says what is checked here and what only the Windows workflow
# runs). Needs makensis and wine: apt-get install nsis wine wine32:i386 locales.
installer-test: $(STAMP)
	$(BIN)/python -m pytest -q tests/frozen/test_installer_script.py \
	  tests/frozen/test_installer_under_wine.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
