//! Mutation mode: valid modules with bit flips, byte insertions and
//! deletions, and truncation, fed to `spindle::Module::new`; those that
//! still validate are instantiated (imports stubbed) and their exports run
//! with fuel. The property: an error or a trap, never a panic, a hang or an
//! abort.
//!
//! Seeds: wasm-smith modules (with exceptions, tail calls, GC, SIMD and
//! memory64), and every module of the repository's text sources: `.wat`
//! files under `examples/`, `benches/` and `lib/`, and the modules inside
//! the `.wast` scripts under `tests/wast/` and the spec test suite's
//! scripts of the proposals landed since the core suite (stack switching,
//! SIMD, relaxed SIMD, memory64, GC, legacy exceptions; the folded legacy
//! `try` form unfolded as `spindle wast` does).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use spindle::{
    Engine, Extern, ExternType, Func, Global, Linker, Memory, Module, Store, Table, Tag,
};

use crate::panics::catch;
use crate::rng::Rng;
use crate::{smith, Artifact, Case, Verdict};

/// Fuel per call (and for instantiation).
const FUEL: u64 = 50_000;

/// The repository root (`SPINDLE_FUZZ_REPO` overrides).
pub fn repo_root() -> PathBuf {
    std::env::var_os("SPINDLE_FUZZ_REPO")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
}

fn collect_files(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_files(&p, exts, out);
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| exts.contains(&e))
        {
            out.push(p);
        }
    }
}

/// The binary modules of a `.wast` script (text modules and quoted ones;
/// `module definition`s too).
pub fn wast_modules(text: &str) -> Vec<Vec<u8>> {
    use wast::parser::{self, ParseBuffer};
    use wast::{Wast, WastDirective};
    let Ok(buf) = ParseBuffer::new(text) else {
        return Vec::new();
    };
    let Ok(script) = parser::parse::<Wast>(&buf) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for d in script.directives {
        let module = match d {
            WastDirective::Module(m) | WastDirective::ModuleDefinition(m) => m,
            _ => continue,
        };
        let mut m = module;
        if let Ok(bytes) = m.encode() {
            out.push(bytes);
        }
    }
    out
}

/// The repository's modules (read once): `(name, bytes)`.
pub fn corpus() -> &'static [(String, Vec<u8>)] {
    static CORPUS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let root = repo_root();
        let mut files = Vec::new();
        for dir in ["examples", "benches", "lib"] {
            collect_files(&root.join(dir), &["wat"], &mut files);
        }
        collect_files(&root.join("tests/wast"), &["wast", "wat"], &mut files);
        // The proposal's scripts from the spec test suite, when present
        // (`SPINDLE_TESTSUITE`, else `../shared/testsuite` beside the
        // checkout, as the spec test uses).
        let suite = std::env::var_os("SPINDLE_TESTSUITE")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("../shared/testsuite"));
        for dir in [
            "stack-switching",
            "stack-switching-overrides",
            "simd",
            "relaxed-simd",
            "memory64",
            "gc",
            "legacy-exceptions",
        ] {
            collect_files(&suite.join(dir), &["wast"], &mut files);
        }
        let mut out = Vec::new();
        for f in files {
            let Ok(text) = std::fs::read_to_string(&f) else {
                continue;
            };
            let name = f.strip_prefix(&root).unwrap_or(&f).display().to_string();
            if f.extension().is_some_and(|e| e == "wast") {
                let text = spindle_wast::unfold_legacy_try(&text);
                for (i, m) in wast_modules(&text).into_iter().enumerate() {
                    out.push((format!("{name}#{i}"), m));
                }
            } else if let Ok(bytes) = wat::parse_str(&text) {
                out.push((name, bytes));
            }
        }
        out
    })
}

/// Applies 1 to 4 random mutations (one most often, so that more mutants
/// still validate).
pub fn mutate(bytes: &mut Vec<u8>, rng: &mut Rng) {
    let n = if rng.chance(3, 5) { 1 } else { rng.range(2, 4) };
    for _ in 0..n {
        if bytes.is_empty() {
            bytes.push(rng.next_u32() as u8);
            continue;
        }
        // Mostly past the 8-byte header, where the interesting parts are.
        let pos = if bytes.len() > 8 && rng.chance(9, 10) {
            rng.range(8, bytes.len() - 1)
        } else {
            rng.below(bytes.len())
        };
        match rng.below(8) {
            0 | 1 => bytes[pos] ^= 1 << rng.below(8),
            2 => bytes[pos] = *rng.pick(&[0u8, 0x01, 0x7f, 0x80, 0xff, 0x40, 0x0b, 0x41, 0x10]),
            3 => {
                let k = rng.range(1, 4);
                let ins = rng.bytes(k);
                bytes.splice(pos..pos, ins);
            }
            4 => {
                let k = rng.range(1, 8).min(bytes.len() - pos);
                bytes.drain(pos..pos + k);
            }
            5 => bytes.truncate(pos.max(1)),
            6 => {
                // Duplicate a short chunk.
                let k = rng.range(1, 16).min(bytes.len() - pos);
                let chunk = bytes[pos..pos + k].to_vec();
                let at = rng.below(bytes.len());
                bytes.splice(at..at, chunk);
            }
            _ => bytes[pos] = bytes[pos].wrapping_add(if rng.chance(1, 2) { 1 } else { 255 }),
        }
    }
}

/// Defines a stub for every import of `module`: host functions returning
/// default values, fresh globals, memories, tables and tags of the
/// imported types. `None` if some import cannot be stubbed.
fn stub_imports(store: &mut Store<()>, module: &Module) -> Option<Linker<()>> {
    let engine = store.engine().clone();
    let mut linker = Linker::new(&engine);
    linker.allow_shadowing(true);
    let imports: Vec<(String, String, ExternType)> = module
        .imports()
        .map(|(m, n, t)| (m.to_string(), n.to_string(), t))
        .collect();
    for (m, n, ty) in imports {
        let ext = match ty {
            ExternType::Func(fty) => {
                let results: Vec<spindle::ValType> = fty.results().to_vec();
                Extern::Func(
                    Func::try_new(&mut *store, fty, move |_, _, out| {
                        for (o, t) in out.iter_mut().zip(&results) {
                            *o = spindle::Val::default_for(t);
                        }
                        Ok(())
                    })
                    .ok()?,
                )
            }
            ExternType::Global(gt) => Extern::Global(
                Global::new(&mut *store, gt, spindle::Val::default_for(&gt.content)).ok()?,
            ),
            ExternType::Memory(mt) => Extern::Memory(Memory::new(&mut *store, mt).ok()?),
            ExternType::Table(tt) => {
                let init = spindle::Val::default_for(&spindle::ValType::Ref(tt.element));
                Extern::Table(Table::new(&mut *store, tt, init).ok()?)
            }
            ExternType::Tag(fty) => Extern::Tag(Tag::try_new(&mut *store, &fty).ok()?),
        };
        linker.define(&*store, &m, &n, ext).ok()?;
    }
    Some(linker)
}

fn engine() -> Engine {
    let mut config = spindle::Config::new();
    config.consume_fuel(true);
    config.max_call_depth(50_000);
    config.max_continuations(10_000);
    config.max_total_stack_bytes(256 << 20);
    Engine::new(&config)
}

/// Compiles, instantiates and runs a (possibly invalid) module; `Err` with
/// the panic message if Spindle panicked. `Ok(true)` if it validated.
pub fn exercise(bytes: &[u8]) -> Result<bool, String> {
    let engine = engine();
    let module = match catch(|| Module::new(&engine, bytes))? {
        Ok(m) => m,
        Err(_) => return Ok(false),
    };
    let mut store = Store::new(&engine, ());
    let Some(linker) = catch(|| stub_imports(&mut store, &module))? else {
        return Ok(true);
    };
    let _ = store.set_fuel(FUEL);
    let instance = match catch(|| linker.instantiate(&mut store, &module))? {
        Ok(i) => i,
        Err(_) => return Ok(true),
    };
    let funcs: Vec<(String, Func)> = catch(|| {
        instance
            .exports(&mut store)
            .into_iter()
            .filter_map(|(n, e)| e.into_func().map(|f| (n, f)))
            .collect()
    })?;
    for (_, f) in funcs {
        let ty = f.ty(&store);
        let args: Vec<spindle::Val> = ty.params().iter().map(spindle::Val::default_for).collect();
        let mut results = vec![spindle::Val::I32(0); ty.results().len()];
        let _ = store.set_fuel(FUEL);
        // Errors and traps are fine; only a panic is a finding.
        let _ = catch(|| f.call(&mut store, &args, &mut results))?;
    }
    Ok(true)
}

/// Runs one mutation case.
pub fn run_case(case: &Case) -> Verdict {
    let mut rng = Rng::new(case.seed);
    let corpus = corpus();
    let (origin, mut bytes) = if corpus.is_empty() || rng.chance(1, 2) {
        let len = rng.range(128, 4096);
        match smith::generate(smith::mutation_base_config(), &mut rng, len) {
            Ok(w) => ("wasm-smith".to_string(), w),
            Err(_) => return Verdict::Inconclusive("wasm-smith could not build a module".into()),
        }
    } else {
        let (name, b) = rng.pick(corpus);
        (name.clone(), b.clone())
    };
    mutate(&mut bytes, &mut rng);
    let art = Artifact {
        wasm: bytes.clone(),
        wat: None,
    };
    case.running(&art);
    match exercise(&bytes) {
        Ok(_) => Verdict::Pass,
        Err(p) => Verdict::Finding(
            format!("Spindle panicked on a mutant of {origin}: {p}"),
            art,
        ),
    }
}
