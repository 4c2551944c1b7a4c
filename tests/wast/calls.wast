;; Direct, indirect and cross-module calls, and the spectest host module.
(module $lib
  (func (export "double") (param i32) (result i32) (i32.shl (local.get 0) (i32.const 1)))
)
(register "lib" $lib)

(module
  (import "lib" "double" (func $double (param i32) (result i32)))
  (import "spectest" "print_i32" (func $print (param i32)))
  (import "spectest" "global_i32" (global $g i32))
  (type $unop (func (param i32) (result i32)))
  (table funcref (elem $double $inc))
  (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $fac (export "fac") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 1))
      (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
  (func (export "quad") (param i32) (result i32) (call $double (call $double (local.get 0))))
  (func (export "indirect") (param i32 i32) (result i32)
    (call_indirect (type $unop) (local.get 1) (local.get 0)))
  (func (export "print") (param i32) (call $print (local.get 0)))
  (func (export "g") (result i32) (global.get $g))
)

(assert_return (invoke "fac" (i64.const 20)) (i64.const 2432902008176640000))
(assert_return (invoke "quad" (i32.const 5)) (i32.const 20))
(assert_return (invoke "indirect" (i32.const 0) (i32.const 21)) (i32.const 42))
(assert_return (invoke "indirect" (i32.const 1) (i32.const 41)) (i32.const 42))
(invoke "print" (i32.const 1))
(assert_return (invoke "g") (i32.const 666))
(assert_return (invoke $lib "double" (i32.const -4)) (i32.const -8))
(assert_trap (invoke "indirect" (i32.const 2) (i32.const 0)) "undefined element")

(assert_unlinkable
  (module (import "lib" "missing" (func)))
  "unknown import")
(assert_unlinkable
  (module (import "lib" "double" (func (param i64))))
  "incompatible import type")
