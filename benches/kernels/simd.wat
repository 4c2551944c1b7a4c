;; simd.wat - 128-bit SIMD loops (f32x4 and i16x8/i32x4 arithmetic)
;;
;; run(n) repeats n times, over two arrays of 1024 f32 (x[i] = i % 64,
;; y[i] = 1 at the start):
;;     y = y * 0.5 + x                (f32x4.mul, f32x4.add)
;; and over 2048 i16 (a[i] = i % 61 - 30, b[i] = i % 37 - 18):
;;     acc += dot(a, b)               (i32x4.dot_i16x8_s, i32x4.add)
;;     a = a + (b >> 1) (wrapping)    (i16x8.shr_s, i16x8.add)
;; then returns trunc(sum of y) + sum of the acc lanes (wrapping i32).
;; Everything is exact IEEE / integer arithmetic, so every engine prints
;; the same value: run(2000) = 2061892528.
(module
  (memory 1)
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $r i32) (local $acc v128) (local $half v128) (local $s v128)
    ;; x at 0, y at 4096, a at 8192, b at 12288.
    (loop $init
      (f32.store (i32.shl (local.get $i) (i32.const 2))
        (f32.convert_i32_u (i32.rem_u (local.get $i) (i32.const 64))))
      (f32.store offset=4096 (i32.shl (local.get $i) (i32.const 2)) (f32.const 1))
      (br_if $init (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                             (i32.const 1024))))
    (local.set $i (i32.const 0))
    (loop $init16
      (i32.store16 offset=8192 (i32.shl (local.get $i) (i32.const 1))
        (i32.sub (i32.rem_u (local.get $i) (i32.const 61)) (i32.const 30)))
      (i32.store16 offset=12288 (i32.shl (local.get $i) (i32.const 1))
        (i32.sub (i32.rem_u (local.get $i) (i32.const 37)) (i32.const 18)))
      (br_if $init16 (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                               (i32.const 2048))))
    (local.set $half (f32x4.splat (f32.const 0.5)))
    (block $done
      (loop $round
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $i (i32.const 0))
        (loop $f
          (v128.store offset=4096 (local.get $i)
            (f32x4.add
              (f32x4.mul (v128.load offset=4096 (local.get $i)) (local.get $half))
              (v128.load (local.get $i))))
          (br_if $f (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16)))
                              (i32.const 4096))))
        (local.set $i (i32.const 0))
        (loop $d
          (local.set $acc
            (i32x4.add (local.get $acc)
              (i32x4.dot_i16x8_s (v128.load offset=8192 (local.get $i))
                                 (v128.load offset=12288 (local.get $i)))))
          (v128.store offset=8192 (local.get $i)
            (i16x8.add (v128.load offset=8192 (local.get $i))
              (i16x8.shr_s (v128.load offset=12288 (local.get $i)) (i32.const 1))))
          (br_if $d (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16)))
                              (i32.const 4096))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $round)))
    ;; Sum y four lanes at a time, then the lanes.
    (local.set $i (i32.const 0))
    (loop $sum
      (local.set $s (f32x4.add (local.get $s) (v128.load offset=4096 (local.get $i))))
      (br_if $sum (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16)))
                            (i32.const 4096))))
    (i32.add
      (i32.trunc_sat_f32_s
        (f32.add
          (f32.add (f32x4.extract_lane 0 (local.get $s)) (f32x4.extract_lane 1 (local.get $s)))
          (f32.add (f32x4.extract_lane 2 (local.get $s)) (f32x4.extract_lane 3 (local.get $s)))))
      (i32.add
        (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
        (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc))))))
)
