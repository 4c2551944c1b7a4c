;; fib.wat - recursive Fibonacci, the example from the README.
;;
;;   cargo run --release -- run examples/fib.wat --invoke fib 20
;;
;; prints 6765. `fib` is the naive doubly recursive definition in i64
;; arithmetic: fib(0) = 0, fib(1) = 1, fib(n) = fib(n-1) + fib(n-2).
(module
  (func $fib (export "fib") (param $n i64) (result i64)
    (if (result i64) (i64.lt_u (local.get $n) (i64.const 2))
      (then (local.get $n))
      (else
        (i64.add
          (call $fib (i64.sub (local.get $n) (i64.const 1)))
          (call $fib (i64.sub (local.get $n) (i64.const 2))))))))
