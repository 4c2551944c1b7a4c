//! The GC proposal's objects and the one collector of the store.
//!
//! `heap.rs`: structs and arrays (`GcHeap`), their layouts and the
//! encoding of `anyref` values in a slot. `structs.rs`: the arena that
//! holds every struct inline (header word and fields). `collect.rs`: the mark-and-sweep
//! collector that frees unreachable GC objects, continuations and
//! exceptions together, whichever refers to which. `const_expr.rs`: the
//! GC operators of constant expressions.

mod collect;
mod const_expr;
mod heap;
mod structs;

pub(crate) use collect::collect;
pub(crate) use const_expr::eval_const_op;
pub(crate) use heap::*;
