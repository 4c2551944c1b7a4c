//! Translation of the stack-switching operators (`cont.new`, `cont.bind`,
//! `resume`, `resume_throw(_ref)`, `suspend`, `switch`).

use super::*;

impl Translator<'_> {
    /// The stack-switching operators; `cont` is the slot `resume` and
    /// `switch` read their continuation from (see `op`). Returns `false` for other operators.
    pub(super) fn continuation_op(&mut self, op: &Operator<'_>, cont: Slot) -> Result<bool> {
        use Operator as O;
        match *op {
            O::ContNew { .. } => {
                let s = self.top(0);
                self.emit(Instr::ContNew { dst: s, src: s });
            }
            O::ContBind {
                argument_index,
                result_index,
            } => {
                let n = self.cont_func_type(argument_index).params().len()
                    - self.cont_func_type(result_index).params().len();
                let n = n as u32;
                let base = self.slot(self.h - 1 - n);
                let slots = self.slots_between(self.h - 1 - n, self.h - 1);
                self.emit(Instr::ContBind { base, n: slots });
                self.pop(n);
            }
            O::Resume {
                cont_type_index,
                ref resume_table,
            } => {
                let f = self.cont_func_type(cont_type_index);
                let (np, nr) = (f.params().len() as u32, f.results().len() as u32);
                let base = self.slot(self.h - 1 - np);
                let nargs = self.slots_between(self.h - 1 - np, self.h - 1);
                let handlers = self.resume_table(resume_table);
                self.emit(Instr::Resume {
                    base,
                    nargs,
                    handlers,
                    cont,
                });
                self.pop(np + 1);
                self.push(nr);
            }
            O::ResumeThrow {
                cont_type_index,
                tag_index,
                ref resume_table,
            } => {
                let nr = self.cont_func_type(cont_type_index).results().len() as u32;
                let (np, _) = self.tag_arity(tag_index);
                let base = self.slot(self.h - 1 - np);
                let handlers = self.resume_table(resume_table);
                self.emit(Instr::ResumeThrow {
                    base,
                    tag: tag_index,
                    handlers,
                });
                self.pop(np + 1);
                self.push(nr);
            }
            O::ResumeThrowRef {
                cont_type_index,
                ref resume_table,
            } => {
                let nr = self.cont_func_type(cont_type_index).results().len() as u32;
                let base = self.slot(self.h - 2);
                let handlers = self.resume_table(resume_table);
                self.emit(Instr::ResumeThrowRef { base, handlers });
                self.pop(2);
                self.push(nr);
            }
            O::Suspend { tag_index } => {
                let (np, nr) = self.tag_arity(tag_index);
                let base = self.slot(self.h - np);
                let n = self.top_slots(np);
                let res_slots = self.tag_result_slots(tag_index);
                let at = self.emit(Instr::Suspend {
                    tag: tag_index,
                    base,
                    n,
                    res: base,
                });
                self.pop(np);
                self.push(nr);
                self.results_run = Some((at, base, res_slots));
            }
            O::Switch {
                cont_type_index,
                tag_index,
            } => {
                // ct1 = [t1* (ref null? ct2)] -> [t*]; switch consumes the
                // t1* and the continuation; it produces ct2's parameters.
                let f = self.cont_func_type(cont_type_index);
                let np = f.params().len() as u32; // includes the ct2 ref last
                let nargs = np - 1;
                let last = *f.params().last().expect("switch continuation parameter");
                let ct2 = match last {
                    wasmparser::ValType::Ref(r) => match r.heap_type() {
                        wasmparser::HeapType::Concrete(idx) | wasmparser::HeapType::Exact(idx) => {
                            idx.as_core_type_id().expect("canonical")
                        }
                        _ => bail!("switch: unexpected continuation parameter"),
                    },
                    _ => bail!("switch: unexpected continuation parameter"),
                };
                let (ct2_func, ct2_slots) = {
                    let ct = self.module.validator_types[ct2].unwrap_cont();
                    let fid = ct.0.as_core_type_id().expect("canonical");
                    let params = self.module.validator_types[fid].unwrap_func().params();
                    (params.len() as u32, slot_count(params))
                };
                let base = self.slot(self.h - 1 - nargs);
                let arg_slots = self.slots_between(self.h - 1 - nargs, self.h - 1);
                let Some(packed) = crate::ir::pack_switch(tag_index, arg_slots) else {
                    bail!("switch: tag index or argument count beyond validation limits");
                };
                let at = self.emit(Instr::Switch {
                    packed,
                    base,
                    cont,
                    res: base,
                });
                self.pop(nargs + 1);
                self.push(ct2_func);
                self.results_run = Some((at, base, ct2_slots));
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}
