;; sieve.wat - the concurrent prime sieve (McIlroy; Kahn & MacQueen), one
;; continuation per prime filter.
;;
;; Shows: a pipeline of generators built from continuations. Stage 0
;; yields 2, 3, 4, ... Every other stage is a filter for one prime p: it
;; pulls numbers from the stage before it (by resuming that stage's
;; continuation with an `(on $yield ...)` handler) and yields only those
;; not divisible by p. The first number that reaches the end of the
;; pipeline is the next prime; `run` then appends a filter for it. Pulling
;; from the last stage nests one `resume` per stage, and every `suspend
;; $yield` is caught by the innermost handler: the stage just downstream.
;; The stages' continuations live in a table.
;;
;; `run(n)` returns the n-th prime (run(1) = 2); `sum(n)` returns the sum of
;; the first n primes.
;;
;;   cargo run --release --bin spindle -- run examples/continuations/sieve.wat --invoke run 100
;;
;; prints 541. (`--invoke run 10` prints 29, `--invoke run 1000` prints
;; 7919, `--invoke sum 100` prints 24133.)
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

  ;; Builds the pipeline for n primes; returns the n-th prime and their sum.
  (func $sieve (param $n i32) (result i32 i64)
    (local $i i32) (local $p i32) (local $sum i64)
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
        (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (local.get $p))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (table.set $stages (local.get $i)
          (cont.bind $filter_cont $cont (local.get $p) (i32.sub (local.get $i) (i32.const 1))
            (cont.new $filter_cont (ref.func $filter))))
        (br $next_prime)))
    (local.get $p)
    (local.get $sum))

  (func (export "run") (param $n i32) (result i32)
    (drop (call $sieve (local.get $n))))

  (func (export "sum") (param $n i32) (result i64)
    (local $sum i64)
    (local.set $sum (call $sieve (local.get $n)))
    (drop)
    (local.get $sum)))
