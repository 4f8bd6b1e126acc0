# nagrid — the two set-up commands are `make run` and `make test`.
#
# One cargo profile (release) is used for everything so the HiGHS C++ library,
# which takes about 10 CPU-minutes to build, is compiled once.

CARGO ?= cargo
CASE ?= inputs/north-america
NAGRID = ./target/release/nagrid

.PHONY: run test test-browser browser bench build deps check-deps lint fmt clean-outputs compare expand slurm-start slurm-stop

## run: build, then run the default study and write outputs/
run: build
	$(NAGRID) run $(CASE)

## compare: the cross-border study of the default case (inputs/north-america/compare.toml)
compare: build
	$(NAGRID) compare $(CASE)

## expand: co-optimised transmission and generation expansion of the default case
expand: build
	$(NAGRID) expand $(CASE)

## test: build and run the whole test suite (with the browser test of report.html:
## Debian's chromium is installed first if missing, see scripts/browser.sh; the Slurm
## sweep test skips, saying why, unless a cluster runs: `make slurm-start` first, as .ci/run does)
test: deps check-deps browser
	$(CARGO) test --release --workspace

## test-browser: install chromium if missing, then open report.html of inputs/tiny in
## it (headless): no console errors, map and charts drawn
test-browser: deps browser
	$(CARGO) test --release -p nagrid-cli --test report_browser -- --nocapture

## browser: install Debian's chromium for the browser test if no browser is found
## (skipped with the reason printed where it cannot be installed)
browser:
	@sh scripts/browser.sh install

## slurm-start / slurm-stop: a one-node Slurm cluster on this machine for the sweep
## test and docs/sweeps.md (installs slurm-wlm and munge if missing; needs root)
slurm-start:
	sh scripts/slurm-local.sh start
slurm-stop:
	sh scripts/slurm-local.sh stop

build: deps
	$(CARGO) build --release --workspace

## deps: install what building HiGHS needs (cmake, g++, a libclang that bindgen
## can load) if missing; scripts/deps.sh says what it looks for
deps:
	@sh scripts/deps.sh install

## check-deps: fail unless cmake, g++ and a loadable libclang are present (CI runs
## it after deps to prove the set-up path works on the machine it runs on)
check-deps:
	@sh scripts/deps.sh check

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
