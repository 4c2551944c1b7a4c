;; fib.wat - recursive Fibonacci (call-heavy kernel)
;;
;; Computes fib(n) with the naive doubly recursive definition
;;     fib(0) = 0,  fib(1) = 1,  fib(n) = fib(n-1) + fib(n-2)
;; in i32 arithmetic (exact for n <= 46).  Almost all of the time goes
;; into calls, returns, a compare and a branch, so it measures the cost
;; of function calls in the engine.  fib(n) makes 2*fib(n+1) - 1 calls.
;;
;; Export:   run(n: i32) -> i32      returns fib(n)
;; Default:  n = 32                  (7,049,155 calls of $fib)
;; Expected: run(32) = 2178309
;; Others:   run(10) = 55, run(20) = 6765, run(30) = 832040
(module
  (func $fib (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else
        (i32.add
          (call $fib (i32.sub (local.get $n) (i32.const 1)))
          (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  (func (export "run") (param $n i32) (result i32)
    (call $fib (local.get $n))))
