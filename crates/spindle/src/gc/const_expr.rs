//! The GC operators of constant expressions (`ir::gc::ConstGc`), on the
//! evaluation stack of `instance.rs`'s `eval_const`.

use super::heap::{externalize, i31_new, internalize, GcHeap};
use crate::ir::gc::ConstGc;
use crate::trap::TrapCode;
use crate::types::TypeId;

/// Runs `op`, popping its operands from `stack`; returns its result.
pub(crate) fn eval_const_op(
    gc: &mut GcHeap,
    types: &[TypeId],
    op: &ConstGc,
    stack: &mut Vec<u64>,
) -> Result<u64, TrapCode> {
    let mut pop_n = |n: usize| stack.split_off(stack.len() - n);
    match *op {
        ConstGc::StructNew(t) => {
            let ty = types[t as usize];
            let n = gc.struct_fields(ty).len();
            let fields = pop_n(n);
            gc.new_struct(ty, |i| fields[i])
        }
        ConstGc::StructNewDefault(t) => gc.new_struct_default(types[t as usize]),
        ConstGc::ArrayNew(t) => {
            let ty = types[t as usize];
            let v = pop_n(2);
            let init = gc.array_elem(ty).wrap(v[0]);
            gc.new_array(ty, v[1], init)
        }
        ConstGc::ArrayNewDefault(t) => {
            let len = pop_n(1)[0];
            gc.new_array(types[t as usize], len, 0)
        }
        ConstGc::ArrayNewFixed(t, n) => {
            let elems = pop_n(n as usize);
            gc.new_array_from(types[t as usize], &elems)
        }
        ConstGc::RefI31 => Ok(i31_new(pop_n(1)[0] as u32)),
        ConstGc::AnyConvertExtern => Ok(internalize(pop_n(1)[0])),
        ConstGc::ExternConvertAny => Ok(externalize(pop_n(1)[0])),
    }
}
