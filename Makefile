# KRiA — the two commands of the README: `make demo` and `make test`.
SHELL := /bin/bash
ARGS ?=
export PATH := $(HOME)/.local/bin:$(PATH)
UV := uv run --frozen

.PHONY: demo test test-main test-containers test-chaos images region bench lint typecheck unit setup-demo setup-test clean

demo: setup-demo ## a real Kafka broker, the four services, the pilot scenario (ARGS="--children 50 ...")
	$(UV) kria demo $(ARGS)

test: setup-test lint typecheck test-main test-containers test-chaos ## the whole suite, its container branch, then the chaos suite

# The suite with the jar broker (the broker order's last branch, explicitly: KRIA_KAFKA_NO_DOCKER=1).
test-main:
	KRIA_KAFKA_NO_DOCKER=1 $(UV) pytest -p no:cacheprovider -m "not containers" $(ARGS); rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests ran"; exit 1; fi; exit $$rc

# The container branch of the broker order (an engine answers + the local Kafka image): tests/containers and
# a subset of the real-broker tests against a broker started by testcontainers (docs/operations.md says why);
# tests/containers/test_kube_play.py starts the rendered k8s manifests with `podman kube play` (every image).
CONTAINER_SUBSET := tests/containers tests/integration/kit tests/deploy/test_topic_provisioning.py \
	tests/integration/costing/test_settlement_flow.py
test-containers: setup-test
	bash deploy/containers/images.sh kafka certificates costing assessment signing console
	env -u KAFKA_BOOTSTRAP_SERVERS -u KRIA_KAFKA_NO_DOCKER DOCKER_HOST=$${DOCKER_HOST:-unix:///run/podman/podman.sock} \
		TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_CONNECTION_MODE=docker_host \
		$(UV) pytest -p no:cacheprovider $(CONTAINER_SUBSET)

# Issue 19.4: three KRaft brokers (RF 3, min ISR 2), PostgreSQL and the four services in containers, faults injected
# one after another on one load of >= 500 courses (docs/operations.md "Chaos"). The images are reused when built.
test-chaos: images
	bash deploy/containers/images.sh postgres
	env -u KAFKA_BOOTSTRAP_SERVERS $(UV) pytest -p no:cacheprovider -m chaos -s tests/chaos $(ARGS)

images: setup-test ## the base images (debootstrap), Kafka, the four services and the console, built with the network off
	bash deploy/containers/images.sh

region: setup-test ## deploy/compose under Podman: up, the demo against it, down (ARGS="--children 20")
	bash deploy/containers/images.sh kafka postgres prometheus certificates costing assessment signing
	bash deploy/containers/region.sh all $(if $(ARGS),$(ARGS),--children 6)

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
