//! Keeps the layers of `crates/spindle/src` that ARCHITECTURE.md lists
//! true: every `crate::` path in a module's code (tests excepted) names a
//! module of the same or a lower layer, and every module has a layer. The
//! list is read from ARCHITECTURE.md itself, between the
//! `<!-- layers -->` and `<!-- /layers -->` markers.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Layer number (from 0, the lowest) of each module, from ARCHITECTURE.md.
fn layers() -> BTreeMap<String, usize> {
    let doc = std::fs::read_to_string(root().join("../../ARCHITECTURE.md")).unwrap();
    let start = doc.find("<!-- layers -->").expect("layers marker") + 15;
    let end = doc.find("<!-- /layers -->").expect("end of layers marker");
    let mut map = BTreeMap::new();
    let lines = doc[start..end].lines().filter(|l| !l.trim().is_empty());
    for (layer, line) in lines.enumerate() {
        // `N. **name**: `a`, `b`, ...`
        let modules = line.split_once("**:").expect("`N. **name**: modules`").1;
        for m in modules.split('`').skip(1).step_by(2) {
            assert!(
                map.insert(m.to_string(), layer).is_none(),
                "{m} listed twice"
            );
        }
    }
    assert!(map.len() > 10, "too few modules in the layer list: {map:?}");
    map
}

/// The top-level module a source file belongs to (`interp/cont.rs` ->
/// `interp`).
fn module_of(file: &Path, src: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_str()
        .unwrap();
    first.trim_end_matches(".rs").to_string()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Names that `lib.rs` re-exports at the crate root, to their module.
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    let flat = lib.replace('\n', " ");
    for stmt in flat.split(';') {
        let Some(rest) = stmt.trim().strip_prefix("pub use ") else {
            continue;
        };
        let (module, names) = rest.split_once("::").unwrap();
        for n in names
            .trim_matches(|c| c == '{' || c == '}' || c == ' ')
            .split(',')
        {
            let n = n.trim();
            if !n.is_empty() {
                map.insert(n.to_string(), module.trim().to_string());
            }
        }
    }
    map
}

/// The first path segment after each `crate::` in `code`, expanding
/// `crate::{a, b::c}` groups.
fn crate_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + 7..];
        if let Some(group) = after.strip_prefix('{') {
            let inner = &group[..group.find('}').expect("closed group")];
            for item in inner.split(',') {
                let seg: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !seg.is_empty() {
                    out.push(seg);
                }
            }
        } else {
            out.push(
                after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect(),
            );
        }
        rest = after;
    }
    out
}

#[test]
fn modules_import_only_their_own_or_lower_layers() {
    let layers = layers();
    let src = root().join("src");
    let reexports = reexports(&std::fs::read_to_string(src.join("lib.rs")).unwrap());
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut modules = BTreeSet::new();
    let mut wrong = Vec::new();
    for file in &files {
        let module = module_of(file, &src);
        if module == "lib" {
            continue;
        }
        modules.insert(module.clone());
        let Some(&layer) = layers.get(&module) else {
            wrong.push(format!("module `{module}` has no layer in ARCHITECTURE.md"));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        // Tests may use anything.
        let code = text.split("#[cfg(test)]").next().unwrap();
        for (n, line) in code.lines().enumerate() {
            let line = line.split("//").next().unwrap();
            for seg in crate_paths(line) {
                let target = if layers.contains_key(&seg) {
                    seg.clone()
                } else if let Some(m) = reexports.get(&seg) {
                    m.clone()
                } else {
                    wrong.push(format!(
                        "{}:{}: unknown `crate::{seg}`",
                        file.display(),
                        n + 1
                    ));
                    continue;
                };
                if target == module {
                    continue;
                }
                let to = layers[&target];
                if to > layer {
                    wrong.push(format!(
                        "{}:{}: `{module}` (layer {}) imports `{target}` (layer {}) through `crate::{seg}`",
                        file.display(),
                        n + 1,
                        layer + 1,
                        to + 1
                    ));
                }
            }
        }
    }
    for m in layers.keys() {
        if !modules.contains(m) {
            wrong.push(format!("ARCHITECTURE.md lists `{m}`, which is no module"));
        }
    }
    assert!(wrong.is_empty(), "layer violations:\n{}", wrong.join("\n"));
}

#[test]
fn the_scanner_sees_grouped_and_plain_paths() {
    assert_eq!(
        crate_paths("use crate::{a::B, c}; x(crate::d::e)"),
        ["a", "c", "d"]
    );
}
