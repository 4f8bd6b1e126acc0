//! The set-up check of `make deps` / `make check-deps` (scripts/deps.sh): it finds
//! the libclang that bindgen loads and never takes libclang-cpp for it. A stock
//! Debian image ships only libclang-cpp14, which made `make deps` skip the install.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/deps.sh")
}

/// `deps.sh find ROOT` against a fake file tree holding `files`.
fn find(files: &[&str]) -> Option<String> {
    let root = tempfile::tempdir().unwrap();
    for f in files {
        let p = root.path().join(f.trim_start_matches('/'));
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, b"").unwrap();
    }
    let o = Command::new("sh").arg(script()).arg("find").arg(root.path()).env_remove("LIBCLANG_PATH").output().unwrap();
    let found = String::from_utf8_lossy(&o.stdout).trim().to_string();
    o.status.success().then(|| found.strip_prefix(&root.path().display().to_string()).unwrap_or(&found).to_string())
}

#[test]
fn libclang_cpp_alone_is_not_libclang() {
    assert_eq!(find(&["/usr/lib/x86_64-linux-gnu/libclang-cpp.so.14", "/usr/lib/llvm-14/lib/libclang-cpp.so.14"]), None);
    assert_eq!(find(&[]), None);
}

#[test]
fn finds_the_c_api_library() {
    assert_eq!(find(&["/usr/lib/x86_64-linux-gnu/libclang-14.so.1"]).as_deref(), Some("/usr/lib/x86_64-linux-gnu/libclang-14.so.1"));
    assert_eq!(
        find(&["/usr/lib/x86_64-linux-gnu/libclang-cpp.so.14", "/usr/lib/llvm-14/lib/libclang.so.1"]).as_deref(),
        Some("/usr/lib/llvm-14/lib/libclang.so.1")
    );
    assert_eq!(find(&["/usr/lib/llvm-16/lib/libclang.so"]).as_deref(), Some("/usr/lib/llvm-16/lib/libclang.so"));
}

/// On the machine running the tests, `make check-deps` passes: the build that ran
/// these tests found a libclang, so the check must agree.
#[test]
fn this_machine_passes_the_check() {
    let o = Command::new("sh").arg(script()).arg("check").output().unwrap();
    assert!(o.status.success(), "{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
}
