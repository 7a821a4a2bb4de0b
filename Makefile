# Two commands: `make run` (set up and start the embedded default) and `make test` (set up and run
# the whole suite). Both call `make setup`. See README.md and docs/operations.md.
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
REQ_STAMP := $(VENV)/.requirements-$(shell cat requirements.txt requirements-dev.txt requirements-nodeps.txt 2>/dev/null | sha1sum | cut -c1-12)
SETTINGS ?= config.settings.local

.PHONY: setup setup-test run test test-fast test-services lint format worker bench emulator messages clean train-syllables

setup: system-deps-run $(REQ_STAMP) messages
	DJANGO_SETTINGS_MODULE=$(SETTINGS) $(PY) manage.py migrate --noinput
	@echo "Set-up complete."

setup-test: system-deps-test $(REQ_STAMP) messages

system-deps-run:
	@scripts/system-deps.sh run

system-deps-test:
	@scripts/system-deps.sh test

$(REQ_STAMP): requirements.txt requirements-dev.txt requirements-nodeps.txt
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements-dev.txt
	$(PIP) install -q --no-deps -r requirements-nodeps.txt
	@rm -f $(VENV)/.requirements-*
	@touch $@

messages: $(REQ_STAMP)
	@$(PY) manage.py compilemessages --ignore=.venv -v 0

run: setup
	@DJANGO_SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py seed_demo
	@echo "Serving http://127.0.0.1:$(PORT)  (Ctrl-C stops)"
	DJANGO_SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

worker: setup
	$(VENV)/bin/celery -A config worker --loglevel=INFO --concurrency=2

emulator: setup
	$(PY) manage.py ocr_emulator --port $${EMULATOR_PORT:-8765}

test: setup-test lint
	scripts/run-tests.sh

lint: $(REQ_STAMP)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy .

format: $(REQ_STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: setup-test
	$(PY) bench/ocr_bench.py $(BENCH_ARGS)

# Retrain the local engine's syllable classifier (about 40 minutes on two cores; see the script).
train-syllables:
	@scripts/system-deps.sh train
	@test -x .venv-train/bin/python || python3 -m venv .venv-train
	.venv-train/bin/pip install -q -r requirements-train.txt
	.venv-train/bin/python scripts/train_syllables.py

clean:
	rm -rf $(VENV) .venv-train var/staticfiles .pytest_cache .mypy_cache .ruff_cache
