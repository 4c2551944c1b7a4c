;; Traps and invalid/malformed modules.
(module
  (memory 1)
  (func (export "div") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
  (func (export "overflow") (result i32) (i32.div_s (i32.const 0x80000000) (i32.const -1)))
  (func (export "unreachable") (unreachable))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "trunc") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
)

(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
(assert_trap (invoke "overflow") "integer overflow")
(assert_trap (invoke "unreachable") "unreachable")
(assert_trap (invoke "load" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 65532)) (i32.const 0))
(assert_trap (invoke "trunc" (f32.const nan)) "invalid conversion to integer")

;; A trap in the start function fails instantiation.
(assert_trap (module (func $s (unreachable)) (start $s)) "unreachable")

(assert_invalid
  (module (func (result i32) (i64.const 0)))
  "type mismatch")
(assert_malformed
  (module quote "(func (i32.const))")
  "unexpected token")
(assert_malformed
  (module binary "\00asm" "\02\00\00\00")
  "unknown binary version")
