//! Continuations driven by the host: create one from a function, resume it
//! with a set of tags the host handles, and receive each suspension.

use anyhow::{bail, Result};

use crate::convert::{func_type_of, vals_to_slots};
use crate::func::drive;
use crate::interp::{self, Exit};
use crate::stack::{ContBits, StackState};
use crate::store::{AsContextMut, StoreOpaque};
use crate::trap::{Trap, TrapCode};
use crate::types::ValType;
use crate::values::Func;
use crate::values::{ContRef, Val};
use crate::Tag;

/// What became of a continuation that the host resumed.
#[derive(Debug)]
pub enum Resumed {
    /// Its function returned these results.
    Returned(Vec<Val>),
    /// It suspended with one of the tags the host handles.
    Suspended {
        /// The tag.
        tag: Tag,
        /// The values passed to `suspend`.
        payload: Vec<Val>,
        /// The rest of the computation; resume it (once) or drop it.
        cont: ContRef,
    },
}

fn tag_types(s: &StoreOpaque, tag: u32) -> (Vec<ValType>, Vec<ValType>) {
    let ft = func_type_of(&s.engine, s.tags[tag as usize].ty);
    (ft.params().to_vec(), ft.results().to_vec())
}

impl ContRef {
    /// A new continuation that will run `func` when resumed (like
    /// `cont.new`). It is one-shot: it can be resumed once.
    pub fn new(mut store: impl AsContextMut, func: Func) -> Result<ContRef> {
        let s = &mut store.as_store_mut().opaque;
        func.check_store(s)?;
        let k = interp::alloc_continuation(s, func.index).map_err(|u| match u {
            interp::Unwind::Trap(code) => Trap::new(code),
            interp::Unwind::Exception(_) => Trap::new(TrapCode::ContinuationLimit),
        })?;
        let bits = s.stacks.cont_ref(k).word();
        s.host_roots.add(bits);
        Ok(ContRef { store: s.id, bits })
    }

    /// Resumes the continuation with `args` (the function's parameters if
    /// it has not started, else the results of the tag it suspended with).
    /// A `suspend` with one of the `handled` tags comes back here as
    /// [`Resumed::Suspended`]; other tags go to Wasm handlers inside the
    /// continuation, or trap. Continuations suspended by `switch` can only
    /// be resumed from Wasm.
    ///
    /// ```
    /// use spindle::{ContRef, Engine, Linker, Module, Resumed, Store, Val};
    /// let engine = Engine::default();
    /// let module = Module::new(&engine, r#"(module
    ///   (tag $yield (export "yield") (param i32))
    ///   (func (export "gen") (result i32)
    ///     (suspend $yield (i32.const 1))
    ///     (suspend $yield (i32.const 2))
    ///     (i32.const 3)))"#)?;
    /// let mut store = Store::new(&engine, ());
    /// let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
    /// let gen = instance.get_func(&mut store, "gen").unwrap();
    /// let yield_tag = instance.get_tag(&mut store, "yield").unwrap();
    /// let mut k = ContRef::new(&mut store, gen)?;
    /// let mut seen = Vec::new();
    /// loop {
    ///     match k.resume(&mut store, &[], &[yield_tag])? {
    ///         Resumed::Suspended { payload, cont, .. } => {
    ///             seen.push(payload[0].i32().unwrap());
    ///             k = cont;
    ///         }
    ///         Resumed::Returned(results) => {
    ///             seen.push(results[0].i32().unwrap());
    ///             break;
    ///         }
    ///     }
    /// }
    /// assert_eq!(seen, [1, 2, 3]);
    /// # Ok::<(), anyhow::Error>(())
    /// ```
    pub fn resume<T>(
        &self,
        mut store: impl AsContextMut<Data = T>,
        args: &[Val],
        handled: &[Tag],
    ) -> Result<Resumed> {
        let store = store.as_store_mut();
        let s = &mut store.opaque;
        if self.store != s.id || handled.iter().any(|t| t.store != s.id) {
            bail!("continuation or tag used with the wrong store");
        }
        let Some((func, state, susp_tag)) =
            interp::describe_continuation(s, ContBits::from_word(self.bits))
        else {
            return Err(Trap::new(TrapCode::ContinuationAlreadyConsumed).into());
        };
        let fty = s.func_type(func);
        let params: Vec<ValType> = match (state, susp_tag) {
            (StackState::Fresh, _) => {
                // Bound arguments are counted in slots (a `v128` takes two).
                let mut slots = interp::bound_count(s, ContBits::from_word(self.bits));
                let mut bound = 0;
                while slots > 0 && bound < fty.params().len() {
                    slots = slots.saturating_sub(crate::convert::val_slot_count(
                        &fty.params()[bound..=bound],
                    ));
                    bound += 1;
                }
                fty.params()[bound..].to_vec()
            }
            (_, Some(t)) => tag_types(s, t).1,
            (_, None) => {
                bail!("a continuation suspended by `switch` can only be resumed from Wasm")
            }
        };
        if args.len() != params.len() {
            bail!("expected {} arguments, got {}", params.len(), args.len());
        }
        for (a, t) in args.iter().zip(&params) {
            if !s.val_matches(a, t) {
                bail!("argument type mismatch: expected {t}, got {a:?}");
            }
        }
        let raw = vals_to_slots(args);
        let tags: Vec<u32> = handled.iter().map(|t| t.index).collect();
        let (act, first) = interp::start_from_host(s, ContBits::from_word(self.bits), &raw, &tags)
            .map_err(Trap::new)?;
        let exit = drive(store, &act, first)?;
        let s = &mut store.opaque;
        match exit {
            Exit::ContReturned => {
                let vals = s.host_vals(fty.results(), &s.host_values);
                Ok(Resumed::Returned(vals))
            }
            Exit::ContSuspended { tag, cont } => {
                let (tparams, _) = tag_types(s, tag);
                let payload = s.host_vals(&tparams, &s.host_values);
                s.host_roots.add(cont.word());
                Ok(Resumed::Suspended {
                    tag: Tag {
                        store: s.id,
                        index: tag,
                    },
                    payload,
                    cont: ContRef {
                        store: s.id,
                        bits: cont.word(),
                    },
                })
            }
            other => unreachable!("a host resume ends with the continuation, not {other:?}"),
        }
    }
}
