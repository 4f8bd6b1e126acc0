//! report.html in a real browser: headless Chromium (Debian's `chromium`, which
//! `make test` and `make test-browser` install through scripts/browser.sh) opens the
//! report of `nagrid run inputs/tiny` and that of `nagrid sweep` of
//! inputs/tiny/sweep.toml. There must be no console message, the map must draw one
//! tie per line and link and one circle per region, and every chart must have drawn
//! elements with a visible size in the laid-out page.
//!
//! Skipped, with the reason printed, where no Chromium is found; under `CI=true`
//! a missing browser is a failure (CI installs it). `NAGRID_CHROMIUM` names another
//! browser binary.

use std::path::{Path, PathBuf};
use std::process::Command;

fn tiny() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../inputs/tiny")
}

/// The first Chromium that answers `--version`.
fn browser() -> Option<String> {
    let named = std::env::var("NAGRID_CHROMIUM").ok();
    named
        .into_iter()
        .chain(["chromium", "chromium-browser", "google-chrome"].map(String::from))
        .find(|b| Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()))
}

/// The DOM after load (`--dump-dom`) and the browser's log of `page`.
fn open(browser: &str, page: &Path, profile: &Path) -> (String, String) {
    let o = Command::new(browser)
        .args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--disable-dev-shm-usage",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(["--window-size=1400,1000", "--dump-dom"])
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run the browser");
    assert!(o.status.success(), "{browser} failed: {}", String::from_utf8_lossy(&o.stderr));
    (String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

/// Console messages (errors, warnings, logs) in a browser log.
fn console(log: &str) -> Vec<&str> {
    log.lines().filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught")).collect()
}

/// Opens the folded sections, measures every inline SVG of the laid-out page and writes the result into the DOM
/// (`<pre id="nagrid-check">`), for `--dump-dom` to return.
const PROBE: &str = r#"<script>
document.querySelectorAll('details').forEach(d => { d.open = true; });
const svgs = [...document.querySelectorAll('svg')].map(s => {
  const b = s.getBBox(), r = s.getBoundingClientRect();
  const n = s.querySelectorAll('path,polygon,polyline,rect,circle,line').length;
  return [Math.round(b.width), Math.round(b.height), Math.round(r.width), n];
});
const ties = [...document.querySelectorAll('svg.map path.tie')].map(p => p.getTotalLength());
const regions = [...document.querySelectorAll('svg.map circle.region')].map(c => c.r.baseVal.value);
const pre = document.createElement('pre');
pre.id = 'nagrid-check';
pre.textContent = JSON.stringify({svgs, ties, regions});
document.body.appendChild(pre);
</script>"#;

/// Opens `report` with [`PROBE`] added: no console message; the probe's findings.
fn probe(browser: &str, report: &Path, profile: &Path, scratch: &Path) -> serde_json::Value {
    let probed = scratch.join("probed.html");
    let html = std::fs::read_to_string(report).unwrap().replace("</body>", &format!("{PROBE}</body>"));
    std::fs::write(&probed, html).unwrap();
    let (dom, log) = open(browser, &probed, profile);
    assert!(console(&log).is_empty(), "console messages:\n{}", console(&log).join("\n"));
    let start = dom.find("<pre id=\"nagrid-check\">").expect("probe ran") + "<pre id=\"nagrid-check\">".len();
    let json = &dom[start..start + dom[start..].find("</pre>").unwrap()];
    serde_json::from_str(&json.replace("&quot;", "\"")).unwrap()
}

/// Every SVG the probe measured has drawn elements and a readable size.
fn charts_drawn(v: &serde_json::Value, at_least: usize) {
    let svgs = v["svgs"].as_array().unwrap();
    assert!(svgs.len() >= at_least, "{} SVGs, expected at least {at_least}", svgs.len());
    for (i, s) in svgs.iter().enumerate() {
        let [bw, bh, shown, n] = [0, 1, 2, 3].map(|k| s[k].as_f64().unwrap());
        assert!(n >= 3.0 && bw > 50.0 && bh > 20.0, "SVG {i} draws nothing: {s}");
        assert!(shown > 300.0, "SVG {i} is not shown at a readable width: {s}");
    }
}

#[test]
fn report_opens_in_headless_chromium_without_errors_with_map_and_charts_drawn() {
    let Some(b) = browser() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI must run the browser test: install chromium (sh scripts/browser.sh install)"
        );
        println!("skipped: no chromium found (install it with `sh scripts/browser.sh install`, or set NAGRID_CHROMIUM)");
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let profile = d.path().join("profile");
    // The check can fail: a page with a script error is caught.
    let broken = d.path().join("broken.html");
    std::fs::write(&broken, "<!DOCTYPE html><html><body><script>notDefined();</script></body></html>").unwrap();
    let (_, log) = open(&b, &broken, &profile);
    assert!(!console(&log).is_empty(), "the console check does not see errors:\n{log}");

    let out = d.path().join("run");
    let o = Command::new(env!("CARGO_BIN_EXE_nagrid")).arg("run").arg(tiny()).arg("--out").arg(&out).arg("--quiet").output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let report = out.join("report.html");
    let (dom, log) = open(&b, &report, &profile);
    assert!(console(&log).is_empty(), "console messages:\n{}", console(&log).join("\n"));
    assert_eq!(dom.matches("<path class=\"tie\"").count(), 2, "one curve per line and link");
    assert_eq!(dom.matches("<circle class=\"region\"").count(), 3, "one circle per region");
    assert!(!dom.contains("parsererror"));

    // Laid out: every SVG has drawn elements and a visible size.
    let v = probe(&b, &report, &profile, d.path());
    charts_drawn(&v, 13);
    let ties = v["ties"].as_array().unwrap();
    assert!(ties.len() == 2 && ties.iter().all(|l| l.as_f64().unwrap() > 20.0), "{ties:?}");
    assert!(v["regions"].as_array().unwrap().iter().all(|r| r.as_f64().unwrap() >= 5.0));

    // The sweep's report: its tables and every chart drawn, no console message.
    let sweep = d.path().join("sweep");
    let o = Command::new(env!("CARGO_BIN_EXE_nagrid"))
        .arg("sweep")
        .arg(tiny())
        .arg("--spec")
        .arg(tiny().join("sweep.toml"))
        .arg("--out")
        .arg(&sweep)
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let report = sweep.join("report.html");
    let (dom, log) = open(&b, &report, &profile);
    assert!(console(&log).is_empty(), "console messages:\n{}", console(&log).join("\n"));
    assert!(!dom.contains("parsererror"));
    assert_eq!(dom.matches("/report.html\">").count(), 6, "a link to each variant's report");
    // Four box charts, cost, CO2 and price along each of the two axes.
    charts_drawn(&probe(&b, &report, &profile, d.path()), 10);
}
