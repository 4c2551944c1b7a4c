//! A module's function code. Every body is validated when the module is
//! built; each is translated then (`Config::lazy_translation(false)`) or,
//! by default, the first time its function runs, as wasmi does: a module
//! whose program runs a fraction of its functions (a big WASI command
//! printing its help) never pays for the rest.
//!
//! An untranslated function's code is a stub: one `Translate` instruction
//! and a frame of just its parameters and results. The interpreter runs it
//! like any code; `Translate` translates the body (once per module, shared
//! by every instance and store), gives the store's function the real code
//! and restarts the frame (`interp::translate_frame`).

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use anyhow::{Context, Result};
use wasmparser::{
    BinaryReader, FuncToValidate, FuncValidatorAllocations, FunctionBody, ValidatorResources,
    WasmModuleResources,
};

use super::sections::Body;
use super::{FuncCode, ModuleInner};
use crate::convert::slot_count;
use crate::ir::Instr;

/// The code of every defined function of a module.
#[derive(Default)]
pub(crate) struct ModuleCode {
    funcs: Box<[FuncSlot]>,
    /// The bodies still to translate (`None` once all were, eagerly).
    source: Option<Source>,
}

struct FuncSlot {
    /// Stands in until the body is translated (kept while the module
    /// lives, so that its address never names other code); `None` when
    /// translated eagerly.
    stub: Option<Arc<FuncCode>>,
    translated: OnceLock<Arc<FuncCode>>,
}

/// The function bodies, copied out of the module's bytes.
struct Source {
    /// From the first body's first byte to the last body's last.
    bytes: Box<[u8]>,
    /// Module offset of `bytes[0]`.
    offset: u64,
    /// Each body's bytes within `bytes`, and its function's type index.
    bodies: Box<[(Range<usize>, u32)]>,
    resources: ValidatorResources,
}

impl ModuleCode {
    /// Translates every body now (validating it again on the way).
    pub(super) fn eager(inner: &ModuleInner, bodies: Vec<Body<'_>>) -> Result<ModuleCode> {
        let mut allocs = FuncValidatorAllocations::default();
        let mut funcs = Vec::with_capacity(bodies.len());
        for (func, body) in bodies {
            let (code, a) = translate_body(inner, func, &body, allocs)?;
            allocs = a;
            funcs.push(FuncSlot {
                stub: None,
                translated: OnceLock::from(Arc::new(code)),
            });
        }
        Ok(ModuleCode {
            funcs: funcs.into(),
            source: None,
        })
    }

    /// Keeps the bodies to translate on first call. They were validated
    /// with the whole module (`Sections::decode`).
    pub(super) fn lazy(inner: &ModuleInner, bodies: Vec<Body<'_>>) -> ModuleCode {
        let Some(resources) = bodies.first().map(|(f, _)| f.resources.clone()) else {
            return ModuleCode::default();
        };
        let start = bodies.first().map_or(0, |(_, b)| b.range().start);
        let end = bodies.last().map_or(0, |(_, b)| b.range().end);
        let mut bytes = Vec::with_capacity((end - start) as usize);
        let mut ranges = Vec::with_capacity(bodies.len());
        let mut funcs = Vec::with_capacity(bodies.len());
        for (func, body) in &bodies {
            // Bodies lie in order in the code section; the bytes between
            // them (each body's size) are copied too, to keep offsets.
            let r = body.range();
            let at = (r.start - start) as usize;
            bytes.resize(at, 0);
            bytes.extend_from_slice(body.as_bytes());
            ranges.push((at..bytes.len(), func.ty));
            funcs.push(FuncSlot {
                stub: Some(Arc::new(stub(inner, &resources, func.index, r.start))),
                translated: OnceLock::new(),
            });
        }
        ModuleCode {
            funcs: funcs.into(),
            source: Some(Source {
                bytes: bytes.into(),
                offset: start,
                bodies: ranges.into(),
                resources,
            }),
        }
    }

    /// Number of defined functions.
    pub fn len(&self) -> usize {
        self.funcs.len()
    }

    /// Defined function `i`'s code as it is now: translated, or the stub.
    pub fn current(&self, i: usize) -> Arc<FuncCode> {
        let f = &self.funcs[i];
        let code = f.translated.get().or(f.stub.as_ref());
        code.expect("code or a stub").clone()
    }

    /// Defined function `i`'s code if it was translated.
    pub fn translated(&self, i: usize) -> Option<Arc<FuncCode>> {
        self.funcs[i].translated.get().cloned()
    }

    /// Defined function `i`'s translated code, translating it if no one
    /// has (threads racing here both translate; the first result stays).
    pub fn translate(&self, inner: &ModuleInner, i: usize) -> Result<Arc<FuncCode>> {
        let f = &self.funcs[i];
        if let Some(code) = f.translated.get() {
            return Ok(code.clone());
        }
        let src = self
            .source
            .as_ref()
            .expect("untranslated code keeps its source");
        let (range, ty) = &src.bodies[i];
        let features = crate::engine::features();
        let reader = BinaryReader::new_features(
            &src.bytes[range.clone()],
            src.offset + range.start as u64,
            features,
        );
        let func = FuncToValidate {
            resources: src.resources.clone(),
            index: inner.num_imported_funcs + i as u32,
            ty: *ty,
            features,
        };
        let body = FunctionBody::new(reader);
        let (code, _) = translate_body(inner, func, &body, FuncValidatorAllocations::default())?;
        Ok(f.translated.get_or_init(|| Arc::new(code)).clone())
    }
}

/// Translates one body, validating it on the way; prints `SPINDLE_DUMP_IR`.
/// Under `Tier::Compiled` and `Tier::Tiered` the code gets an empty `jit`
/// cell (and under `Tiered` its counter).
fn translate_body(
    inner: &ModuleInner,
    func: FuncToValidate<ValidatorResources>,
    body: &FunctionBody<'_>,
    allocs: FuncValidatorAllocations,
) -> Result<(FuncCode, FuncValidatorAllocations)> {
    let index = func.index;
    let mut fv = func.into_validator(allocs);
    let mut code = crate::translate::translate(inner, &mut fv, body)
        .with_context(|| format!("in function {index}"))?;
    let config = inner.engine.config();
    match config.tier {
        crate::jit::Tier::Interp => {}
        // Compiled when it first runs (`interp::compiled`), after this
        // translation on its first call.
        crate::jit::Tier::Compiled => code.jit = Some(crate::jit::Lazy::new()),
        // Compiled when its counter runs out (`interp::tier_up`),
        // unless it is past the compile-time budget.
        crate::jit::Tier::Tiered if code.instrs.len() > crate::jit::MAX_TIERED_INSTRS => {
            *code.hot.get_mut() = crate::jit::HOT_NEVER;
        }
        // A function that switches stacks has no counter: compiled code
        // returns to the run time at every switch, so a loop that
        // switches ran slower compiled (`cont_switch` 0.16 s interpreted,
        // 0.22 s compiled), and so did a loop-free function that resumes,
        // called from such a loop (`cont_primes`' `pull`: 0.70 s ->
        // 1.24 s). It is compiled only when compiled code calls it often
        // (`interp::compiled::call_in_place`): the fiber library's
        // `fiber_resume` and `fiber_yield`, called from a C program's
        // compiled code, then keep the calls around them in compiled
        // code (the `c_*` programs 10% faster).
        crate::jit::Tier::Tiered if code.switches_stacks => {
            code.jit = Some(crate::jit::Lazy::new());
            *code.hot.get_mut() = crate::jit::HOT_NEVER;
        }
        crate::jit::Tier::Tiered => {
            code.jit = Some(crate::jit::Lazy::new());
            *code.hot.get_mut() = crate::jit::hot_start(config.tier_threshold, code.instrs.len());
        }
    }
    if code.jit.is_some() && inner.engine.inner.perf_map.is_some() {
        code.perf_name = Some(match inner.func_names.get(&index) {
            Some(name) => name.as_str().into(),
            None => format!("wasm-function[{index}]").into(),
        });
    }
    // Cached code: compiled code from the first entry on (its counter
    // is 0, and the probe of `interp::tier_up` already judged it).
    if let (Some(cache), Some(_)) = (&inner.code_cache, &code.jit) {
        if let Some(artifact) = cache.lookup(index, &code) {
            code.cached = Some(artifact);
            *code.hot.get_mut() = 0;
            *code.probed.get_mut() = u32::MAX;
        }
    }
    if std::env::var_os("SPINDLE_DUMP_IR").is_some() {
        eprint!("{}", super::sections::dump_ir(index, &code));
    }
    Ok((code, fv.into_allocations()))
}

/// The stub of function `index`: its frame holds its parameters (and,
/// once it returns, its results), counted in slots like `FuncCode`'s; its
/// only instruction is `Translate`.
fn stub(inner: &ModuleInner, resources: &ValidatorResources, index: u32, offset: u64) -> FuncCode {
    let (params, results) = resources
        .type_id_of_function(index)
        .map(|id| {
            let f = inner.validator_types[id].unwrap_func();
            (slot_count(f.params()), slot_count(f.results()))
        })
        .expect("a validated function has a type");
    FuncCode {
        instrs: Box::new([Instr::Translate]),
        num_params: params,
        num_results: results,
        num_locals: params,
        max_slots: params.max(results),
        offsets: Box::new([offset as u32]),
        ..FuncCode::default()
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, Engine, Instance, Module, Store, TrapCode, Val};

    const WAT: &str = r#"(module
        (func (export "double") (param i32) (result i32)
          (i32.add (local.get 0) (local.get 0)))
        (func (export "quad") (param i32) (result i32)
          (call 0 (call 0 (local.get 0))))
        (func (export "never") (result i32) (i32.const 7)))"#;

    /// An interpreter-only engine (the default tier is `Tiered`).
    fn engine(lazy: bool) -> Engine {
        let mut config = Config::new();
        config.lazy_translation(lazy).tier(crate::Tier::Interp);
        Engine::new(&config)
    }

    fn translated(m: &Module) -> Vec<bool> {
        let code = &m.inner.code;
        (0..code.len())
            .map(|i| code.funcs[i].translated.get().is_some())
            .collect()
    }

    fn call(store: &mut Store<()>, inst: &Instance, name: &str, arg: i32) -> i32 {
        let f = inst.get_func(&mut *store, name).unwrap();
        let mut out = [Val::I32(0)];
        f.call(&mut *store, &[Val::I32(arg)], &mut out).unwrap();
        out[0].i32().unwrap()
    }

    #[test]
    fn functions_are_translated_on_first_call_once_per_module() {
        let engine = engine(true);
        let module = Module::new(&engine, WAT).unwrap();
        assert_eq!(translated(&module), [false, false, false]);
        let mut store = Store::new(&engine, ());
        let inst = Instance::new(&mut store, &module, &[]).unwrap();
        assert_eq!(call(&mut store, &inst, "quad", 5), 20);
        assert_eq!(translated(&module), [true, true, false]);
        // Another store's instance of the same module finds them done,
        // and translates the third.
        let code = module.inner.code.current(0);
        let mut store2 = Store::new(&engine, ());
        let inst2 = Instance::new(&mut store2, &module, &[]).unwrap();
        assert_eq!(call(&mut store2, &inst2, "double", 4), 8);
        assert!(std::sync::Arc::ptr_eq(&code, &module.inner.code.current(0)));
        let f = inst2.get_func(&mut store2, "never").unwrap();
        let mut out = [Val::I32(0)];
        f.call(&mut store2, &[], &mut out).unwrap();
        assert_eq!(out[0].i32().unwrap(), 7);
        assert_eq!(translated(&module), [true, true, true]);
    }

    /// Under `Tier::Compiled`, a function is translated on its first call
    /// and compiled when it first runs; one never called is neither.
    #[test]
    fn lazy_translation_then_compilation_on_first_run() {
        let mut config = Config::new();
        config.tier(crate::Tier::Compiled);
        let compiled = Engine::new(&config);
        let module = Module::new(&compiled, WAT).unwrap();
        let mut store = Store::new(&compiled, ());
        let inst = Instance::new(&mut store, &module, &[]).unwrap();
        assert_eq!(call(&mut store, &inst, "quad", 5), 20);
        assert_eq!(translated(&module), [true, true, false]);
        let code = &module.inner.code;
        for i in 0..2 {
            let jit = code.current(i).jit.as_ref().map(|j| j.get().is_some());
            assert_eq!(jit, Some(true), "function {i} ran, so it was compiled");
        }
        assert!(code.current(2).jit.is_none(), "the stub is not compiled");
        // In the interpreter tier, translated code has no compiled cell.
        let module = Module::new(&engine(true), WAT).unwrap();
        let mut store = Store::new(module.engine(), ());
        let inst = Instance::new(&mut store, &module, &[]).unwrap();
        assert_eq!(call(&mut store, &inst, "double", 3), 6);
        assert!(module.inner.code.current(0).jit.is_none());
    }

    /// Under `Tier::Tiered` a function that switches stacks has no
    /// counter, inside a loop or not (only calls from compiled code get it
    /// compiled); one that only makes a continuation gets its counter.
    #[test]
    fn functions_that_switch_stay_interpreted_when_tiered() {
        let wat = r#"(module
            (type $f (func))
            (type $k (cont $f))
            (tag $t)
            (func $g)
            (elem declare func $g)
            (func (loop $l (block (suspend $t)) (br $l)))
            (func (block (suspend $t)))
            (func (drop (cont.new $k (ref.func $g)))))"#;
        let mut config = Config::new();
        config.lazy_translation(false).tier(crate::Tier::Tiered);
        let module = Module::new(&Engine::new(&config), wat).unwrap();
        let code = &module.inner.code;
        let stays: Vec<bool> = (1..4)
            .map(|i| {
                let c = code.current(i);
                assert!(c.jit.is_some(), "function {i}");
                assert_eq!(c.switches_stacks, i < 3, "function {i}");
                c.hot.load(std::sync::atomic::Ordering::Relaxed) == crate::jit::HOT_NEVER
            })
            .collect();
        assert_eq!(stays, [true, true, false]);
    }

    #[test]
    fn eager_translation_translates_everything_up_front() {
        let module = Module::new(&engine(false), WAT).unwrap();
        assert_eq!(translated(&module), [true, true, true]);
    }

    #[test]
    fn invalid_bodies_fail_up_front_even_when_lazy() {
        let bad = r#"(module (func (export "f") (result i32) (i64.const 1)))"#;
        let err = Module::new(&engine(true), bad).unwrap_err();
        assert!(format!("{err:#}").contains("type mismatch"), "{err:#}");
    }

    /// A body the translator cannot handle traps with the translator's
    /// message at its first call. Valid modules have none today (every
    /// operator is supported and the translator's limits lie past
    /// validation's), so this test spoils the kept copy of a validated body.
    #[test]
    fn untranslatable_body() {
        let wat = r#"(module
            (func (export "f") (result i32) (i32.const 7))
            (func (export "g") (result i32) (i32.const 2)))"#;
        let engine = engine(true);
        let mut module = Module::new(&engine, wat).unwrap();
        let inner = std::sync::Arc::get_mut(&mut module.inner).unwrap();
        let src = inner.code.source.as_mut().unwrap();
        // The body of "f": no locals, `i32.const 7`, `end`.
        let at = src.bodies[0].0.start;
        assert_eq!(src.bytes[at..at + 4], [0x00, 0x41, 0x07, 0x0b]);
        src.bytes[at + 1] = 0xff;

        let mut store = Store::new(&engine, ());
        let inst = Instance::new(&mut store, &module, &[]).unwrap();
        let f = inst.get_func(&mut store, "f").unwrap();
        let err = f.call(&mut store, &[], &mut [Val::I32(0)]).unwrap_err();
        let trap = err.downcast_ref::<crate::Trap>().expect("a trap");
        assert_eq!(trap.code(), TrapCode::TranslationFailed);
        let detail = trap.detail().expect("the translator's message");
        assert!(detail.starts_with("in function 0: "), "{detail}");
        assert!(err.to_string().contains(detail));
        // The store goes on: other functions still run.
        let g = inst.get_func(&mut store, "g").unwrap();
        let mut out = [Val::I32(0)];
        g.call(&mut store, &[], &mut out).unwrap();
        assert_eq!(out[0].i32().unwrap(), 2);
    }
}
