;; `call_indirect` (through table 0) and `call_ref` as native calls in the
;; compiled tier (`jit`'s "Native calls"): the table's bounds, null entries
;; and the signature are checked inline and a failing check exits, so the
;; interpreter raises the trap. Each export runs more than once and calls
;; every target directly first, so later calls find the callees compiled.
;; Run in both tiers by `crates/spindle-wast/tests/own_wast.rs`.

(module $other
  (func (export "seven") (param i32) (result i32)
    (i32.add (local.get 0) (i32.const 7))))
(register "other" $other)

(module
  (import "other" "seven" (func $seven (param i32) (result i32)))
  (type $ii (func (param i32) (result i32)))
  (type $v (func))
  (table 8 funcref)
  (table $t1 2 funcref)
  (elem (i32.const 0) func $double $square $unit $seven $fib $big)
  (elem (table $t1) (i32.const 0) func $square)
  (elem declare func $double $square)

  (func $double (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (func $square (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
  (func $unit)
  ;; Recursion through the table.
  (func $fib (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add
        (call_indirect (type $ii) (i32.sub (local.get 0) (i32.const 1)) (i32.const 4))
        (call_indirect (type $ii) (i32.sub (local.get 0) (i32.const 2)) (i32.const 4))))))
  ;; More locals than a native callee initialises inline: they start at
  ;; zero on every call.
  (func $big (param i32) (result i32)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local $acc i32)
    (local.set $acc (i32.add (local.get $acc) (local.get 0)))
    (local.set 32 (i64.add (local.get 32) (i64.const 5)))
    (i32.add (local.get $acc) (i32.wrap_i64 (local.get 32))))

  (func (export "warm") (result i32)
    (call $unit)
    (i32.add (call $double (i32.const 1))
      (i32.add (call $square (i32.const 2))
        (i32.add (call $fib (i32.const 2)) (call $big (i32.const 1))))))

  ;; Sum of table[k](x) for k in 0..n (entries 0, 1, 4 and 5).
  (func (export "sum") (param $x i32) (result i32) (local $s i32)
    (local.set $s (call_indirect (type $ii) (local.get $x) (i32.const 0)))
    (local.set $s (i32.add (local.get $s) (call_indirect (type $ii) (local.get $x) (i32.const 1))))
    (local.set $s (i32.add (local.get $s) (call_indirect (type $ii) (local.get $x) (i32.const 4))))
    (local.set $s (i32.add (local.get $s) (call_indirect (type $ii) (local.get $x) (i32.const 5))))
    (local.get $s))
  (func (export "fib") (param i32) (result i32)
    (call_indirect (type $ii) (local.get 0) (i32.const 4)))
  ;; The host-side import through the table: it exits, the interpreter
  ;; calls it.
  (func (export "import") (param i32) (result i32)
    (call_indirect (type $ii) (local.get 0) (i32.const 3)))
  ;; Table 1 (not table 0): exits, the interpreter calls it.
  (func (export "table1") (param i32) (result i32)
    (call_indirect $t1 (type $ii) (local.get 0) (i32.const 0)))
  (func (export "call") (param $k i32) (param $x i32) (result i32)
    (call_indirect (type $ii) (local.get $x) (local.get $k)))
  (func (export "ref") (param $k i32) (param $x i32) (result i32)
    (call_ref $ii (local.get $x)
      (if (result (ref null $ii)) (local.get $k)
        (then (ref.func $square)) (else (ref.null $ii)))))
)

(assert_return (invoke "warm") (i32.const 13))
(assert_return (invoke "warm") (i32.const 13))
(assert_return (invoke "sum" (i32.const 3)) (i32.const 25))
(assert_return (invoke "sum" (i32.const 3)) (i32.const 25))
(assert_return (invoke "sum" (i32.const 10)) (i32.const 190))
(assert_return (invoke "fib" (i32.const 20)) (i32.const 6765))
(assert_return (invoke "fib" (i32.const 20)) (i32.const 6765))
(assert_return (invoke "import" (i32.const 1)) (i32.const 8))
(assert_return (invoke "import" (i32.const 2)) (i32.const 9))
(assert_return (invoke "table1" (i32.const 5)) (i32.const 25))
(assert_return (invoke "table1" (i32.const 6)) (i32.const 36))
(assert_return (invoke "call" (i32.const 0) (i32.const 21)) (i32.const 42))
(assert_return (invoke "call" (i32.const 5) (i32.const 2)) (i32.const 7))
;; Signature mismatch (entry 2 is a compiled `$unit`), null entries (6, 7),
;; out of bounds (8 and past 2^32 as an unsigned index).
(assert_trap (invoke "call" (i32.const 2) (i32.const 1)) "indirect call type mismatch")
(assert_trap (invoke "call" (i32.const 2) (i32.const 1)) "indirect call type mismatch")
(assert_trap (invoke "call" (i32.const 6) (i32.const 1)) "uninitialized element")
(assert_trap (invoke "call" (i32.const 7) (i32.const 1)) "uninitialized element")
(assert_trap (invoke "call" (i32.const 8) (i32.const 1)) "undefined element")
(assert_trap (invoke "call" (i32.const -1) (i32.const 1)) "undefined element")
(assert_return (invoke "call" (i32.const 1) (i32.const 9)) (i32.const 81))
(assert_return (invoke "ref" (i32.const 1) (i32.const 9)) (i32.const 81))
(assert_return (invoke "ref" (i32.const 1) (i32.const 4)) (i32.const 16))
(assert_trap (invoke "ref" (i32.const 0) (i32.const 4)) "null function reference")
(assert_trap (invoke "ref" (i32.const 0) (i32.const 4)) "null function reference")

;; A subtype's function through a supertype's signature: the inline check
;; wants the same type and exits; the interpreter makes the call.
(module
  (type $super (sub (func (param i32) (result i32))))
  (type $sub (sub final $super (func (param i32) (result i32))))
  (type $other (func (param i64) (result i64)))
  (table 2 funcref)
  (elem (i32.const 0) func $inc $wide)
  (func $inc (type $sub) (i32.add (local.get 0) (i32.const 1)))
  (func $wide (type $other) (i64.add (local.get 0) (i64.const 1)))
  (func (export "warm") (result i32)
    (drop (call $wide (i64.const 0)))
    (call $inc (i32.const 1)))
  (func (export "super") (param i32) (param i32) (result i32)
    (call_indirect (type $super) (local.get 0) (local.get 1)))
  (func (export "sub") (param i32) (param i32) (result i32)
    (call_indirect (type $sub) (local.get 0) (local.get 1))))

(assert_return (invoke "warm") (i32.const 2))
(assert_return (invoke "super" (i32.const 4) (i32.const 0)) (i32.const 5))
(assert_return (invoke "super" (i32.const 4) (i32.const 0)) (i32.const 5))
(assert_return (invoke "sub" (i32.const 5) (i32.const 0)) (i32.const 6))
(assert_return (invoke "sub" (i32.const 5) (i32.const 0)) (i32.const 6))
(assert_trap (invoke "sub" (i32.const 5) (i32.const 1)) "indirect call type mismatch")
(assert_trap (invoke "super" (i32.const 5) (i32.const 1)) "indirect call type mismatch")
