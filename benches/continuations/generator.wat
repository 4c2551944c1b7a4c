;; generator.wat - resume/suspend round trips through one generator.
;;
;; Measures the cost of a `resume` + `suspend` round trip: one generator
;; continuation yields 0, 1, ..., n-1 with `suspend $yield` and the consumer
;; `resume`s it n times with an `(on $yield $label)` handler (plus one final
;; resume, after which the generator returns). The consumer sums the yielded
;; values as i64. Each round trip is one suspend and one resume, so time per
;; round trip is about (wall time - start-up) / n.
;;
;; Export:   run(n: i32) -> i64      returns 0 + 1 + ... + (n-1) = n*(n-1)/2
;; Default:  n = 10000000            (10,000,000 round trips)
;; Expected: run(10000000) = 49999995000000
;; Others:   run(0) = 0, run(100) = 4950, run(1000000) = 499999500000
(module
  (type $gen_fn (func (param i32)))
  (type $gen_cont (cont $gen_fn))
  (type $fn (func))
  (type $cont (cont $fn))

  ;; yield : [i64] -> []
  (tag $yield (param i64))

  (func $count (param $n i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (suspend $yield (i64.extend_i32_u (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))
  (elem declare func $count)

  (func (export "run") (param $n i32) (result i64)
    (local $k (ref null $cont))
    (local $sum i64)
    (local.set $k
      (cont.bind $gen_cont $cont (local.get $n)
        (cont.new $gen_cont (ref.func $count))))
    (block $finished
      (loop $pull
        (block $on_yield (result i64 (ref $cont))
          (resume $cont (on $yield $on_yield) (local.get $k))
          ;; The generator returned: no more values.
          (br $finished))
        ;; Stack: [value, the generator's continuation].
        (local.set $k)
        (local.set $sum (i64.add (local.get $sum)))
        (br $pull)))
    (local.get $sum)))
