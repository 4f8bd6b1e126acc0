# nagrid — the two set-up commands are `make run` and `make test`.
#
# One cargo profile (release) is used for everything so the HiGHS C++ library,
# which takes about 10 CPU-minutes to build, is compiled once.

CARGO ?= cargo
CASE ?= inputs/north-america
NAGRID = ./target/release/nagrid

.PHONY: run test bench build deps lint fmt clean-outputs

## run: build, then run the default study and write outputs/
run: build
	$(NAGRID) run $(CASE)

## test: build and run the whole test suite
test: deps
	$(CARGO) test --release --workspace

build: deps
	$(CARGO) build --release --workspace

## deps: install what building HiGHS needs (cmake, libclang, a C++ compiler) if missing
deps:
	@need=""; \
	command -v cmake >/dev/null 2>&1 || need="$$need cmake"; \
	command -v g++ >/dev/null 2>&1 || need="$$need g++"; \
	ls /usr/lib/llvm-*/lib/libclang.so* /usr/lib/*/libclang-*.so* /usr/lib/*/libclang.so* >/dev/null 2>&1 || need="$$need libclang1-14"; \
	if [ -n "$$need" ]; then \
	  echo "make: installing$$need (needed to build the HiGHS solver)"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq >/dev/null && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$need >/dev/null || exit 1; \
	fi

## bench: criterion benches (build and solve, 24 h and 168 h) and a timed full-year run
bench: build
	$(CARGO) bench -p nagrid-benches
	sh benches/full_year.sh

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --release --workspace --all-targets -- -D warnings

fmt:
	$(CARGO) fmt --all

clean-outputs:
	find outputs -mindepth 1 -not -name .gitkeep -delete
