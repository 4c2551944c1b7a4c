;; Loops whose header is an `if` guard: the translator repeats the header
;; at the back-edge (loop rotation). These check that every way through
;; such loops still computes what it should.

(module
  (global $limit (mut i32) (i32.const 10))

  ;; Guard reads a global; the loop returns from inside the `if`.
  (func (export "guard_return") (param $i i32) (result i32)
    (local $sum i32)
    (loop $l
      (if (i32.ge_u (local.get $i) (global.get $limit))
        (then (return (local.get $sum))))
      (local.set $sum (i32.add (local.get $sum) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))
    (unreachable))

  ;; Guard with an `else` arm; the loop is left by a `br` to an outer block.
  (func (export "guard_else") (param $n i32) (result i32)
    (local $i i32) (local $odd i32) (local $even i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.and (local.get $i) (i32.const 1))
          (then (local.set $odd (i32.add (local.get $odd) (i32.const 1))))
          (else (local.set $even (i32.add (local.get $even) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (i32.add (i32.mul (local.get $odd) (i32.const 1000)) (local.get $even)))

  ;; Two back-edges to the same guarded header.
  (func (export "two_backedges") (param $n i32) (result i32)
    (local $i i32) (local $steps i32)
    (loop $l
      (if (i32.lt_u (local.get $i) (local.get $n))
        (then
          (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $l (i32.and (local.get $i) (i32.const 1)))
          (local.set $i (i32.add (local.get $i) (i32.const 2)))
          (br $l))))
    (i32.add (i32.mul (local.get $steps) (i32.const 1000)) (local.get $i)))

  ;; Nested guarded loops.
  (func (export "nested") (param $n i32) (result i32)
    (local $i i32) (local $j i32) (local $count i32)
    (loop $outer
      (if (i32.lt_u (local.get $i) (local.get $n))
        (then
          (local.set $j (i32.const 0))
          (loop $inner
            (if (i32.lt_u (local.get $j) (local.get $i))
              (then
                (local.set $count (i32.add (local.get $count) (i32.const 1)))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $inner))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $outer))))
    (local.get $count))

  (func (export "set_limit") (param i32) (global.set $limit (local.get 0))))

(assert_return (invoke "guard_return" (i32.const 0)) (i32.const 45))
(assert_return (invoke "guard_return" (i32.const 20)) (i32.const 0))
(invoke "set_limit" (i32.const 5))
(assert_return (invoke "guard_return" (i32.const 0)) (i32.const 10))
(assert_return (invoke "guard_else" (i32.const 0)) (i32.const 0))
(assert_return (invoke "guard_else" (i32.const 7)) (i32.const 3004))
(assert_return (invoke "two_backedges" (i32.const 0)) (i32.const 0))
(assert_return (invoke "two_backedges" (i32.const 10)) (i32.const 6012))
(assert_return (invoke "nested" (i32.const 0)) (i32.const 0))
(assert_return (invoke "nested" (i32.const 5)) (i32.const 10))
