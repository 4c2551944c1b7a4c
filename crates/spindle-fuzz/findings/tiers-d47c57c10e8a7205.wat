(module
  (type (;0;) (func (param i32 externref) (result i32)))
  (func (;0;) (type 0) (param i32 externref) (result i32)
    (local f32 f32 f64 f32 f32 f64)
    f64.const -0x1.38f5587577a6p-265 (;=-2.06204e-80;)
    i32.trunc_sat_f64_u
    table.size 0
    i32.lt_s
    elem.drop 0
    f64.convert_i32_u
    elem.drop 0
    f64.nearest
    local.get 1
    loop (result v128)  ;; label = @1
      data.drop 0
      i32.const -536870913
      local.set 0
      local.get 0
      data.drop 0
      i64.extend_i32_u
      i64.eqz
      if  ;; label = @2
        block (result f32)  ;; label = @3
          br 1 (;@2;)
          f32.const -0x1.fffffep+96 (;=-1.58456e+29;)
          data.drop 0
          local.get 1
          data.drop 0
          i32.const -873078673
          f32.convert_i32_u
          local.tee 2
          local.get 2
          f32.ne
          local.get 2
          f32.const inf (;=inf;)
          f32.eq
          local.get 2
          f32.const -inf (;=-inf;)
          f32.eq
          i32.or
          i32.or
          if  ;; label = @4
            f32.const 0x0p+0 (;=0;)
            local.set 2
          end
          local.get 2
          f32.const -0x1p+63 (;=-9.22337e+18;)
          f32.lt
          if  ;; label = @4
            f32.const -0x1p+63 (;=-9.22337e+18;)
            local.set 2
          end
          local.get 2
          f32.const 0x1.fffffep+62 (;=9.22337e+18;)
          f32.gt
          if  ;; label = @4
            f32.const 0x1.fffffep+62 (;=9.22337e+18;)
            local.set 2
          end
          local.get 2
          i64.trunc_f32_s
          i64.popcnt
          i64.ctz
          i32.const -1309892030
          i64.extend_i32_s
          table.size 0
          i32.clz
          f32.reinterpret_i32
          i64.const -3867891138576380109
          v128.const i32x4 0xb69cbea1 0xf33aa4c6 0x45a1167f 0x5c11ab27
          f32.const -0x1p-23 (;=-1.19209e-07;)
          table.size 0
          i32.const -1385686122
          i32.ge_u
          br 1 (;@2;)
          block  ;; label = @4
            local.get 1
            f64.const -nan:0xf7fffffffffff (;=-nan;)
            data.drop 0
            block  ;; label = @5
              f32.const 0x1p+1 (;=2;)
              f32.ceil
              i64.const -1827450345677986219
              f64.const -nan:0xffffffffdffff (;=-nan;)
              f32.const -0x1.8eaa3p+66 (;=-1.14907e+20;)
              f32.sqrt
              f32.neg
              local.tee 3
              local.get 3
              f32.ne
              local.get 3
              f32.const inf (;=inf;)
              f32.eq
              local.get 3
              f32.const -inf (;=-inf;)
              f32.eq
              i32.or
              i32.or
              if  ;; label = @6
                f32.const 0x0p+0 (;=0;)
                local.set 3
              end
              local.get 3
              f32.const -0x1p+63 (;=-9.22337e+18;)
              f32.lt
              if  ;; label = @6
                f32.const -0x1p+63 (;=-9.22337e+18;)
                local.set 3
              end
              local.get 3
              f32.const 0x1.fffffep+62 (;=9.22337e+18;)
              f32.gt
              if  ;; label = @6
                f32.const 0x1.fffffep+62 (;=9.22337e+18;)
                local.set 3
              end
              local.get 3
              i64.trunc_f32_s
              f64.const -0x1.fffffffffffffp+960 (;=-1.94906e+289;)
              local.tee 4
              local.get 4
              f64.ne
              local.get 4
              f64.const inf (;=inf;)
              f64.eq
              local.get 4
              f64.const -inf (;=-inf;)
              f64.eq
              i32.or
              i32.or
              if  ;; label = @6
                f64.const 0x0p+0 (;=0;)
                local.set 4
              end
              local.get 4
              f64.const 0x0p+0 (;=0;)
              f64.lt
              if  ;; label = @6
                f64.const 0x0p+0 (;=0;)
                local.set 4
              end
              local.get 4
              f64.const 0x1.fffffffffffffp+62 (;=9.22337e+18;)
              f64.gt
              if  ;; label = @6
                f64.const 0x1.fffffffffffffp+62 (;=9.22337e+18;)
                local.set 4
              end
              local.get 4
              i64.trunc_f64_u
              i64.lt_s
              i32.ctz
              local.get 0
              f32.convert_i32_s
              block  ;; label = @6
                data.drop 0
                data.drop 0
                v128.const i32x4 0x4033114a 0xb5d84fad 0x0ac72c6a 0xbe81154d
                nop
                f64.const -0x1.524d7b2a978b5p+657 (;=-7.90265e+197;)
                local.get 1
                v128.const i32x4 0x0fb4cb80 0x3fad801a 0x844ff099 0xe1e81791
                i64.const 15
                elem.drop 0
                br 0 (;@6;)
                i64.extend32_s
                i64.ctz
                table.size 0
                ref.null func
                ref.is_null
                i64.extend_i32_u
                f32.convert_i64_s
                f32.trunc
                f32.const 0x1.a028f6p+62 (;=7.49687e+18;)
                f32.mul
                f32.sqrt
                f32.neg
                f32.trunc
                v128.const i32x4 0x5f4a2ae6 0x3b33fcb7 0x42fc54a2 0x1fad9ba9
                ref.null extern
                ref.is_null
                i64.const 2199023255552
                loop  ;; label = @7
                  v128.const i32x4 0xcbefd319 0xa62f69f4 0x32a2507b 0x92117d9a
                  br 6 (;@1;)
                  i32.const -257
                  nop
                  data.drop 0
                  br_table 0 (;@7;) 1 (;@6;) 2 (;@5;) 3 (;@4;) 5 (;@2;) 6 (;@1;) 1 (;@6;)
                  loop  ;; label = @8
                    data.drop 0
                    f32.const 0x1.ab050ap-82 (;=3.44944e-25;)
                    f32.ceil
                    i64.const -17
                    i64.extend32_s
                    f32.const -nan:0x7ffe00 (;=-nan;)
                    f32.trunc
                    local.tee 5
                    local.get 5
                    f32.ne
                    local.get 5
                    f32.const inf (;=inf;)
                    f32.eq
                    local.get 5
                    f32.const -inf (;=-inf;)
                    f32.eq
                    i32.or
                    i32.or
                    if  ;; label = @9
                      f32.const 0x0p+0 (;=0;)
                      local.set 5
                    end
                    local.get 5
                    f32.const 0x0p+0 (;=0;)
                    f32.lt
                    if  ;; label = @9
                      f32.const 0x0p+0 (;=0;)
                      local.set 5
                    end
                    local.get 5
                    f32.const 0x1.fffffep+30 (;=2.14748e+09;)
                    f32.gt
                    if  ;; label = @9
                      f32.const 0x1.fffffep+30 (;=2.14748e+09;)
                      local.set 5
                    end
                    local.get 5
                    i32.trunc_f32_u
                    i32.popcnt
                    br 6 (;@2;)
                    block (result i64)  ;; label = @9
                      table.size 0
                      f64.convert_i32_s
                      i32.const 2
                      i32.clz
                      f64.convert_i32_u
                      f64.neg
                      i32.const 524288
                      i32.ctz
                      v128.const i32x4 0x21234e36 0xfb7c2d24 0x85fff89c 0x5b46eb6f
                      local.get 1
                      i64.const 4073643231115392242
                      i64.extend32_s
                      i64.popcnt
                      i64.popcnt
                      i32.const 282260939
                      if  ;; label = @10
                        table.size 0
                        elem.drop 0
                        br_table 0 (;@10;) 2 (;@8;) 3 (;@7;) 4 (;@6;) 5 (;@5;) 6 (;@4;) 8 (;@2;) 9 (;@1;) 5 (;@5;)
                        loop  ;; label = @11
                          elem.drop 0
                          i64.const 2199023255552
                          local.get 1
                          local.tee 1
                          i32.const 991846035
                          local.set 0
                          br 7 (;@4;)
                          ref.is_null
                          local.set 0
                          f32.convert_i64_s
                          f32.trunc
                          table.size 0
                          elem.drop 0
                          table.size 0
                          i32.ne
                          local.set 0
                          local.tee 6
                          local.get 6
                          f32.ne
                          local.get 6
                          f32.const inf (;=inf;)
                          f32.eq
                          local.get 6
                          f32.const -inf (;=-inf;)
                          f32.eq
                          i32.or
                          i32.or
                          if  ;; label = @12
                            f32.const 0x0p+0 (;=0;)
                            local.set 6
                          end
                          local.get 6
                          f32.const -0x1p+63 (;=-9.22337e+18;)
                          f32.lt
                          if  ;; label = @12
                            f32.const -0x1p+63 (;=-9.22337e+18;)
                            local.set 6
                          end
                          local.get 6
                          f32.const 0x1.fffffep+62 (;=9.22337e+18;)
                          f32.gt
                          if  ;; label = @12
                            f32.const 0x1.fffffep+62 (;=9.22337e+18;)
                            local.set 6
                          end
                          local.get 6
                          i64.trunc_f32_s
                          f64.convert_i64_s
                          i32.trunc_sat_f64_u
                          f32.convert_i32_u
                          elem.drop 0
                          i64.const -5458571702807164431
                          f32.convert_i64_s
                          i64.const 433783237826887145
                          f64.const 0x1.a1ef5ba1d4516p-882 (;=5.06305e-266;)
                          i64.trunc_sat_f64_u
                          i64.extend8_s
                          i64.lt_u
                          f64.convert_i32_u
                          i32.trunc_sat_f64_s
                          loop (result i64)  ;; label = @12
                            f32.const -nan:0x7dffff (;=-nan;)
                            f64.promote_f32
                            local.tee 7
                            local.get 7
                            f64.ne
                            local.get 7
                            f64.const inf (;=inf;)
                            f64.eq
                            local.get 7
                            f64.const -inf (;=-inf;)
                            f64.eq
                            i32.or
                            i32.or
                            if  ;; label = @13
                              f64.const 0x0p+0 (;=0;)
                              local.set 7
                            end
                            local.get 7
                            f64.const 0x0p+0 (;=0;)
                            f64.lt
                            if  ;; label = @13
                              f64.const 0x0p+0 (;=0;)
                              local.set 7
                            end
                            local.get 7
                            f64.const 0x1.fffffffffffffp+62 (;=9.22337e+18;)
                            f64.gt
                            if  ;; label = @13
                              f64.const 0x1.fffffffffffffp+62 (;=9.22337e+18;)
                              local.set 7
                            end
                            local.get 7
                            i64.trunc_f64_u
                            elem.drop 0
                            f64.convert_i64_s
                            i32.trunc_sat_f64_s
                            f32.const 0x1.f5ead4p-47 (;=1.3931e-14;)
                            loop (result v128)  ;; label = @13
                              i64.const 3645068557370165960
                              i64.ctz
                              i64.extend16_s
                              i64.eqz
                              if  ;; label = @14
                                f64.const -nan:0xffc0000000000 (;=-nan;)
                                f32.const 0x1.e95b4cp-72 (;=4.04786e-22;)
                                ref.null func
                                f64.const -0x1.3ce582e0bd0bep+716 (;=-4.26731e+215;)
                                i64.reinterpret_f64
                                table.size 0
                                br 1 (;@13;)
                                br_table 0 (;@14;) 1 (;@13;) 2 (;@12;) 3 (;@11;) 4 (;@10;) 6 (;@8;) 7 (;@7;) 8 (;@6;) 9 (;@5;) 10 (;@4;) 12 (;@2;) 13 (;@1;) 7 (;@7;)
                                v128.const i32x4 0xfd3a2e12 0xb615ab24 0xc9aa3295 0x1393e612
                                v128.const i32x4 0x453f32a9 0x3f480e9b 0x727bfede 0x16ad6296
                                v128.const i32x4 0x6b19d46e 0xaf494d40 0xce263bff 0x67a472cc
                                i64.const 9007199254740991
                                f64.convert_i64_u
                                ref.null func
                                i64.const 1233192023928806074
                                data.drop 0
                                f64.convert_i64_s
                                i32.trunc_sat_f64_u
                                v128.const i32x4 0xade9960a 0xb44a3a53 0x44b51ccb 0x5c5a7396
                                elem.drop 0
                                v128.const i32x4 0x27da3173 0x0a91a11d 0xcfeee4ea 0x5994bad2
                                block (result funcref)  ;; label = @15
                                  ref.null func
                                  ref.is_null
                                  i32.ctz
                                  return
                                  f64.const 0x1.34626c9a126a2p+408 (;=7.96326e+122;)
                                  data.drop 0
                                  i32.const 16777215
                                  f64.const -nan:0xffffffffffffe (;=-nan;)
                                  f64.nearest
                                  f64.const -0x1.6f4a287d51b37p+402 (;=-1.48193e+121;)
                                  f64.sqrt
                                  f64.ne
                                  i32.shr_u
                                  loop  ;; label = @16
                                    f32.const 0x1.aaaaaap+43 (;=1.46602e+13;)
                                    table.size 0
                                    table.size 0
                                    i32.const -134217729
                                    table.size 0
                                    i32.and
                                    i32.add
                                    i32.and
                                    local.set 0
                                    i64.trunc_sat_f32_s
                                    block  ;; label = @17
                                      br 15 (;@2;)
                                      ref.null extern
                                      drop
                                    end
                                    global.get 0
                                    i64.xor
                                    global.set 0
                                  end
                                  global.get 1
                                  i32.xor
                                  global.set 1
                                  i64.reinterpret_f64
                                  global.get 2
                                  i64.xor
                                  global.set 2
                                  ref.null func
                                end
                                drop
                                global.get 3
                                v128.xor
                                global.set 3
                                global.get 3
                                v128.xor
                                global.set 3
                                global.get 1
                                i32.xor
                                global.set 1
                                drop
                                i64.reinterpret_f64
                                global.get 2
                                i64.xor
                                global.set 2
                                global.get 3
                                v128.xor
                                global.set 3
                                global.get 3
                                v128.xor
                                global.set 3
                                global.get 3
                                v128.xor
                                global.set 3
                                global.get 0
                                i64.xor
                                global.set 0
                                drop
                                i32.reinterpret_f32
                                global.get 4
                                i32.xor
                                global.set 4
                                i64.reinterpret_f64
                                global.get 2
                                i64.xor
                                global.set 2
                              end
                              v128.const i32x4 0x00000000 0xffffff00 0x00000000 0x00000100
                            end
                            global.get 3
                            v128.xor
                            global.set 3
                            i32.reinterpret_f32
                            global.get 4
                            i32.xor
                            global.set 4
                            global.get 1
                            i32.xor
                            global.set 1
                            i64.const -16385
                          end
                          global.get 0
                          i64.xor
                          global.set 0
                          global.get 1
                          i32.xor
                          global.set 1
                          i32.reinterpret_f32
                          global.get 4
                          i32.xor
                          global.set 4
                          i32.reinterpret_f32
                          global.get 4
                          i32.xor
                          global.set 4
                        end
                      end
                      global.get 0
                      i64.xor
                      global.set 0
                      drop
                      global.get 3
                      v128.xor
                      global.set 3
                      global.get 1
                      i32.xor
                      global.set 1
                      i64.reinterpret_f64
                      global.get 2
                      i64.xor
                      global.set 2
                      i64.reinterpret_f64
                      global.get 2
                      i64.xor
                      global.set 2
                      i64.const 4663586339383140030
                    end
                    global.get 0
                    i64.xor
                    global.set 0
                    drop
                    global.get 0
                    i64.xor
                    global.set 0
                    i32.reinterpret_f32
                    global.get 4
                    i32.xor
                    global.set 4
                  end
                  global.get 3
                  v128.xor
                  global.set 3
                end
                global.get 0
                i64.xor
                global.set 0
                global.get 1
                i32.xor
                global.set 1
                global.get 3
                v128.xor
                global.set 3
                i32.reinterpret_f32
                global.get 4
                i32.xor
                global.set 4
                global.get 1
                i32.xor
                global.set 1
                global.get 0
                i64.xor
                global.set 0
                global.get 3
                v128.xor
                global.set 3
                drop
                i64.reinterpret_f64
                global.get 2
                i64.xor
                global.set 2
                global.get 3
                v128.xor
                global.set 3
              end
              drop
              global.get 1
              i32.xor
              global.set 1
              i64.reinterpret_f64
              global.get 2
              i64.xor
              global.set 2
              global.get 0
              i64.xor
              global.set 0
              i32.reinterpret_f32
              global.get 4
              i32.xor
              global.set 4
            end
            i64.reinterpret_f64
            global.get 2
            i64.xor
            global.set 2
            drop
          end
          global.get 1
          i32.xor
          global.set 1
          i32.reinterpret_f32
          global.get 4
          i32.xor
          global.set 4
          global.get 3
          v128.xor
          global.set 3
          global.get 0
          i64.xor
          global.set 0
          i32.reinterpret_f32
          global.get 4
          i32.xor
          global.set 4
          global.get 0
          i64.xor
          global.set 0
          global.get 0
          i64.xor
          global.set 0
          drop
        end
        i32.reinterpret_f32
        global.get 4
        i32.xor
        global.set 4
      end
      v128.const i32x4 0x00000000 0xc0000000 0xffff7fff 0xffffffff
    end
    global.get 3
    v128.xor
    global.set 3
    drop
    i64.reinterpret_f64
    global.get 2
    i64.xor
    global.set 2
    i32.const 1649523201)
  (func (;1;) (type 0) (param i32 externref) (result i32)
    (local f64 f32 f64 f64 f32 f64)
    block (result i32)  ;; label = @1
      loop  ;; label = @2
        f64.const -nan:0xfffffffffffdf (;=-nan;)
        f64.const -0x1.ee223edd9c706p-550 (;=-5.23729e-166;)
        f64.min
        block (result f32)  ;; label = @3
          f32.const -0x1.e34cd8p-70 (;=-1.59911e-21;)
          i32.trunc_sat_f32_u
          local.get 1
          i32.const -512
          i64.extend_i32_s
          i64.popcnt
          i64.ctz
          elem.drop 0
          i64.eqz
          if (result f64)  ;; label = @4
            i32.const 1239707453
            f32.const 0x1.ffep-138 (;=5.73832e-42;)
            f32.ceil
            ref.null extern
            i64.const -187589491236433345
            i64.extend32_s
            f64.convert_i64_u
            br 0 (;@4;)
            i32.const -609621982
            f64.convert_i32_u
            f64.abs
            f64.ceil
            loop  ;; label = @5
              table.size 0
              f32.convert_i32_u
              i64.trunc_sat_f32_u
              ref.null extern
              loop  ;; label = @6
                ref.null func
                f32.const 0x1.p-145 (;=2.24208e-44;)
                f64.const -0x1.f83268b3fe063p-241 (;=-5.57354e-73;)
                f64.floor
                f64.ceil
                loop (result funcref)  ;; label = @7
                  f32.const -0x1.400f48p-5 (;=-0.0390698;)
                  i32.const 32767
                  br_table 0 (;@7;) 1 (;@6;) 2 (;@5;) 5 (;@2;) 0 (;@7;)
                  f32.trunc
                  f32.abs
                  v128.const i32x4 0x7dad595a 0x98ab03b6 0x1b165b9c 0x4d3bc1c1
                  local.get 1
                  i32.const 2048
                  f64.const -nan:0xfffc000000000 (;=-nan;)
                  f64.abs
                  block  ;; label = @8
                    i32.const 524288
                    i64.extend_i32_s
                    i64.clz
                    f32.const -0x1.fffffep+96 (;=-1.58456e+29;)
                    data.drop 0
                    f32.ceil
                    f32.floor
                    i32.reinterpret_f32
                    f64.const 0x1.e148c383779dcp-530 (;=5.34889e-160;)
                    local.tee 2
                    local.get 2
                    f64.ne
                    local.get 2
                    f64.const inf (;=inf;)
                    f64.eq
                    local.get 2
                    f64.const -inf (;=-inf;)
                    f64.eq
                    i32.or
                    i32.or
                    if  ;; label = @9
                      f64.const 0x0p+0 (;=0;)
                      local.set 2
                    end
                    local.get 2
                    f64.const -0x1.fffffffffffffp+62 (;=-9.22337e+18;)
                    f64.lt
                    if  ;; label = @9
                      f64.const -0x1.fffffffffffffp+62 (;=-9.22337e+18;)
                      local.set 2
                    end
                    local.get 2
                    f64.const 0x1.fffffffffffffp+62 (;=9.22337e+18;)
                    f64.gt
                    if  ;; label = @9
                      f64.const 0x1.fffffffffffffp+62 (;=9.22337e+18;)
                      local.set 2
                    end
                    local.get 2
                    i64.trunc_f64_s
                    table.size 0
                    data.drop 0
                    i32.clz
                    loop (result v128)  ;; label = @9
                      v128.const i32x4 0x86677f9a 0x309fae42 0x74d1b315 0x35f54b7c
                      f32.const 0x1.fff8p-136 (;=2.29575e-41;)
                      local.tee 3
                      local.get 3
                      f32.ne
                      local.get 3
                      f32.const inf (;=inf;)
                      f32.eq
                      local.get 3
                      f32.const -inf (;=-inf;)
                      f32.eq
                      i32.or
                      i32.or
                      if  ;; label = @10
                        f32.const 0x0p+0 (;=0;)
                        local.set 3
                      end
                      local.get 3
                      f32.const 0x0p+0 (;=0;)
                      f32.lt
                      if  ;; label = @10
                        f32.const 0x0p+0 (;=0;)
                        local.set 3
                      end
                      local.get 3
                      f32.const 0x1.fffffep+30 (;=2.14748e+09;)
                      f32.gt
                      if  ;; label = @10
                        f32.const 0x1.fffffep+30 (;=2.14748e+09;)
                        local.set 3
                      end
                      local.get 3
                      i32.trunc_f32_u
                      local.set 0
                      elem.drop 0
                      data.drop 0
                      v128.const i32x4 0x1272d827 0xc9d5e4b9 0xb9f4546a 0x4bec80c7
                      ref.null func
                      loop (result f64)  ;; label = @10
                        table.size 0
                        i32.clz
                        f64.convert_i32_u
                        local.tee 4
                        local.get 4
                        f64.ne
                        local.get 4
                        f64.const inf (;=inf;)
                        f64.eq
                        local.get 4
                        f64.const -inf (;=-inf;)
                        f64.eq
                        i32.or
                        i32.or
                        if  ;; label = @11
                          f64.const 0x0p+0 (;=0;)
                          local.set 4
                        end
                        local.get 4
                        f64.const -0x1p+31 (;=-2.14748e+09;)
                        f64.lt
                        if  ;; label = @11
                          f64.const -0x1p+31 (;=-2.14748e+09;)
                          local.set 4
                        end
                        local.get 4
                        f64.const 0x1.fffffffcp+30 (;=2.14748e+09;)
                        f64.gt
                        if  ;; label = @11
                          f64.const 0x1.fffffffcp+30 (;=2.14748e+09;)
                          local.set 4
                        end
                        local.get 4
                        i32.trunc_f64_s
                        data.drop 0
                        i32.extend8_s
                        i32.eqz
                        f32.const 0x1.p-134 (;=4.59177e-41;)
                        f64.promote_f32
                        data.drop 0
                        ref.null extern
                        local.tee 1
                        i64.const 2305843009213693952
                        i64.extend8_s
                        i32.const 2138559853
                        br_if 1 (;@9;)
                        i64.ctz
                        i32.const 1560799149
                        f64.const 0x1.p-1039 (;=1.6976e-313;)
                        i32.const -67108864
                        local.set 0
                        data.drop 0
                        local.tee 5
                        local.get 5
                        f64.ne
                        local.get 5
                        f64.const inf (;=inf;)
                        f64.eq
                        local.get 5
                        f64.const -inf (;=-inf;)
                        f64.eq
                        i32.or
                        i32.or
                        if  ;; label = @11
                          f64.const 0x0p+0 (;=0;)
                          local.set 5
                        end
                        local.get 5
                        f64.const 0x0p+0 (;=0;)
                        f64.lt
                        if  ;; label = @11
                          f64.const 0x0p+0 (;=0;)
                          local.set 5
                        end
                        local.get 5
                        f64.const 0x1.fffffffffffffp+62 (;=9.22337e+18;)
                        f64.gt
                        if  ;; label = @11
                          f64.const 0x1.fffffffffffffp+62 (;=9.22337e+18;)
                          local.set 5
                        end
                        local.get 5
                        i64.trunc_f64_u
                        local.get 1
                        f32.const 0x1.a41262p-28 (;=6.11285e-09;)
                        f32.const 0x1.p-138 (;=2.86986e-42;)
                        f32.const 0x1.75102ap-20 (;=1.38977e-06;)
                        i64.const -1152921504606846977
                        i64.extend16_s
                        i64.extend16_s
                        nop
                        i64.const 140737488355328
                        i64.shr_s
                        elem.drop 0
                        block (result externref)  ;; label = @11
                          ref.null func
                          local.get 0
                          br 1 (;@10;)
                          br_if 2 (;@9;)
                          i64.const -4850376798678024192
                          i32.const -1048577
                          f64.const -0x1.5540683eaa4e4p+939 (;=-6.19442e+282;)
                          i64.const 6953331175481337674
                          loop (result f64)  ;; label = @12
                            f32.const 0x1.c26574p-37 (;=1.2801e-11;)
                            local.tee 6
                            local.get 6
                            f32.ne
                            local.get 6
                            f32.const inf (;=inf;)
                            f32.eq
                            local.get 6
                            f32.const -inf (;=-inf;)
                            f32.eq
                            i32.or
                            i32.or
                            if  ;; label = @13
                              f32.const 0x0p+0 (;=0;)
                              local.set 6
                            end
                            local.get 6
                            f32.const 0x0p+0 (;=0;)
                            f32.lt
                            if  ;; label = @13
                              f32.const 0x0p+0 (;=0;)
                              local.set 6
                            end
                            local.get 6
                            f32.const 0x1.fffffep+30 (;=2.14748e+09;)
                            f32.gt
                            if  ;; label = @13
                              f32.const 0x1.fffffep+30 (;=2.14748e+09;)
                              local.set 6
                            end
                            local.get 6
                            i32.trunc_f32_u
                            br_table 0 (;@12;) 2 (;@10;) 3 (;@9;) 4 (;@8;) 5 (;@7;) 6 (;@6;) 7 (;@5;) 10 (;@2;) 4 (;@8;)
                            i32.const -257
                            if  ;; label = @13
                              ref.null func
                              i64.const 5859743915679939161
                              block (result i64)  ;; label = @14
                                br 7 (;@7;)
                                table.size 0
                                br_if 5 (;@9;)
                                table.size 0
                                i32.extend8_s
                                f64.const -nan:0xfffffffff8000 (;=-nan;)
                                elem.drop 0
                                local.tee 7
                                local.get 7
                                f64.ne
                                local.get 7
                                f64.const inf (;=inf;)
                                f64.eq
                                local.get 7
                                f64.const -inf (;=-inf;)
                                f64.eq
                                i32.or
                                i32.or
                                if  ;; label = @15
                                  f64.const 0x0p+0 (;=0;)
                                  local.set 7
                                end
                                local.get 7
                                f64.const -0x1.fffffffffffffp+62 (;=-9.22337e+18;)
                                f64.lt
                                if  ;; label = @15
                                  f64.const -0x1.fffffffffffffp+62 (;=-9.22337e+18;)
                                  local.set 7
                                end
                                local.get 7
                                f64.const 0x1.fffffffffffffp+62 (;=9.22337e+18;)
                                f64.gt
                                if  ;; label = @15
                                  f64.const 0x1.fffffffffffffp+62 (;=9.22337e+18;)
                                  local.set 7
                                end
                                local.get 7
                                i64.trunc_f64_s
                                i32.const -65536
                                i32.clz
                                if (result i64)  ;; label = @15
                                  elem.drop 0
                                  elem.drop 0
                                  local.get 1
                                  i32.const -64
                                  table.size 0
                                  nop
                                  i32.ne
                                  f64.convert_i32_s
                                  i32.trunc_sat_f64_s
                                  ref.null func
                                  br 13 (;@2;)
                                  loop (result v128)  ;; label = @16
                                    i32.const 288856768
                                    global.get 1
                                    i32.xor
                                    global.set 1
                                    v128.const i32x4 0x00100000 0x00000000 0xffffdfff 0xffffffff
                                  end
                                  global.get 3
                                  v128.xor
                                  global.set 3
                                  drop
                                  global.get 1
                                  i32.xor
                                  global.set 1
                                  drop
                                  i64.const -288230376151711744
                                else
                                  i64.const -131073
                                end
                                global.get 0
                                i64.xor
                                global.set 0
                                global.get 0
                                i64.xor
                                global.set 0
                                global.get 1
                                i32.xor
                                global.set 1
                                i64.const -8607522730313701918
                              end
                              global.get 0
                              i64.xor
                              global.set 0
                              global.get 0
                              i64.xor
                              global.set 0
                              drop
                            end
                            f64.const -nan:0xffffffffff7ff (;=-nan;)
                          end
                          i64.reinterpret_f64
                          global.get 2
                          i64.xor
                          global.set 2
                          global.get 0
                          i64.xor
                          global.set 0
                          i64.reinterpret_f64
                          global.get 2
                          i64.xor
                          global.set 2
                          global.get 1
                          i32.xor
                          global.set 1
                          global.get 0
                          i64.xor
                          global.set 0
                          drop
                          ref.null extern
                        end
                        drop
                        global.get 0
                        i64.xor
                        global.set 0
                        i32.reinterpret_f32
                        global.get 4
                        i32.xor
                        global.set 4
                        i32.reinterpret_f32
                        global.get 4
                        i32.xor
                        global.set 4
                        i32.reinterpret_f32
                        global.get 4
                        i32.xor
                        global.set 4
                        drop
                        global.get 0
                        i64.xor
                        global.set 0
                        global.get 1
                        i32.xor
                        global.set 1
                        global.get 0
                        i64.xor
                        global.set 0
                        drop
                        i64.reinterpret_f64
                        global.get 2
                        i64.xor
                        global.set 2
                        global.get 1
                        i32.xor
                        global.set 1
                        f64.const 0x1.fffffffffffffp-1016 (;=2.84809e-306;)
                      end
                      i64.reinterpret_f64
                      global.get 2
                      i64.xor
                      global.set 2
                      drop
                      global.get 3
                      v128.xor
                      global.set 3
                    end
                    global.get 3
                    v128.xor
                    global.set 3
                    global.get 1
                    i32.xor
                    global.set 1
                    global.get 0
                    i64.xor
                    global.set 0
                    global.get 1
                    i32.xor
                    global.set 1
                    global.get 0
                    i64.xor
                    global.set 0
                  end
                  i64.reinterpret_f64
                  global.get 2
                  i64.xor
                  global.set 2
                  global.get 1
                  i32.xor
                  global.set 1
                  drop
                  global.get 3
                  v128.xor
                  global.set 3
                  i32.reinterpret_f32
                  global.get 4
                  i32.xor
                  global.set 4
                  ref.null func
                end
                drop
                i64.reinterpret_f64
                global.get 2
                i64.xor
                global.set 2
                i32.reinterpret_f32
                global.get 4
                i32.xor
                global.set 4
                drop
              end
              drop
              global.get 0
              i64.xor
              global.set 0
            end
            i64.reinterpret_f64
            global.get 2
            i64.xor
            global.set 2
            drop
            i32.reinterpret_f32
            global.get 4
            i32.xor
            global.set 4
            global.get 1
            i32.xor
            global.set 1
            f64.const 0x1.ed0cb7c6e3a1bp+613 (;=6.54694e+184;)
          else
            f64.const -0x1.7d47eec7ccdc4p-218 (;=-3.53562e-66;)
          end
          i64.reinterpret_f64
          global.get 2
          i64.xor
          global.set 2
          drop
          global.get 1
          i32.xor
          global.set 1
          f32.const -nan:0x7ff800 (;=-nan;)
        end
        i32.reinterpret_f32
        global.get 4
        i32.xor
        global.set 4
        i64.reinterpret_f64
        global.get 2
        i64.xor
        global.set 2
      end
      i32.const -131073
    end)
  (func (;2;) (type 0) (param i32 externref) (result i32)
    (local externref i32 i32 f32 f32 f64 f32 f32 f64 f64)
    nop
    ref.null extern
    table.size 0
    i32.extend8_s
    f32.convert_i32_u
    data.drop 0
    local.tee 5
    local.get 5
    f32.ne
    local.get 5
    f32.const inf (;=inf;)
    f32.eq
    local.get 5
    f32.const -inf (;=-inf;)
    f32.eq
    i32.or
    i32.or
    if  ;; label = @1
      f32.const 0x0p+0 (;=0;)
      local.set 5
    end
    local.get 5
    f32.const -0x1.fffffep+30 (;=-2.14748e+09;)
    f32.lt
    if  ;; label = @1
      f32.const -0x1.fffffep+30 (;=-2.14748e+09;)
      local.set 5
    end
    local.get 5
    f32.const 0x1.fffffep+30 (;=2.14748e+09;)
    f32.gt
    if  ;; label = @1
      f32.const 0x1.fffffep+30 (;=2.14748e+09;)
      local.set 5
    end
    local.get 5
    i32.trunc_f32_s
    f64.convert_i32_u
    elem.drop 0
    f64.ceil
    local.get 0
    i32.const -320821476
    i32.and
    return
    f32.const -nan:0x7ffeff (;=-nan;)
    local.tee 6
    local.get 6
    f32.ne
    local.get 6
    f32.const inf (;=inf;)
    f32.eq
    local.get 6
    f32.const -inf (;=-inf;)
    f32.eq
    i32.or
    i32.or
    if  ;; label = @1
      f32.const 0x0p+0 (;=0;)
      local.set 6
    end
    local.get 6
    f32.const -0x1p+63 (;=-9.22337e+18;)
    f32.lt
    if  ;; label = @1
      f32.const -0x1p+63 (;=-9.22337e+18;)
      local.set 6
    end
    local.get 6
    f32.const 0x1.fffffep+62 (;=9.22337e+18;)
    f32.gt
    if  ;; label = @1
      f32.const 0x1.fffffep+62 (;=9.22337e+18;)
      local.set 6
    end
    local.get 6
    i64.trunc_f32_s
    f64.reinterpret_i64
    block  ;; label = @1
    end
    local.tee 7
    local.get 7
    f64.ne
    local.get 7
    f64.const inf (;=inf;)
    f64.eq
    local.get 7
    f64.const -inf (;=-inf;)
    f64.eq
    i32.or
    i32.or
    if  ;; label = @1
      f64.const 0x0p+0 (;=0;)
      local.set 7
    end
    local.get 7
    f64.const 0x0p+0 (;=0;)
    f64.lt
    if  ;; label = @1
      f64.const 0x0p+0 (;=0;)
      local.set 7
    end
    local.get 7
    f64.const 0x1.fffffffcp+30 (;=2.14748e+09;)
    f64.gt
    if  ;; label = @1
      f64.const 0x1.fffffffcp+30 (;=2.14748e+09;)
      local.set 7
    end
    local.get 7
    i32.trunc_f64_u
    f32.reinterpret_i32
    elem.drop 0
    f32.const -nan:0x7ffeff (;=-nan;)
    f32.ne
    i32.popcnt
    f32.reinterpret_i32
    f32.trunc
    local.tee 8
    local.get 8
    f32.ne
    local.get 8
    f32.const inf (;=inf;)
    f32.eq
    local.get 8
    f32.const -inf (;=-inf;)
    f32.eq
    i32.or
    i32.or
    if  ;; label = @1
      f32.const 0x0p+0 (;=0;)
      local.set 8
    end
    local.get 8
    f32.const 0x0p+0 (;=0;)
    f32.lt
    if  ;; label = @1
      f32.const 0x0p+0 (;=0;)
      local.set 8
    end
    local.get 8
    f32.const 0x1.fffffep+62 (;=9.22337e+18;)
    f32.gt
    if  ;; label = @1
      f32.const 0x1.fffffep+62 (;=9.22337e+18;)
      local.set 8
    end
    local.get 8
    i64.trunc_f32_u
    i64.extend8_s
    block  ;; label = @1
      table.size 0
      return
      br 0 (;@1;)
      elem.drop 0
      f32.const 0x1.f176c2p+103 (;=1.97066e+31;)
      local.tee 9
      local.get 9
      f32.ne
      local.get 9
      f32.const inf (;=inf;)
      f32.eq
      local.get 9
      f32.const -inf (;=-inf;)
      f32.eq
      i32.or
      i32.or
      if  ;; label = @2
        f32.const 0x0p+0 (;=0;)
        local.set 9
      end
      local.get 9
      f32.const -0x1p+63 (;=-9.22337e+18;)
      f32.lt
      if  ;; label = @2
        f32.const -0x1p+63 (;=-9.22337e+18;)
        local.set 9
      end
      local.get 9
      f32.const 0x1.fffffep+62 (;=9.22337e+18;)
      f32.gt
      if  ;; label = @2
        f32.const 0x1.fffffep+62 (;=9.22337e+18;)
        local.set 9
      end
      local.get 9
      i64.trunc_f32_s
      data.drop 0
      i64.extend8_s
      f64.convert_i64_u
      ref.null func
      local.get 0
      f32.convert_i32_u
      f32.neg
      ref.null extern
      data.drop 0
      ref.is_null
      ref.null extern
      call 0
      br_if 0 (;@1;)
      local.get 4
      data.drop 0
      i32.extend8_s
      f32.convert_i32_s
      i32.reinterpret_f32
      f32.convert_i32_s
      f32.add
      f64.promote_f32
      local.get 4
      f64.const -nan:0xffffffeffffff (;=-nan;)
      br 0 (;@1;)
      i64.reinterpret_f64
      f64.convert_i64_u
      ref.null extern
      local.tee 2
      ref.is_null
      loop (result v128)  ;; label = @2
        i64.const 82216472432152680
        f32.const -0x1.e75c6ep+122 (;=-1.01221e+37;)
        i32.reinterpret_f32
        i32.popcnt
        ref.null extern
        i32.const -1495973892
        i32.const -552520695
        i32.popcnt
        local.tee 0
        i32.clz
        f32.const 0x1.fffffep-126 (;=2.35099e-38;)
        i32.reinterpret_f32
        i32.or
        br 0 (;@2;)
        i32.lt_s
        f32.convert_i32_u
        i64.trunc_sat_f32_s
        elem.drop 0
        i64.ctz
        v128.const i32x4 0x1ae18e65 0x1b8672ef 0x4554e687 0x3a9a66c4
        block (result f64)  ;; label = @3
          br 1 (;@2;)
          block (result i32)  ;; label = @4
            block  ;; label = @5
              f32.const 0x1.f8p-144 (;=8.82818e-44;)
              data.drop 0
              f64.promote_f32
              f64.nearest
              v128.const i32x4 0x1bfe9f6f 0x238d54d5 0x46a46c38 0xf62575a7
              elem.drop 0
              local.get 2
              i64.const 16383
              f64.convert_i64_u
              data.drop 0
              f32.demote_f64
              i64.trunc_sat_f32_u
              table.size 0
              data.drop 0
              if (result i32)  ;; label = @6
                i32.const 511
                block (result externref)  ;; label = @7
                  i64.const 3239055509773620899
                  i32.const -544913917
                  br 5 (;@2;)
                  i32.clz
                  i64.const 67108864
                  f32.const 0x1.p-129 (;=1.46937e-39;)
                  f32.const 0x1.dbce3p-7 (;=0.0145204;)
                  f32.le
                  if (result f64)  ;; label = @8
                    i64.const -7369403469172025190
                    ref.null func
                    i64.const 6955589163039963310
                    data.drop 0
                    f64.reinterpret_i64
                    elem.drop 0
                    i64.const -8168087494843240986
                    i64.ctz
                    v128.const i32x4 0x288d0f54 0x3871e9e2 0x1722f40f 0xf5cab8ec
                    i32.const -8192
                    f64.convert_i32_s
                    f64.trunc
                    local.get 0
                    local.get 4
                    i32.le_u
                    loop  ;; label = @9
                      i64.const -790270335677112355
                      data.drop 0
                      i64.ctz
                      ref.null extern
                      local.get 1
                      table.size 0
                      table.size 0
                      i32.const 234545540
                      i32.le_s
                      i32.eq
                      local.get 3
                      nop
                      br_if 0 (;@9;)
                      local.tee 3
                      i64.extend_i32_s
                      f64.const 0x1.39420940d7e74p+671 (;=1.19892e+202;)
                      local.tee 10
                      local.get 10
                      f64.ne
                      local.get 10
                      f64.const inf (;=inf;)
                      f64.eq
                      local.get 10
                      f64.const -inf (;=-inf;)
                      f64.eq
                      i32.or
                      i32.or
                      if  ;; label = @10
                        f64.const 0x0p+0 (;=0;)
                        local.set 10
                      end
                      local.get 10
                      f64.const -0x1p+31 (;=-2.14748e+09;)
                      f64.lt
                      if  ;; label = @10
                        f64.const -0x1p+31 (;=-2.14748e+09;)
                        local.set 10
                      end
                      local.get 10
                      f64.const 0x1.fffffffcp+30 (;=2.14748e+09;)
                      f64.gt
                      if  ;; label = @10
                        f64.const 0x1.fffffffcp+30 (;=2.14748e+09;)
                        local.set 10
                      end
                      local.get 10
                      i32.trunc_f64_s
                      ref.null extern
                      f32.const 0x1.fff8p-136 (;=2.29575e-41;)
                      i32.trunc_sat_f32_s
                      br_if 4 (;@5;)
                      ref.is_null
                      f64.convert_i32_s
                      block (result v128)  ;; label = @10
                        table.size 0
                        br 8 (;@2;)
                        block (result f32)  ;; label = @11
                          nop
                          f64.const 0x1.p-1041 (;=4.24399e-314;)
                          i64.trunc_sat_f64_s
                          i64.extend8_s
                          data.drop 0
                          local.get 1
                          elem.drop 0
                          table.size 0
                          i32.clz
                          br 6 (;@5;)
                          f32.convert_i32_u
                          i32.const 16384
                          v128.const i32x4 0x68141967 0x9c857a0b 0xc56d07d4 0x91ae5325
                          loop (result f32)  ;; label = @12
                            elem.drop 0
                            table.size 0
                            f64.convert_i32_s
                            local.tee 11
                            local.get 11
                            f64.ne
                            local.get 11
                            f64.const inf (;=inf;)
                            f64.eq
                            local.get 11
                            f64.const -inf (;=-inf;)
                            f64.eq
                            i32.or
                            i32.or
                            if  ;; label = @13
                              f64.const 0x0p+0 (;=0;)
                              local.set 11
                            end
                            local.get 11
                            f64.const 0x0p+0 (;=0;)
                            f64.lt
                            if  ;; label = @13
                              f64.const 0x0p+0 (;=0;)
                              local.set 11
                            end
                            local.get 11
                            f64.const 0x1.fffffffffffffp+62 (;=9.22337e+18;)
                            f64.gt
                            if  ;; label = @13
                              f64.const 0x1.fffffffffffffp+62 (;=9.22337e+18;)
                              local.set 11
                            end
                            local.get 11
                            i64.trunc_f64_u
                            f64.reinterpret_i64
                            ref.null func
                            block (result i32)  ;; label = @13
                              local.get 0
                              loop  ;; label = @14
                                f32.const 0x1.fffp-137 (;=1.1478e-41;)
                                i32.reinterpret_f32
                                local.set 4
                                i32.const 2097152
                                f32.const 0x1.5b4638p+22 (;=5.68974e+06;)
                                i64.const -2231057317966621187
                                i64.extend32_s
                                i64.clz
                                global.get 0
                                i64.xor
                                global.set 0
                                i32.reinterpret_f32
                                global.get 4
                                i32.xor
                                global.set 4
                                global.get 1
                                i32.xor
                                global.set 1
                              end
                            end
                            global.get 1
                            i32.xor
                            global.set 1
                            drop
                            i64.reinterpret_f64
                            global.get 2
                            i64.xor
                            global.set 2
                            f32.const 0x1.05229ep+50 (;=1.14848e+15;)
                          end
                          i32.reinterpret_f32
                          global.get 4
                          i32.xor
                          global.set 4
                          global.get 3
                          v128.xor
                          global.set 3
                          global.get 1
                          i32.xor
                          global.set 1
                          i32.reinterpret_f32
                          global.get 4
                          i32.xor
                          global.set 4
                          drop
                          global.get 0
                          i64.xor
                          global.set 0
                          f32.const 0x1.9dd24ap-33 (;=1.88184e-10;)
                        end
                        i32.reinterpret_f32
                        global.get 4
                        i32.xor
                        global.set 4
                        global.get 1
                        i32.xor
                        global.set 1
                        v128.const i32x4 0x562db303 0x79611711 0x4d561124 0xae0df838
                      end
                      global.get 3
                      v128.xor
                      global.set 3
                      i64.reinterpret_f64
                      global.get 2
                      i64.xor
                      global.set 2
                      global.get 1
                      i32.xor
                      global.set 1
                      global.get 0
                      i64.xor
                      global.set 0
                      drop
                      drop
                      global.get 0
                      i64.xor
                      global.set 0
                    end
                    global.get 1
                    i32.xor
                    global.set 1
                    i64.reinterpret_f64
                    global.get 2
                    i64.xor
                    global.set 2
                    global.get 3
                    v128.xor
                    global.set 3
                    global.get 0
                    i64.xor
                    global.set 0
                    i64.reinterpret_f64
                    global.get 2
                    i64.xor
                    global.set 2
                    drop
                    global.get 0
                    i64.xor
                    global.set 0
                    f64.const 0x1.ffff8p-1057 (;=1.29516e-318;)
                  else
                    f64.const 0x1.d61d492365f5bp+467 (;=6.99796e+140;)
                  end
                  i64.reinterpret_f64
                  global.get 2
                  i64.xor
                  global.set 2
                  global.get 0
                  i64.xor
                  global.set 0
                  global.get 1
                  i32.xor
                  global.set 1
                  global.get 0
                  i64.xor
                  global.set 0
                  ref.null extern
                end
                drop
              else
                i32.const 1267716954
              end
              global.get 1
              i32.xor
              global.set 1
              global.get 0
              i64.xor
              global.set 0
              drop
              global.get 3
              v128.xor
              global.set 3
              i64.reinterpret_f64
              global.get 2
              i64.xor
              global.set 2
            end
            i32.const 772986907
          end
          global.get 1
          i32.xor
          global.set 1
          f64.const -0x1.c821b251b1e58p-705 (;=-1.05853e-212;)
        end
        i64.reinterpret_f64
        global.get 2
        i64.xor
        global.set 2
        global.get 3
        v128.xor
        global.set 3
        global.get 0
        i64.xor
        global.set 0
        drop
        global.get 1
        i32.xor
        global.set 1
        global.get 0
        i64.xor
        global.set 0
        v128.const i32x4 0x87fde0bf 0x15b6a926 0x3c8c47ce 0x482057f5
      end
      global.get 3
      v128.xor
      global.set 3
      global.get 1
      i32.xor
      global.set 1
      i64.reinterpret_f64
      global.get 2
      i64.xor
      global.set 2
      global.get 1
      i32.xor
      global.set 1
      i64.reinterpret_f64
      global.get 2
      i64.xor
      global.set 2
      drop
      i64.reinterpret_f64
      global.get 2
      i64.xor
      global.set 2
    end
    global.get 0
    i64.xor
    global.set 0
    i64.reinterpret_f64
    global.get 2
    i64.xor
    global.set 2
    drop
    i32.const 737069537)
  (table (;0;) 1 7 externref)
  (global (;0;) (mut i64) (i64.const 0))
  (global (;1;) (mut i32) (i32.const 0))
  (global (;2;) (mut i64) (i64.const 0))
  (global (;3;) (mut v128) (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000))
  (global (;4;) (mut i32) (i32.const 0))
  (export "Sy`" (func 0))
  (export "" (func 1))
  (export "2" (func 2))
  (export "3" (table 0))
  (export "4" (global 0))
  (export "\d9\85" (global 1))
  (export "6" (global 2))
  (export "#_VZ\d5\92@$\04" (global 3))
  (export "8" (global 4))
  (elem (;0;) func)
  (data (;0;) "V"))
