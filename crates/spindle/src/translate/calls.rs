//! Translation of calls and tail calls: arguments in place at `base`, results
//! where the arguments were.

use super::*;

impl Translator<'_> {
    /// After a call, under the tiers with compiled code: a `HotCount` of
    /// weight 0, where a frame the interpreter returns into goes on in its
    /// function's compiled code if it has some by then (`exec::execute`:
    /// the loop checks for compiled code only at `HotCount`s).
    fn return_point(&mut self) {
        if self.hot_counts {
            self.emit(Instr::HotCount { weight: 0 });
        }
    }

    /// Calls and tail calls. Returns `false` for other operators.
    pub(super) fn call_op(&mut self, op: &Operator<'_>) -> Result<bool> {
        use Operator as O;
        match *op {
            O::Call { function_index } => {
                let (np, nr) = self.func_arity(function_index);
                let base = self.slot(self.h - np);
                self.emit(Instr::Call {
                    func: function_index,
                    base,
                });
                self.return_point();
                self.pop(np);
                self.push(nr);
            }
            O::CallIndirect {
                type_index,
                table_index,
            } => {
                let f = self.func_type_at(type_index);
                let (np, nr) = (f.params().len() as u32, f.results().len() as u32);
                let index = self.top(0);
                let base = self.slot(self.h - 1 - np);
                let ty = self.module.types[type_index as usize].0;
                self.emit(Instr::CallIndirect {
                    table: table_index,
                    ty,
                    index,
                    base,
                });
                self.return_point();
                self.pop(np + 1);
                self.push(nr);
            }
            O::CallRef { type_index } => {
                let f = self.func_type_at(type_index);
                let (np, nr) = (f.params().len() as u32, f.results().len() as u32);
                let func_ref = self.top(0);
                let base = self.slot(self.h - 1 - np);
                self.emit(Instr::CallRef { func_ref, base });
                self.return_point();
                self.pop(np + 1);
                self.push(nr);
            }
            O::ReturnCall { function_index } => {
                self.release_held(None);
                let (np, _) = self.func_arity(function_index);
                let src = self.slot(self.h - np);
                let n = self.top_slots(np);
                self.copy_n(0, src, n);
                self.emit(Instr::ReturnCall {
                    func: function_index,
                });
                // A host callee returns through this.
                self.emit(Instr::Return);
                self.reachable = false;
            }
            O::ReturnCallIndirect {
                type_index,
                table_index,
            } => {
                self.release_held(None);
                let np = self.func_type_at(type_index).params().len() as u32;
                let index = self.top(0);
                let src = self.slot(self.h - 1 - np);
                let n = self.slots_between(self.h - 1 - np, self.h - 1);
                self.copy_n(0, src, n);
                let ty = self.module.types[type_index as usize].0;
                self.emit(Instr::ReturnCallIndirect {
                    table: table_index,
                    ty,
                    index,
                });
                // A host callee returns through this.
                self.emit(Instr::Return);
                self.reachable = false;
            }
            O::ReturnCallRef { type_index } => {
                self.release_held(None);
                let np = self.func_type_at(type_index).params().len() as u32;
                let func_ref = self.top(0);
                let src = self.slot(self.h - 1 - np);
                let n = self.slots_between(self.h - 1 - np, self.h - 1);
                // The reference sits above the arguments, so copying the
                // arguments down cannot overwrite it.
                self.copy_n(0, src, n);
                self.emit(Instr::ReturnCallRef { func_ref });
                // A host callee returns through this.
                self.emit(Instr::Return);
                self.reachable = false;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}
