# Nidaa: `make run` serves the demo campaign, `make test` runs every check, `make bench` measures.
# Each step leaves a stamp so that a second run does nothing it need not do.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := .stamps
PORT ?= 8000
# pytest processes for `make test` (pytest-xdist): one per core by default.
TEST_WORKERS ?= auto

export DJANGO_SETTINGS_MODULE := nidaa.settings

.PHONY: run test bench browser pdf-libs pdf-tools exiftool lint typecheck migrations-check install install-dev assets messages clean

run: install assets pdf-libs
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py serve --port $(PORT)

# Lint, types, migrations, then every test (browser journeys included) on DATABASE_URL's database.
test: install-dev assets browser pdf-libs pdf-tools exiftool
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -n $(TEST_WORKERS)

# Serves the app under gunicorn on a fresh SQLite database and measures it with wrk on
# loopback, then exports a million signatures (about 7.5 minutes in all); writes bench/results.json
# and bench/results.md (see README).
bench: install assets
	@bench/ensure-wrk.sh
	$(PY) -m bench.run

install: $(STAMPS)/install
install-dev: $(STAMPS)/install-dev

$(STAMPS)/venv:
	@mkdir -p $(STAMPS)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	@touch $@

$(STAMPS)/install: $(STAMPS)/venv requirements.txt
	$(VENV)/bin/pip install --quiet -r requirements.txt
	@touch $@

$(STAMPS)/install-dev: $(STAMPS)/install requirements-dev.txt
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	@touch $@

# Front-end files come from the npm registry at install time and are served by the app itself.
# (npm ci writes node_modules/.package-lock.json: deleting node_modules re-runs it.)
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --silent
	@touch $@

# Debian's chromium for the end-to-end journeys (skipped loudly where it cannot be installed,
# except under CI=true where a missing browser is a failure).
browser:
	@scripts/ensure-chromium.sh

# Debian's Pango, which WeasyPrint needs for PDF documents.
pdf-libs:
	@scripts/ensure-pdf-libs.sh

# Debian's poppler-utils and zbar-tools, which the pamphlet tests read PDFs and QR codes back with.
pdf-tools:
	@scripts/ensure-pdf-tools.sh

# Debian's exiftool, the independent reader the evidence tests check public image copies with.
exiftool:
	@scripts/ensure-exiftool.sh

# Subset fonts, compile the message catalogs, write the offline table of city names, and collect
# static files (the app's own and the npm packages it serves, such as Leaflet and the world's
# outline for the events map, without its two larger scales) for the production server.
assets: $(STAMPS)/install node_modules/.package-lock.json
	$(PY) manage.py build_fonts
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
	$(PY) manage.py build_places
	$(PY) manage.py collectstatic --noinput -v 0 --ignore "*-10m.json" --ignore "*-50m.json"

# Regenerate the message catalogs after changing interface strings (see README, "Languages").
messages: install
	$(PY) manage.py makemessages --all --ignore=.venv --ignore=node_modules --ignore=static_collected --no-obsolete
	$(PY) manage.py makemessages --all -d djangojs --ignore=.venv --ignore=node_modules --ignore=static_collected --no-obsolete

clean:
	rm -rf $(VENV) $(STAMPS) node_modules static_collected nidaa/core/static/core/fonts
