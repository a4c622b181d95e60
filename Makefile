# SymptomSite: every command the project has. `make help` lists them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/symptomsite
PYTEST_ARGS ?=

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}' \
		| sed -e 's|$$(PORT)|$(PORT)|g' -e 's|$$(PG_URL)|$(PG_URL)|g' -e 's|$$(VENV)|$(VENV)|g'

# requirements.txt pins the whole tree with hashes: exactly those files are installed.
# pip installs uv (pinned and hashed too), and uv installs the rest: 10 s instead of 60.
$(VENV)/.installed: requirements.txt requirements-uv.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements-uv.txt
	$(VENV)/bin/uv pip install --quiet --python $(PY) --require-hashes -r requirements.txt
	touch $@

# Test-only tools from the npm registry: axe-core and the Nu Html Checker (vnu.jar).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

.PHONY: lock
lock: install ## Recompile requirements.txt and requirements-uv.txt (every package, with hashes) from their .in files
	for name in requirements requirements-uv; do \
		$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
			--no-emit-find-links --output-file $$name.txt $$name.in || exit 1; \
	done

.PHONY: install
install: $(VENV)/.installed ## Create .venv and install the pinned requirements

.PHONY: install-test-tools
install-test-tools: install node_modules/.installed ## Also install axe-core and vnu.jar for the accessibility and HTML tests

PORT ?= 8000
# The demo's every absolute address (canonical links, JSON-LD, citations, the API's links,
# robots.txt, signed statements) names the port it is served on, and it signs with the
# published development key (refused with DEBUG off) so that its signatures verify.
SITE_URL ?= http://127.0.0.1:$(PORT)
DEMO_ENV = DEBUG=1 SITE_URL=$(SITE_URL) SIGNING_KEY=$${SIGNING_KEY:-development}

.PHONY: run
run: install ## Set up SQLite with demo content and accounts, serve http://127.0.0.1:$(PORT)/ (PORT=8001 to move)
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py load_demo --port $(PORT)
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

ACCOUNT ?= reviewer

.PHONY: demo-code
demo-code: install ## Print the demo's second-factor code for ACCOUNT (reviewer; ACCOUNT=admin for the other)
	@$(DEMO_ENV) $(PY) manage.py demo_code $(ACCOUNT)

# Run before a command by `make test`, so that lint and the checks take the cores only
# when the two suites leave them idle (the suites are what the wall time waits for).
BESIDE ?=

.PHONY: lint
lint: install ## ruff lint and format check, the layer contract (import-linter), types (mypy)
	$(BESIDE) $(VENV)/bin/ruff check .
	$(BESIDE) $(VENV)/bin/ruff format --check .
	$(BESIDE) $(VENV)/bin/lint-imports
	$(BESIDE) $(VENV)/bin/mypy

.PHONY: format
format: install ## Apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

.PHONY: check
check: install ## Django system checks and a missing-migration check
	$(BESIDE) $(PY) manage.py check
	$(BESIDE) $(PY) manage.py makemigrations --check --dry-run

# The public site's interface in Spanish: locale/es/LC_MESSAGES/django.po, and the .mo
# compiled from it (both committed). Needs GNU gettext (apt-get install gettext).
.PHONY: messages
messages: install ## Update the Spanish catalogue from the code (makemessages) and compile it (compilemessages)
	$(PY) manage.py makemessages -l es --no-location --ignore=.venv --ignore=node_modules --ignore=var --ignore=tests
	$(PY) manage.py compilemessages -l es --ignore=.venv

# `make test` runs the suite on SQLite and on PostgreSQL side by side, one process each
# (SUITE_SPLIT=1): a test that depends on the engine runs in both, every other test once
# (tests/conftest.py says where). Lint and the checks run beside them, at a lower priority;
# one HTML checker (tests/html_checker.py) serves both processes.
SPLIT := SUITE_SPLIT=1
DURATIONS := --durations=20

.PHONY: test
test: install-test-tools ## Lint, checks, and the suite on SQLite and PostgreSQL side by side (about 7 minutes)
	@$(PY) -m tests.html_checker $(MAKE) --no-print-directory -j4 --output-sync=target BESIDE="nice -n 15" \
		lint check split-sqlite split-postgres

.PHONY: split-sqlite split-postgres
split-sqlite: install-test-tools
	$(SPLIT) $(PY) -m pytest $(DURATIONS) -o cache_dir=.pytest_cache/sqlite $(PYTEST_ARGS)

split-postgres: install-test-tools
	$(SPLIT) DATABASE_URL=$(PG_URL) $(PY) -m pytest $(DURATIONS) -o cache_dir=.pytest_cache/postgres $(PYTEST_ARGS)

.PHONY: test-fast
test-fast: install-test-tools ## The inner loop: SQLite on both cores, no browser or slow tests, failures first (under 90 s)
	$(PY) -m pytest -m "not browser and not slow and not scale and not cluster" -n 2 --dist worksteal --ff -q -o cache_dir=.pytest_cache/fast $(PYTEST_ARGS)

.PHONY: search-eval
search-eval: install ## The search evaluation set (demo/search_eval.yaml) on the demo: recall@3 and MRR on SQLite and PostgreSQL
	$(PY) -m pytest tests/public/test_search_eval.py -k TestTheDemoEvaluationSet -q -o cache_dir=.pytest_cache/eval
	DATABASE_URL=$(PG_URL) $(PY) -m pytest tests/public/test_search_eval.py -k TestTheDemoEvaluationSet -q -o cache_dir=.pytest_cache/eval

.PHONY: test-sqlite
test-sqlite: install-test-tools ## The whole suite on SQLite alone
	$(PY) -m pytest $(DURATIONS) $(PYTEST_ARGS)

.PHONY: test-postgres
test-postgres: install-test-tools ## The whole suite on PostgreSQL alone ($(PG_URL))
	DATABASE_URL=$(PG_URL) $(PY) -m pytest $(DURATIONS) $(PYTEST_ARGS)

.PHONY: fuzz
fuzz: install-test-tools ## Hypothesis over every public URL and form on PostgreSQL, 30,000 examples a test (make test: 1,000)
	DATABASE_URL=$(PG_URL) HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -m fuzz $(PYTEST_ARGS)

BENCH_ARTICLES ?= 10000
BENCH_CONDITIONS ?= 5000

.PHONY: bench
bench: install ## gunicorn + PostgreSQL + Redis under wrk: cached article, API, bare view; then every page at demo size and at BENCH_ARTICLES (needs wrk)
	$(PY) bench/serve.py
	$(PY) bench/scale.py --articles $(BENCH_ARTICLES) --conditions $(BENCH_CONDITIONS)

.PHONY: bench-page
bench-page: install ## In-process requests/s of the article page (snapshot vs ORM vs bare view) and of the API's article
	$(PY) bench/article_page.py

.PHONY: bench-admin
bench-admin: install ## Server time of the article editor page (GET and POST of the seed article)
	$(PY) bench/admin_page.py

.PHONY: smoke
smoke: install ## 1,000 articles through generate_content on PostgreSQL, then the public pages answer (CI runs it after test)
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -m scale $(PYTEST_ARGS)

# Past one machine, on this one (docs/deploy.md): every part a real engine on a loopback
# port, started by deploy/cluster.py; the data and logs stay in var/cluster/.
.PHONY: cluster
cluster: install ## Start the edge (Varnish), balancer (HAProxy), 2 app nodes, PostgreSQL primary + replica, Redis and a worker
	deploy/install.sh
	$(PY) deploy/cluster.py up

.PHONY: cluster-down
cluster-down: ## Stop everything `make cluster` started (deploy/cluster.py reset also removes its data)
	$(PY) deploy/cluster.py down

CLUSTER_ENV = eval "$$($(PY) deploy/cluster.py env)"

.PHONY: cluster-test
cluster-test: cluster ## The fault tests under load: kill a node, restart all, stop the replica, Redis, the worker; delayed replay; 1,000 publish/withdraw cycles
	$(CLUSTER_ENV) && $(PY) -m pytest -m cluster tests/cluster -s -q -o cache_dir=.pytest_cache/cluster $(PYTEST_ARGS)

.PHONY: cluster-bench
cluster-bench: cluster ## Requests/s of the edge, the app servers and a bare Django view, side by side
	$(PY) bench/cluster.py
