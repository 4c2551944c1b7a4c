;; Returning one value: `Return1` (copy to slot 0 and return), branches to a
;; return threaded into returns, and a copy right before a `Return1` folded
;; into it (the original `Return1` stays for branches that land on it).

(module
  ;; Both arms of an `if` end the function.
  (func (export "pick") (param $c i32) (param $a i32) (param $b i32) (result i32)
    (if (result i32) (local.get $c)
      (then (local.get $a))
      (else (i32.add (local.get $b) (i32.const 100)))))

  ;; A branch out of a block lands on the final return; the fall-through
  ;; path copies into the returned slot first.
  (func (export "land_on_return") (param $x i32) (result i32)
    (local $r i32)
    (block $out (result i32)
      (drop (br_if $out (i32.const 7) (i32.eqz (local.get $x))))
      (local.set $r (i32.mul (local.get $x) (i32.const 3)))
      (local.get $r)))

  ;; `br` to the function label with a value, from inside nested blocks.
  (func (export "early") (param $x i32) (result i32)
    (block
      (block
        (drop (br_if 2 (i32.const 11) (i32.gt_u (local.get $x) (i32.const 10))))))
    (i32.sub (local.get $x) (i32.const 1)))

  ;; Several results still use the general return.
  (func $two (param $x i32) (result i32 i32)
    (i32.add (local.get $x) (i32.const 1)) (i32.add (local.get $x) (i32.const 2)))
  (func (export "two") (param $x i32) (result i32)
    (call $two (local.get $x))
    (i32.sub))

  ;; Recursion through the one-result return.
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2))))))))

(assert_return (invoke "pick" (i32.const 1) (i32.const 5) (i32.const 6)) (i32.const 5))
(assert_return (invoke "pick" (i32.const 0) (i32.const 5) (i32.const 6)) (i32.const 106))
(assert_return (invoke "land_on_return" (i32.const 0)) (i32.const 7))
(assert_return (invoke "land_on_return" (i32.const 4)) (i32.const 12))
(assert_return (invoke "early" (i32.const 20)) (i32.const 11))
(assert_return (invoke "early" (i32.const 5)) (i32.const 4))
(assert_return (invoke "two" (i32.const 5)) (i32.const -1))
(assert_return (invoke "fib" (i32.const 20)) (i32.const 6765))
