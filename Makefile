# Xbar: the two commands every newcomer runs. Both install what they need on a fresh
# Debian/Ubuntu machine that has the .NET SDK.
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: test test-slow demo build deps system ngspice clean publish install-tool

## system: Debian packages Xbar uses, installed with apt-get only when missing:
##   libngspice0/ngspice (the circuit engine), libopenblas0 (matrix products for convolution,
##   training and transfer-matrix batches), dataset-fashion-mnist (/usr/share/datasets),
##   espeak-ng and sox (the synthetic spoken-digit set).
APT_PACKAGES := libngspice0 ngspice libopenblas0 dataset-fashion-mnist espeak-ng sox
system:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing with apt-get:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

## ngspice: kept as a name for the system packages (older instructions use it).
ngspice: system

deps: system
	$(DOTNET) restore Circuit.sln

build: deps
	$(DOTNET) build Circuit.sln -c $(CONFIG) --no-restore -nologo -clp:ErrorsOnly

## publish: a ReadyToRun (precompiled, AVX2) build in out/xbar, started as out/xbar/xbar: no JIT at
##   start-up or on the first solve (the ngspice worker runs from the same folder).
publish: deps
	$(DOTNET) publish cli -c $(CONFIG) -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
	  "-p:PublishReadyToRunCrossgen2ExtraArgs=--instruction-set:x86-64-v3" -o out/xbar -nologo -clp:ErrorsOnly

## test: every unit and integration test (slow paper reproductions are opt-in: XBAR_SLOW=1).
test: build
	$(DOTNET) test Circuit.sln -c $(CONFIG) --no-build -nologo --filter "Category!=Slow"

## demo: the main job.
demo: build
	$(DOTNET) run --project cli -c $(CONFIG) --no-build -- demo

## install-tool: packs the CLI as a .NET tool (Xbar.Cli) and installs or updates it: `xbar` on the
##   PATH through ~/.dotnet/tools, or in TOOL_PATH when given (make install-tool TOOL_PATH=/opt/xbar).
install-tool: build
	$(DOTNET) pack cli -c $(CONFIG) --no-build -nologo -o out/tool-package
	$(DOTNET) tool update $(if $(TOOL_PATH),--tool-path $(TOOL_PATH),--global) Xbar.Cli --add-source out/tool-package

clean:
	$(DOTNET) clean Circuit.sln -nologo
	rm -rf out

## test-slow: the opt-in slow tests (paper reproductions, large sweeps).
test-slow: build
	$(DOTNET) test Circuit.sln -c $(CONFIG) --no-build -nologo --filter "Category=Slow"
