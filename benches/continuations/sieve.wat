;; sieve.wat - the concurrent prime sieve, one continuation per prime filter.
;;
;; Measures resume/suspend through a long pipeline of nested generators
;; (McIlroy; Kahn & MacQueen). Stage 0 yields 2, 3, 4, ...; stage i >= 1 is
;; a filter for the i-th prime p: it pulls numbers from stage i-1 (by
;; resuming that stage's continuation with an `(on $yield ...)` handler) and
;; yields only those not divisible by p. What comes out of the last stage is
;; the next prime, for which `run` appends a new filter stage. A number m
;; travels through one resume/suspend round trip per filter it passes, so
;; the work grows roughly like n^2 / log n; the number of live continuations
;; (n + 1) and the depth of nested resumes (up to n + 1) grow with n too.
;; The stages' continuations live in a table.
;;
;; Export:   run(n: i32) -> i32      returns the n-th prime (run(1) = 2)
;; Default:  n = 5000                (5001 continuations, 12,639,016
;;                                    resume/suspend round trips)
;; Expected: run(5000) = 48611
;; Others:   run(10) = 29, run(100) = 541, run(1000) = 7919,
;;           run(3000) = 27449, run(10000) = 104729
(module
  ;; A stage after it has been started: resumed with nothing, it yields the
  ;; next number (it never returns).
  (type $fn (func))
  (type $cont (cont $fn))
  ;; Entry points: naturals(start), filter(prime, upstream stage).
  (type $naturals_fn (func (param i32)))
  (type $naturals_cont (cont $naturals_fn))
  (type $filter_fn (func (param i32 i32)))
  (type $filter_cont (cont $filter_fn))

  ;; yield : [i32] -> []
  (tag $yield (param i32))

  (table $stages 1 (ref null $cont))

  (func $naturals (param $n i32)
    (loop $next
      (suspend $yield (local.get $n))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $next)))

  ;; The next number from stage s.
  (func $pull (param $s i32) (result i32)
    (local $k (ref null $cont))
    (block $on_yield (result i32 (ref $cont))
      (resume $cont (on $yield $on_yield) (table.get $stages (local.get $s)))
      ;; Stages never return.
      (unreachable))
    (local.set $k)
    (table.set $stages (local.get $s) (local.get $k)))

  (func $filter (param $p i32) (param $src i32)
    (local $v i32)
    (loop $next
      (local.set $v (call $pull (local.get $src)))
      (if (i32.rem_u (local.get $v) (local.get $p))
        (then (suspend $yield (local.get $v))))
      (br $next)))

  (elem declare func $naturals $filter)

  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $p i32)
    ;; One table slot per stage: naturals plus a filter per prime found.
    (if (i32.lt_u (table.size $stages) (i32.add (local.get $n) (i32.const 1)))
      (then
        (drop (table.grow $stages (ref.null $cont)
          (i32.sub (i32.add (local.get $n) (i32.const 1)) (table.size $stages))))))
    (table.set $stages (i32.const 0)
      (cont.bind $naturals_cont $cont (i32.const 2)
        (cont.new $naturals_cont (ref.func $naturals))))
    (block $done
      (loop $next_prime
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        ;; Stage i is the end of the pipeline; what comes out is prime.
        (local.set $p (call $pull (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (table.set $stages (local.get $i)
          (cont.bind $filter_cont $cont (local.get $p) (i32.sub (local.get $i) (i32.const 1))
            (cont.new $filter_cont (ref.func $filter))))
        (br $next_prime)))
    (local.get $p)))
