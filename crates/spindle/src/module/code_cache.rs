//! The compiled-code cache (`Config::cache_dir`): the machine code of a
//! module's compiled functions, kept in a file per module between runs,
//! so that a function compiled in one run starts compiled in the next.
//!
//! The file's name is a hash of the module's bytes, this build of Spindle
//! (`SPINDLE_BUILD_ID`, new whenever the crate is rebuilt) and the host's
//! code generator (its target and CPU features); each entry holds a
//! function's `jit::Artifact` and a fingerprint of the `FuncCode` it was
//! compiled from, which must match the translation it is used for. Both
//! are BLAKE3 hashes, so that no module can be made to collide with
//! another's code. A file that does not read back exactly (a bad magic, a
//! truncation, a checksum that differs) is ignored. What the file holds is machine code
//! that Spindle runs: like wasmtime's cache, the directory must be
//! writable only by the user.
//!
//! Format (integers little-endian): `MAGIC`, then per entry
//! `func: u32, fingerprint: [u8; 32], len: u32, bytes, relocs: u32` and
//! per relocation `offset: u32, kind: u8, n: u32` (`Target::encode`),
//! then the BLAKE3 hash of everything before it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering::Relaxed;
use std::sync::{Arc, Mutex};

use crate::jit::{Artifact, Target};
use crate::module::FuncCode;

const MAGIC: &[u8; 16] = b"spindle-code-v3\n";

/// A BLAKE3 hash.
type Fingerprint = [u8; 32];

/// A module's cache file and the entries read from it.
pub(crate) struct CodeCache {
    path: PathBuf,
    /// By module function index (`save` writes back the entries of the
    /// functions this run did not compile or link).
    entries: Mutex<HashMap<u32, (Fingerprint, Arc<Artifact>)>>,
}

/// What a function's compiled code depends on besides this build: its
/// translation.
pub(crate) fn fingerprint(code: &FuncCode) -> Fingerprint {
    let text = format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        code.instrs,
        code.frame_init,
        code.v128_consts,
        code.try_regions,
        code.resume_tables,
        code.offsets,
        (
            code.num_params,
            code.num_results,
            code.num_locals,
            code.max_slots,
            code.imported_funcs
        )
    );
    *blake3::hash(text.as_bytes()).as_bytes()
}

impl CodeCache {
    /// The cache of the module `bytes` in `dir`, with the entries its file
    /// holds (none if it has none, or `None` without a code generator).
    pub(crate) fn open(dir: &Path, bytes: &[u8]) -> Option<CodeCache> {
        let isa = crate::jit::isa_fingerprint()?;
        let mut key = blake3::Hasher::new();
        for part in [env!("SPINDLE_BUILD_ID"), env!("CARGO_PKG_VERSION"), &isa] {
            key.update(part.as_bytes()).update(b"\0");
        }
        key.update(bytes);
        let name = key.finalize().to_hex();
        let path = dir.join(format!("{}.code", &name[..32]));
        let entries = std::fs::read(&path)
            .ok()
            .and_then(|f| parse(&f))
            .unwrap_or_default();
        Some(CodeCache {
            path,
            entries: Mutex::new(entries),
        })
    }

    /// The cached code of function `func`, if its entry was compiled from
    /// `code`.
    pub(crate) fn lookup(&self, func: u32, code: &FuncCode) -> Option<Arc<Artifact>> {
        let entries = self.entries.lock().ok()?;
        let (print, artifact) = entries.get(&func)?;
        (*print == fingerprint(code)).then(|| artifact.clone())
    }

    /// Writes the file anew, if this process compiled any of `funcs`
    /// (module function index and code): with their compiled code (except
    /// for functions sent back to the interpreter), and the file's other
    /// entries (functions this run did not reach).
    /// Returns the number of entries written (0: nothing new).
    pub(crate) fn save<'a>(
        &self,
        funcs: impl Iterator<Item = (u32, &'a FuncCode)>,
    ) -> std::io::Result<usize> {
        let mut entries = Vec::new();
        let mut fresh = false;
        for (func, code) in funcs {
            let Some(Some(compiled)) = code.jit.as_ref().and_then(|l| l.get()) else {
                continue;
            };
            if code.hot.load(Relaxed) == crate::jit::HOT_NEVER {
                continue;
            }
            fresh |= code.cached.is_none();
            entries.push((func, fingerprint(code), compiled.artifact.clone()));
        }
        if !fresh {
            return Ok(0);
        }
        if let Ok(left) = self.entries.lock() {
            let written: std::collections::HashSet<u32> = entries.iter().map(|e| e.0).collect();
            entries.extend(
                left.iter()
                    .filter(|(f, _)| !written.contains(f))
                    .map(|(&f, (print, a))| (f, *print, a.clone())),
            );
        }
        let mut out = MAGIC.to_vec();
        for (func, print, a) in &entries {
            out.extend(func.to_le_bytes());
            out.extend(print);
            out.extend((a.bytes.len() as u32).to_le_bytes());
            out.extend(&*a.bytes);
            out.extend((a.relocs.len() as u32).to_le_bytes());
            for &(offset, target) in &*a.relocs {
                let (kind, k) = target.encode();
                out.extend(offset.to_le_bytes());
                out.push(kind);
                out.extend(k.to_le_bytes());
            }
        }
        let sum = blake3::hash(&out);
        out.extend(sum.as_bytes());
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        // Written aside and renamed: a reader sees the old file or the new
        // (a name of its own per process and save, for concurrent saves).
        static SAVES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let tmp = self.path.with_extension(format!(
            "{}-{}.tmp",
            std::process::id(),
            SAVES.fetch_add(1, Relaxed)
        ));
        std::fs::write(&tmp, &out)?;
        std::fs::rename(&tmp, &self.path)?;
        if let Some(dir) = self.path.parent() {
            evict(dir, MAX_FILES);
        }
        Ok(entries.len())
    }
}

/// The most cache files a directory keeps: past it, saving a file deletes
/// the ones written longest ago.
const MAX_FILES: usize = 256;

/// Deletes the oldest cache files of `dir` beyond the `keep` newest.
fn evict(dir: &Path, keep: usize) {
    let Ok(list) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = list
        .filter_map(|e| {
            let e = e.ok()?;
            let path = e.path();
            let time = e.metadata().ok()?.modified().ok()?;
            (path.extension()? == "code").then_some((time, path))
        })
        .collect();
    if files.len() <= keep {
        return;
    }
    files.sort();
    for (_, path) in &files[..files.len() - keep] {
        let _ = std::fs::remove_file(path);
    }
}

/// The entries of a cache file, or `None` if it is not one.
fn parse(file: &[u8]) -> Option<HashMap<u32, (Fingerprint, Arc<Artifact>)>> {
    let (body, sum) = file.split_at_checked(file.len().checked_sub(32)?)?;
    if blake3::hash(body).as_bytes() != sum {
        return None;
    }
    let mut r = body.strip_prefix(MAGIC.as_slice())?;
    let mut take = |n: usize| -> Option<&[u8]> {
        let (a, b) = r.split_at_checked(n)?;
        r = b;
        Some(a)
    };
    let mut entries = HashMap::new();
    while let Some(func) = take(4) {
        let func = u32::from_le_bytes(func.try_into().ok()?);
        let print: Fingerprint = take(32)?.try_into().ok()?;
        let len = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
        let bytes: Box<[u8]> = take(len)?.into();
        let count = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
        let mut relocs = Vec::with_capacity(count.min(len));
        for _ in 0..count {
            let offset = u32::from_le_bytes(take(4)?.try_into().ok()?);
            let kind = take(1)?[0];
            let k = u32::from_le_bytes(take(4)?.try_into().ok()?);
            relocs.push((offset, Target::decode(kind, k)?));
        }
        let artifact = Artifact {
            bytes,
            relocs: relocs.into(),
        };
        entries.insert(func, (print, Arc::new(artifact)));
    }
    Some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Instr;

    fn code(instrs: Vec<Instr>) -> FuncCode {
        FuncCode {
            instrs: instrs.into(),
            ..FuncCode::default()
        }
    }

    #[test]
    fn an_entry_serves_only_the_translation_it_was_compiled_from() {
        let a = code(vec![Instr::Unreachable]);
        let b = code(vec![Instr::Unreachable, Instr::Unreachable]);
        let artifact = Arc::new(Artifact {
            bytes: vec![0xc3].into(),
            relocs: Box::new([]),
        });
        let cache = |print| CodeCache {
            path: PathBuf::new(),
            entries: Mutex::new(HashMap::from([(7, (print, artifact.clone()))])),
        };
        assert!(cache(fingerprint(&a)).lookup(7, &b).is_none());
        assert!(cache(fingerprint(&a)).lookup(6, &a).is_none());
        assert_eq!(cache(fingerprint(&a)).lookup(7, &a), Some(artifact.clone()));
    }

    #[test]
    fn eviction_keeps_the_newest_files() {
        let dir = std::env::temp_dir().join(format!("spindle-evict-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let t0 = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1 << 30);
        for k in 0..5u64 {
            let f = std::fs::File::create(dir.join(format!("{k}.code"))).unwrap();
            f.set_modified(t0 + std::time::Duration::from_secs(k))
                .unwrap();
        }
        std::fs::write(dir.join("other"), b"").unwrap();
        evict(&dir, 3);
        let mut left: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["2.code", "3.code", "4.code", "other"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn files_read_back_what_was_written_and_nothing_else() {
        let mut file = MAGIC.to_vec();
        file.extend(5u32.to_le_bytes());
        file.extend([99; 32]);
        file.extend(3u32.to_le_bytes());
        file.extend([1, 2, 3]);
        file.extend(1u32.to_le_bytes());
        file.extend(0u32.to_le_bytes());
        file.push(2);
        file.extend(40u32.to_le_bytes());
        let sum = blake3::hash(&file);
        file.extend(sum.as_bytes());
        let entries = parse(&file).expect("a cache file");
        let (print, artifact) = &entries[&5];
        assert_eq!(*print, [99; 32]);
        assert_eq!(&*artifact.bytes, &[1, 2, 3]);
        assert_eq!(
            &*artifact.relocs,
            &[(
                0,
                Target::Shim {
                    instr: 40,
                    ok: true
                }
            )]
        );
        for n in 0..file.len() {
            assert!(parse(&file[..n]).is_none(), "a prefix of {n} bytes");
        }
        let mut bad = file.clone();
        bad[MAGIC.len() + 2] ^= 1;
        assert!(parse(&bad).is_none());
    }
}
