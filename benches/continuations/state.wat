;; state.wat - a state effect (get/put) served by a handler loop.
;;
;; Measures effect-handler dispatch with several tags and resumptions of two
;; continuation types. A computation performs n operations as n/2 pairs
;;     s = get(); put(s * 31 + i)        for i = 0, 1, ..., n/2 - 1
;; where `get` and `put` are `suspend $get` / `suspend $put`. The handler in
;; `run` resumes the computation with `(on $get ...) (on $put ...)` clauses
;; and keeps the state in a local: after a `get` it resumes the computation
;; with the state (a `cont [i32] -> []`), after a `put` it stores the value
;; and resumes it with nothing (a `cont [] -> []`). Every operation is one
;; suspend/resume round trip. Arithmetic wraps at 2^32; the final state is
;; masked to 31 bits so it prints the same on every engine.
;;
;; Export:   run(n: i32) -> i32      the final state & 0x7fffffff
;; Default:  n = 10000000            (10,000,000 operations)
;; Expected: run(10000000) = 2000872864
;; Others:   run(0) = 0, run(4) = 1, run(10) = 31810, run(100) = 1900589081
(module
  (type $fn (func))
  (type $unit_cont (cont $fn))            ;; after `put`, and the start
  (type $i32_fn (func (param i32)))
  (type $i32_cont (cont $i32_fn))         ;; after `get`
  (type $comp_fn (func (param i32)))
  (type $comp_cont (cont $comp_fn))

  ;; get : [] -> [i32]     put : [i32] -> []
  (tag $get (result i32))
  (tag $put (param i32))

  (func $compute (param $n i32)
    (local $i i32) (local $pairs i32)
    (local.set $pairs (i32.shr_u (local.get $n) (i32.const 1)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $pairs)))
        (suspend $put
          (i32.add (i32.mul (suspend $get) (i32.const 31)) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))
  (elem declare func $compute)

  (func (export "run") (param $n i32) (result i32)
    (local $state i32)
    (local $after_get (ref null $i32_cont))
    (local $after_put (ref null $unit_cont))
    (local $waiting_for_value i32)
    (local.set $after_put
      (cont.bind $comp_cont $unit_cont (local.get $n)
        (cont.new $comp_cont (ref.func $compute))))
    (block $finished
      (loop $serve
        (block $on_put (result i32 (ref $unit_cont))
          (block $on_get (result (ref $i32_cont))
            (if (local.get $waiting_for_value)
              (then
                (resume $i32_cont (on $get $on_get) (on $put $on_put)
                  (local.get $state) (local.get $after_get)))
              (else
                (resume $unit_cont (on $get $on_get) (on $put $on_put)
                  (local.get $after_put))))
            ;; The computation returned.
            (br $finished))
          ;; get: [continuation expecting the state]
          (local.set $after_get)
          (local.set $waiting_for_value (i32.const 1))
          (br $serve))
        ;; put: [new state, continuation expecting nothing]
        (local.set $after_put)
        (local.set $state)
        (local.set $waiting_for_value (i32.const 0))
        (br $serve)))
    (i32.and (local.get $state) (i32.const 0x7fffffff))))
