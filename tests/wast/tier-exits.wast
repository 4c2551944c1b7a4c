;; Loops whose bodies mix instructions compiled code runs with ones it
;; exits at (memory.grow, table and bulk-memory operators, memory64 and
;; second-memory accesses, trapping conversions): the interpreter runs the
;; exit and hands the frame back (`jit`'s re-entry), so every iteration
;; must see the effects of both tiers. Run in both tiers by
;; `crates/spindle-wast/tests/own_wast.rs`.

(module
  (memory 1)
  (memory $two 1)
  (memory $wide i64 1)
  (table $t 4 funcref)
  (func $f (result i32) (i32.const 7))
  (elem declare func $f)

  ;; Grows memory by one page per iteration and writes the last byte of
  ;; each new page: compiled stores after an exit must see the new length.
  (func (export "grow-and-store") (param $n i32) (result i32)
    (local $i i32) (local $sum i32) (local $end i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $end
          (i32.sub
            (i32.mul (i32.add (memory.grow (i32.const 1)) (i32.const 1))
                     (i32.const 65536))
            (i32.const 1)))
        (i32.store8 (local.get $end) (i32.add (local.get $i) (i32.const 1)))
        (local.set $sum (i32.add (local.get $sum) (i32.load8_u (local.get $end))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (i32.add (local.get $sum) (i32.mul (memory.size) (i32.const 1000))))

  ;; memory.fill and memory.copy between compiled loads and stores.
  (func (export "fill-copy") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (memory.fill (i32.const 100) (local.get $i) (i32.const 8))
        (i32.store8 (i32.const 103) (i32.const 200))
        (memory.copy (i32.const 200) (i32.const 100) (i32.const 8))
        (local.set $acc
          (i32.add (local.get $acc)
            (i32.add (i32.load8_u (i32.const 200)) (i32.load8_u (i32.const 203)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $acc))

  ;; Table operators and a second memory and a 64-bit memory.
  (func (export "tables-memories") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (table.set $t (i32.and (local.get $i) (i32.const 3)) (ref.func $f))
        (i32.store $two (i32.const 16) (local.get $i))
        (i64.store $wide (i64.const 24) (i64.extend_i32_u (local.get $i)))
        (local.set $acc
          (i32.add (local.get $acc)
            (i32.add
              (i32.add (table.size $t)
                (i32.wrap_i64 (i64.load $wide (i64.const 24))))
              (i32.load $two (i32.const 16)))))
        (local.set $acc
          (i32.add (local.get $acc)
            (ref.is_null (table.get $t (i32.and (local.get $i) (i32.const 3))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $acc))

  ;; A trapping conversion that does not trap, then one that does, after
  ;; compiled arithmetic has changed the local it reads.
  (func (export "trunc-loop") (param $x f64) (result i32)
    (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (i32.trunc_f64_s (local.get $x))))
      (local.set $x (f64.mul (local.get $x) (f64.const 4)))
      (br $l))
    (local.get $acc))

  ;; Integer division in a loop, trapping once the divisor reaches zero.
  (func (export "div-loop") (param $d i32) (result i32)
    (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (i32.div_s (i32.const 1000) (local.get $d))))
      (local.set $d (i32.sub (local.get $d) (i32.const 1)))
      (br $l))
    (local.get $acc))
)

;; sum of 1..4 = 10, memory 1 + 4 pages
(assert_return (invoke "grow-and-store" (i32.const 4)) (i32.const 5010))
;; per i: byte 0 of the copy is i & 255, byte 3 is 200
(assert_return (invoke "fill-copy" (i32.const 10)) (i32.const 2045))
;; per i: 4 + 2i, and table.get of a just-set entry is never null
(assert_return (invoke "tables-memories" (i32.const 5)) (i32.const 40))
;; 1e8 * 4^k leaves the i32 range at k = 3 (1.6e9 fits, 6.4e9 does not)
(assert_trap (invoke "trunc-loop" (f64.const 1e8)) "integer overflow")
;; 1000/3 + 1000/2 + 1000/1, then division by zero
(assert_trap (invoke "div-loop" (i32.const 3)) "integer divide by zero")
