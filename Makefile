# The two commands of the README: `make run` starts the product, `make test` passes the tests.
SHELL := /bin/bash
CONFIGURATION ?= Release

.PHONY: run test bench build

build:
	dotnet build OdooSidecar.sln -c $(CONFIGURATION)

## Starts the sidecar in front of ODOO_URL, reading policy from ODOO_DSN (an Npgsql connection string).
run:
	@test -n "$$ODOO_DSN" || { echo "Set ODOO_DSN (e.g. Host=127.0.0.1;Username=odoo;Password=odoo;Database=odoo) and optionally ODOO_URL"; exit 2; }
	Odoo__Url="$${ODOO_URL:-http://127.0.0.1:8069}" Odoo__ConnectionString="$$ODOO_DSN" \
	ASPNETCORE_URLS="$${SIDECAR_URLS:-http://127.0.0.1:8070}" \
	dotnet run -c $(CONFIGURATION) --project sidecar

## Installs what the tests need (Debian packages), builds everything and runs every test.
test:
	./tests/install-test-deps.sh
	dotnet build OdooSidecar.sln -c $(CONFIGURATION)
	python3 tests/addon/check_addon.py
	dotnet test OdooSidecar.sln -c $(CONFIGURATION) --no-build

## Direct vs through-the-sidecar latency, throughput and the sidecar's peak RSS.
bench:
	./tests/install-test-deps.sh
	dotnet build OdooSidecar.sln -c Release
	dotnet run -c Release --no-build --project tests/OdooSidecar.Benchmarks -- $(BENCH_ARGS)
