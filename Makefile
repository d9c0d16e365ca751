# TaskFlow: `make up` to run it, `make test` to test it. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

STACK := deploy/local/stack.sh
# Fuzzing time per libFuzzer target: `make test-fuzz` (short) and `make fuzz` (long).
FUZZ_TEST_SECONDS ?= 10
FUZZ_SECONDS ?= 300

.PHONY: help deps build frontend up down status logs test lint test-unit test-asan test-fuzz test-stack test-frontend test-e2e bench fuzz format clean

help: ## Lists the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

deps: ## Installs the Debian packages that are missing
	@deploy/local/install-deps.sh

# What runs: the services deploy/local/services.sh starts (their binaries' names are their CMake
# targets). The unit tests are built by `make test` (test-unit) in the same tree, so nothing is
# compiled twice.
SERVICE_TARGETS := $(shell sed -n 's|^taskflow_service .*/\(taskflow-[a-z0-9_-]*\)$$|\1|p' deploy/local/services.sh)

build: deps ## Builds the services (Release)
	@echo "==> building the services (release)"
	@cmake --preset release >/dev/null
	@cmake --build --preset release --target $(SERVICE_TARGETS)

# The web app: `npm ci` only when node_modules is missing or older than the lockfile.
frontend: deps ## Builds the web app (frontend/dist), which the gateway serves at /
	@echo "==> building the web app"
	@if [ ! -f frontend/node_modules/.package-lock.json ] || [ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]; then \
		cd frontend && npm ci --no-audit --no-fund; fi
	@cd frontend && npm run --silent build

up: build frontend ## Builds and starts the whole stack in the background, then prints its URLs
	@$(STACK) up

down: ## Stops what `make up` started
	@$(STACK) down

status: ## Shows what is running
	@$(STACK) status

logs: ## Shows the logs (NAME=auth-0 for one component)
	@$(STACK) logs $(NAME)

test: deps lint test-unit test-frontend test-asan test-fuzz test-stack test-e2e ## Runs every test: lint, unit (C++ and web app), unit under ASan/UBSan, a short fuzzing of the parsers, against a running stack, in the browser

lint: ## Checks C++ formatting (clang-format), the shell scripts (shellcheck), the web app (ESLint, Prettier), and the deployment files offline
	@echo "==> lint"
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror
	@shellcheck deploy/local/*.sh deploy/local/lib/*.sh proxy/*.sh tests/*.sh tests/e2e/*.sh bench/*.sh libs/testing/*.sh .ci/run
	@if [ ! -f frontend/node_modules/.package-lock.json ] || [ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]; then \
		cd frontend && npm ci --no-audit --no-fund; fi
	@cd frontend && npm run --silent lint
	@tests/infra/check.sh

test-unit: ## Unit tests (GoogleTest via CTest)
	@echo "==> unit tests"
	@cmake --preset release >/dev/null
	@cmake --build --preset release
	@ctest --preset release -j2

test-asan: ## Unit tests under AddressSanitizer and UndefinedBehaviorSanitizer
	@echo "==> unit tests under ASan+UBSan"
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan
	@ctest --preset asan -j2

test-fuzz: ## The parsers' libFuzzer targets (clang): their regressions and seeds, then FUZZ_TEST_SECONDS (10) s each
	@echo "==> fuzzing the parsers ($(FUZZ_TEST_SECONDS) s each)"
	@libs/testing/run-fuzzers.sh $(FUZZ_TEST_SECONDS)

test-stack: ## Tests against a real stack of its own (other ports, .taskflow-test/)
	@echo "==> tests against a running stack"
	@cmake --preset release >/dev/null
	@cmake --build --preset release
	@tests/run-stack-tests.sh

test-frontend: frontend ## The web app's unit tests (Vitest): API client, token refresh, forms
	@echo "==> web app unit tests"
	@cd frontend && npx vitest run

test-e2e: frontend ## Browser tests (Playwright + Chromium) against a stack of their own (.taskflow-e2e/)
	@echo "==> browser end-to-end tests"
	@cmake --preset release >/dev/null
	@cmake --build --preset release
	@tests/e2e/run-e2e.sh

bench: ## Load benchmarks against the `make up` stack (see bench/README.md)
	@bench/run.sh

fuzz: ## Fuzzes each parser for FUZZ_SECONDS (300) s (FUZZ_TARGETS=name... for some); keeps crashes as regressions
	@echo "==> fuzzing the parsers ($(FUZZ_SECONDS) s each)"
	@libs/testing/run-fuzzers.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

format: ## Formats the C++ sources with clang-format
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean: ## Removes build trees (not data)
	@rm -rf build
