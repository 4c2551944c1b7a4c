;; generator.wat - a generator built from a continuation and `suspend`.
;;
;; Shows: `cont.new` + `cont.bind` to start a generator with an argument,
;; `suspend $yield` to hand a value to the consumer, and a consumer loop that
;; `resume`s the generator with an `(on $yield $label)` handler until the
;; generator returns.
;;
;; The generator `$count` yields 0, 1, ..., n-1; `run(n)` sums the yielded
;; values (as i64), so it returns n*(n-1)/2.
;;
;;   cargo run --release --bin spindle -- run examples/continuations/generator.wat --invoke run 100
;;
;; prints 4950. (`--invoke run 0` prints 0, `--invoke run 1000000` prints
;; 499999500000.)
(module
  ;; The generator's entry point takes n; once n is bound, and after every
  ;; yield, the continuation takes nothing and returns nothing.
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
        ;; Stack: [value, continuation of the generator].
        (local.set $k)
        (local.set $sum (i64.add (local.get $sum)))
        (br $pull)))
    (local.get $sum)))
