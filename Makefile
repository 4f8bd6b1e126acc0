# nagrid — the two set-up commands are `make run` and `make test`.
#
# One cargo profile (release) is used for everything so the HiGHS C++ library,
# which takes about 10 CPU-minutes to build, is compiled once.

CARGO ?= cargo
CASE ?= inputs/north-america
NAGRID = ./target/release/nagrid

.PHONY: run test bench build deps lint fmt clean-outputs compare expand

## run: build, then run the default study and write outputs/
run: build
	$(NAGRID) run $(CASE)

## compare: the cross-border study of the default case (inputs/north-america/compare.toml)
compare: build
	$(NAGRID) compare $(CASE)

## expand: co-optimised transmission and generation expansion of the default case
expand: build
	$(NAGRID) expand $(CASE)

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
	found=""; for f in /usr/lib/llvm-*/lib/libclang.so* /usr/lib/*/libclang-*.so* /usr/lib/*/libclang.so*; do [ -e "$$f" ] && found=1; done; \
	[ -n "$$found" ] || need="$$need libclang1-14"; \
	if [ -n "$$need" ]; then \
	  echo "make: installing$$need (needed to build the HiGHS solver)"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq >/dev/null && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$need >/dev/null || exit 1; \
	fi

## bench: criterion benches (dispatch build and solve at 24 h and 168 h for transport,
## dc angles and dc cycles; DC-OPF of the MATPOWER/PGLib cases; load fitting and
## synthetic profiles), then timed full-year runs with peak memory, then a summary.
## BENCH_ARGS is passed to criterion (e.g. BENCH_ARGS="--quick"); FULL_YEAR picks
## scenarios of benches/full_year.sh. About 10-15 minutes on 2 cores.
BENCH_ARGS ?=
FULL_YEAR ?=
bench: build
	@date +%s >target/bench-start
	$(CARGO) bench -p nagrid-benches --bench '*' -- $(BENCH_ARGS)
	SUMMARY=0 sh benches/full_year.sh $(FULL_YEAR)
	@python3 benches/summary.py --since $$(cat target/bench-start)

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --release --workspace --all-targets -- -D warnings

fmt:
	$(CARGO) fmt --all

clean-outputs:
	find outputs -mindepth 1 -not -name .gitkeep -delete
