//! Spindle: a WebAssembly runtime built around typed continuations.
//!
//! The embedding API follows wasmtime's vocabulary: an [`Engine`] holds
//! settings and compiled types, a [`Module`] is validated and translated
//! code, a [`Store`] owns every runtime object, a [`Linker`] resolves
//! imports, and an [`Instance`] exposes exports such as [`Func`]s.
//!
//! ```
//! use spindle::{Engine, Linker, Module, Store};
//! let engine = Engine::default();
//! let module = Module::new(&engine, r#"(module (func (export "add") (param i32 i32) (result i32)
//!     local.get 0 local.get 1 i32.add))"#)?;
//! let mut store = Store::new(&engine, ());
//! let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
//! let add = instance.get_typed_func::<(i32, i32), i32, _>(&mut store, "add")?;
//! assert_eq!(add.call(&mut store, (2, 3))?, 5);
//! # Ok::<(), anyhow::Error>(())
//! ```

#![warn(missing_docs)]

mod anyref;
mod continuation;
mod convert;
mod engine;
mod exn;
mod externals;
mod func;
mod gc;
mod instance;
mod interp;
mod ir;
mod jit;
mod linker;
mod memory;
mod module;
mod ops;
mod profile;
mod registry;
mod simd;
mod slots;
mod stack;
mod store;
mod translate;
mod trap;
mod types;
mod values;

pub use continuation::Resumed;
pub use engine::{Config, Engine, ProfilingStrategy};
pub use externals::{Extern, Global, Memory, Table, Tag};
pub use func::{IntoFunc, TypedFunc, WasmException, WasmParams, WasmResults, WasmTy};
pub use instance::Instance;
pub use jit::{Tier, HOT_THRESHOLD};
pub use linker::Linker;
pub use module::Module;
pub use profile::SampleHandle;
pub use store::{AsContext, AsContextMut, Caller, InterruptHandle, Store};
pub use trap::{FrameInfo, Trap, TrapCode};
pub use types::{
    ExternType, FuncType, GlobalType, HeapType, MemoryType, Mutability, RefType, TableType, TypeId,
    ValType,
};
pub use values::{AnyRef, ContRef, ExnRef, ExternRef, Func, Val};
