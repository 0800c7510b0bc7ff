# Xbar: the two commands every newcomer runs. Both install what they need on a fresh
# Debian/Ubuntu machine that has the .NET SDK.
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: test test-slow demo build deps ngspice clean

## ngspice: installs Debian's libngspice0 (the shared library Xbar drives) when ldconfig does not list it.
ngspice:
	@if ! ldconfig -p | grep -q 'libngspice\.so\.0'; then \
	  echo "Installing libngspice0 and ngspice with apt-get..."; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libngspice0 ngspice; \
	fi
	@if ! command -v ngspice >/dev/null; then \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq ngspice; \
	fi

deps: ngspice
	$(DOTNET) restore Circuit.sln

build: deps
	$(DOTNET) build Circuit.sln -c $(CONFIG) --no-restore -nologo -clp:ErrorsOnly

## test: every unit and integration test (slow paper reproductions are opt-in: XBAR_SLOW=1).
test: build
	$(DOTNET) test Circuit.sln -c $(CONFIG) --no-build -nologo --filter "Category!=Slow"

## demo: the main job.
demo: build
	$(DOTNET) run --project cli -c $(CONFIG) --no-build -- demo

clean:
	$(DOTNET) clean Circuit.sln -nologo
	rm -rf out

## test-slow: the opt-in slow tests (paper reproductions, large sweeps).
test-slow: build
	$(DOTNET) test Circuit.sln -c $(CONFIG) --no-build -nologo --filter "Category=Slow"
