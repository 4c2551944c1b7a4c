;; many_live.wat - a million suspended continuations alive at once.
;;
;; Measures the memory cost of a suspended continuation (and the time to
;; create, suspend and finish many of them). Phase 1 creates n continuations;
;; each starts as $level1(i), which calls $level2, $level3 and $level4
;; (4 Wasm frames, each with a few locals), and $level4 suspends with
;; `suspend $park (i)`. The handler adds i to the checksum and stores the
;; suspended continuation in a table, so all n are suspended together (the
;; peak RSS is mostly their stacks). Phase 2 resumes each once, with 3*i;
;; $level4 returns 3*i + i, each level above adds 1, so continuation i
;; finishes with 4*i + 3, which is added to the checksum. Over both phases
;; continuation i contributes 5*i + 3, so run(n) = 5*n*(n-1)/2 + 3*n.
;;
;; Export:   run(n: i32) -> i64      the checksum 5*n*(n-1)/2 + 3*n
;; Default:  n = 1000000             (1,000,000 continuations suspended at once)
;; Expected: run(1000000) = 2500000500000
;; Others:   run(0) = 0, run(1) = 3, run(10) = 255, run(1000) = 2500500
(module
  ;; A parked task: resumed with a value, it returns its result. The same
  ;; type serves for starting a task: $level1 takes its id.
  (type $fn (func (param i32) (result i32)))
  (type $k (cont $fn))

  ;; park : [i32] -> [i32]
  (tag $park (param i32) (result i32))

  (table $parked 0 (ref null $k))

  (func $level1 (param $i i32) (result i32)
    (local $a i32) (local $b i64)
    (local.set $a (i32.add (local.get $i) (i32.const 1)))
    (local.set $b (i64.extend_i32_u (local.get $a)))
    (i32.add (call $level2 (local.get $i) (local.get $b)) (i32.const 1)))

  (func $level2 (param $i i32) (param $x i64) (result i32)
    (local $a i32) (local $y f64)
    (local.set $y (f64.convert_i64_u (local.get $x)))
    (local.set $a (i32.trunc_f64_u (local.get $y)))
    (i32.add (call $level3 (local.get $i) (local.get $a)) (i32.const 1)))

  (func $level3 (param $i i32) (param $a i32) (result i32)
    (local $b i32) (local $c i32)
    (local.set $b (i32.sub (local.get $a) (i32.const 1)))
    (local.set $c (i32.xor (local.get $b) (local.get $i)))
    (i32.add (call $level4 (local.get $b) (local.get $c)) (i32.const 1)))

  ;; $i is the task id and $zero is 0 (kept live across the suspension).
  (func $level4 (param $i i32) (param $zero i32) (result i32)
    (local $v i32)
    (local.set $v (suspend $park (local.get $i)))
    (i32.add (i32.add (local.get $v) (local.get $i)) (local.get $zero)))

  (elem declare func $level1)

  (func (export "run") (param $n i32) (result i64)
    (local $i i32) (local $sum i64) (local $parked_k (ref null $k))
    (drop (table.grow $parked (ref.null $k) (local.get $n)))
    ;; Phase 1: start every task; each parks 4 frames deep.
    (block $started
      (loop $start
        (br_if $started (i32.ge_u (local.get $i) (local.get $n)))
        (block $on_park (result i32 (ref $k))
          (resume $k (on $park $on_park)
            (local.get $i) (cont.new $k (ref.func $level1)))
          ;; Tasks park before they finish.
          (unreachable))
        ;; Stack: [id, parked continuation].
        (local.set $parked_k)
        (table.set $parked (local.get $i) (local.get $parked_k))
        (local.set $sum (i64.add (i64.extend_i32_u) (local.get $sum)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $start)))
    ;; Phase 2: finish every task.
    (local.set $i (i32.const 0))
    (block $finished
      (loop $finish
        (br_if $finished (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum
          (i64.add (local.get $sum)
            (i64.extend_i32_u
              (resume $k (i32.mul (local.get $i) (i32.const 3))
                (table.get $parked (local.get $i))))))
        (table.set $parked (local.get $i) (ref.null $k))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $finish)))
    (local.get $sum)))
