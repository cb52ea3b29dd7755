# KRiA — the two commands of the README: `make demo` and `make test`.
SHELL := /bin/bash
ARGS ?=
export PATH := $(HOME)/.local/bin:$(PATH)
UV := uv run --frozen

.PHONY: demo test bench lint typecheck unit setup-demo setup-test clean

demo: setup-demo ## a real Kafka broker, the four services, the pilot scenario (ARGS="--children 50 ...")
	$(UV) kria demo $(ARGS)

test: setup-test lint typecheck ## the whole suite: unit, contract, real Kafka, PostgreSQL, e2e
	$(UV) pytest -p no:cacheprovider $(ARGS); rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests ran"; exit 1; fi; exit $$rc

bench: setup-demo ## the pipeline against the raw aiokafka limit (ARGS="--courses 200 --json bench.json")
	$(UV) kria bench $(ARGS)

unit: setup-demo ## fast tests only (no broker)
	$(UV) pytest -p no:cacheprovider -m "not kafka and not postgres and not e2e" $(ARGS)

lint:
	$(UV) ruff check .

typecheck: ## mypy strict on the shared kit, the GOST package and every domain package
	$(UV) mypy --strict shared/kria_shared gost/kria_gost
	$(UV) mypy --strict services/certificates/kria_certificates/domain services/costing/kria_costing/domain \
		services/assessment/kria_assessment/domain services/signing/kria_signing/domain \
		console/kria_console/domain

setup-demo:
	@bash deploy/local/bootstrap.sh demo

setup-test:
	@bash deploy/local/bootstrap.sh test

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
