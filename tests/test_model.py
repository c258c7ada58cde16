"""The CodeFusion network, schedule, sampler, training loop and checkpoints (tiny config)."""

import json
import os
import subprocess
import sys

import pytest
import torch

from model import checkpoint
from model.config import ModelConfig, TrainConfig
from model.network import CodeFusion
from model.sample import sample
from model.schedule import SqrtSchedule

VOCAB = ["<pad>", "<bos>", "<eos>", "<unk>"] + [f"T{i}" for i in range(28)]


def test_schedule():
    s = SqrtSchedule(1200)
    ab = s.alpha_bar
    assert ab[0] > 0.98 and ab[-1] < 1e-3 and bool((ab[1:] <= ab[:-1]).all())
    ts = s.set_timesteps(10)
    assert ts[0] == 1200 and ts[-1] == 1 and len(ts) == 10
    x0 = torch.ones(2, 4, 3)
    xt = s.add_noise(x0, torch.zeros_like(x0), torch.tensor([1, 1200]))
    assert torch.allclose(xt[0], ab[1].sqrt() * x0[0]) and xt[1].abs().max() < 0.05
    # a step with a perfect x0 prediction lands on the noised x0 of the earlier time
    noise = torch.randn_like(x0)
    x_t = s.add_noise(x0, noise, torch.tensor([600, 600]))
    x_prev = s.step(x0, 600, x_t, 300)
    assert torch.allclose(x_prev, s.add_noise(x0, noise, torch.tensor([300, 300])), atol=1e-5)


def test_loss_and_backward():
    torch.manual_seed(0)
    m = CodeFusion(ModelConfig.tiny(len(VOCAB)))
    y = torch.randint(4, len(VOCAB), (3, 16))
    loss, parts = m.loss(["sum of sales", "", "average price"], y, SqrtSchedule(100))
    assert torch.isfinite(loss) and set(parts) >= {"denoise", "dec_emb", "ce", "anchor"}
    loss.backward()
    assert m.denoiser[0].cross.q.weight.grad is not None
    assert all(p.grad is None for p in m.encoder.parameters())  # the encoder is frozen


def test_sampler_shapes_scores_and_intermediates():
    m = CodeFusion(ModelConfig.tiny(len(VOCAB)))
    s = sample(m, "a request", k=5, steps=4, seed=1, eos_id=2, keep_intermediates=True)
    assert s.ids.shape == (5, 16) and s.scores.shape == (5,)
    assert len(s.intermediates) == 4 and s.intermediates[0].shape == (5, 16)
    assert bool((s.scores <= 0).all())
    again = sample(m, "a request", k=5, steps=4, seed=1, eos_id=2)
    assert torch.equal(s.ids, again.ids)  # same noise draws, same candidates
    # eta > 0 draws fresh noise between steps, from the same seeded generator: repeatable
    a = sample(m, "a request", k=5, steps=4, seed=1, eta=1.0)
    assert torch.equal(a.ids, sample(m, "a request", k=5, steps=4, seed=1, eta=1.0).ids)
    bias = torch.zeros(len(VOCAB))
    bias[5:] = float("-inf")
    only = sample(m, "a request", k=3, steps=3, seed=2, bias=bias)
    assert int(only.ids.max()) < 5


def test_length_batches_group_similar_lengths():
    import random

    from model.train import length_batches

    lengths = list(range(1000))
    gen = length_batches(1000, lengths, 10, random.Random(0), pool=16)
    batches = [next(gen) for _ in range(200)]
    assert all(len(b) == 10 and len(set(b)) == 10 for b in batches)
    spread = sum(max(lengths[i] for i in b) - min(lengths[i] for i in b) for b in batches) / len(batches)
    assert spread < 150  # a uniformly random batch of 10 spreads about 800
    plain = length_batches(1000, lengths, 10, random.Random(0), pool=1)
    spread1 = sum(max(b) - min(b) for b in (next(plain) for _ in range(200))) / 200
    assert spread1 > 500
    assert next(length_batches(3, [5, 1, 9], 8, random.Random(0))) != []  # fewer examples than a batch


def _write_data(tmp_path, n=6):
    (tmp_path / "vocab.json").write_text(json.dumps(VOCAB))
    rows = []
    for i in range(n):
        y = [f"T{i}", f"T{i + 10}", f"T{(i * 3) % 28}", "<eos>"]
        rows.append(json.dumps({"x": f"request number {i} about item {i}", "y": y}))
    (tmp_path / "train.jsonl").write_text("\n".join(rows) + "\n")
    return tmp_path


def test_training_learns_resumes_and_checkpoints(tmp_path):
    from model.train import train

    d = _write_data(tmp_path)
    tc = TrainConfig(data=[str(d / "train.jsonl")], dev=str(d / "train.jsonl"), vocab=str(d / "vocab.json"),
                     out=str(d / "run"), steps=400, batch_size=6, lr=3e-3, warmup=20, eval_every=400,
                     save_every=200, device="cpu")
    rec = train(tc, ModelConfig.tiny(), progress=False)
    assert rec["log"][-1]["dev_exact"] >= 0.5  # six programs memorised from their requests
    assert rec["log"][-1]["ce"] < 1.0
    files = os.listdir(d / "run")
    assert "checkpoint.json" in files and "optimizer.pt" in files
    # resume continues from the saved step
    tc.steps = 420
    rec2 = train(tc, ModelConfig.tiny(), resume=True, progress=False)
    assert rec2["steps_done"] == 420
    m, meta = checkpoint.load(str(d / "run"))
    assert meta["vocab"] == VOCAB and meta["step"] == 420


def test_checkpoint_errors_name_the_file(tmp_path):
    with pytest.raises(checkpoint.CheckpointError, match="checkpoint.json"):
        checkpoint.load(str(tmp_path))
    m = CodeFusion(ModelConfig.tiny(len(VOCAB)))
    checkpoint.save(str(tmp_path), m, m.cfg, VOCAB, {})
    shard = tmp_path / "weights-00.safetensors"
    shard.write_bytes(b"garbage")
    with pytest.raises(checkpoint.CheckpointError, match="weights-00.safetensors"):
        checkpoint.load(str(tmp_path))
    shard.unlink()
    with pytest.raises(checkpoint.CheckpointError, match="missing"):
        checkpoint.load(str(tmp_path))


def test_checkpoints_shard_under_16_mib(tmp_path):
    m = CodeFusion(ModelConfig(vocab_size=len(VOCAB), d_model=256, n_denoise=6, n_decode=3))
    checkpoint.save(str(tmp_path), m, m.cfg, VOCAB, {}, dtype=torch.float32)
    shards = [f for f in os.listdir(tmp_path) if f.endswith(".safetensors")]
    assert len(shards) >= 2 and all(os.path.getsize(tmp_path / f) < 16 * 2 ** 20 for f in shards)
    m2, _ = checkpoint.load(str(tmp_path))
    k = "denoiser.0.mlp.0.weight"
    assert torch.equal(m.state_dict()[k], m2.state_dict()[k])


def test_autoregressive_baseline_trains_and_beam_searches(tmp_path):
    from model.ar import beam_search
    from model.train import train

    d = _write_data(tmp_path)
    tc = TrainConfig(data=[str(d / "train.jsonl")], vocab=str(d / "vocab.json"), out=str(d / "ar"),
                     steps=150, batch_size=6, lr=3e-3, warmup=10, eval_every=1000, save_every=150, device="cpu")
    train(tc, ModelConfig.tiny(), arch="ar", progress=False)
    from model.ar import ARModel

    m, _ = checkpoint.load(str(d / "ar"), "cpu", ARModel)
    seqs, scores = beam_search(m, "request number 2 about item 2", k=3, eos_id=2)
    assert 1 <= len(seqs) <= 3 and scores == sorted(scores, reverse=True)
    # a caller's prefix constraints (a grammar) decide which tokens may come next
    path = [5, 9, 7]

    def only(prefix):
        b = torch.full((m.cfg.vocab_size,), float("-inf"))
        b[path[len(prefix)] if len(prefix) < len(path) else 2] = 0.0
        return b

    seqs, scores = beam_search(m, "request number 2 about item 2", k=3, eos_id=2, prefix_bias=only)
    assert seqs == [path + [2]] and scores[0] < 0


def test_torchrun_two_cpu_processes(tmp_path):
    d = _write_data(tmp_path)
    cmd = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2", "--master_port", "29517",
           "-m", "model.train", "--data", str(d / "train.jsonl"), "--vocab", str(d / "vocab.json"),
           "--out", str(d / "ddp"), "--size", "tiny", "--steps", "6", "--batch-size", "4",
           "--eval-every", "100", "--save-every", "6", "--device", "cpu", "--threads", "1"]
    env = dict(os.environ, OMP_NUM_THREADS="1")
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=240, env=env,
                       cwd=os.path.dirname(os.path.dirname(__file__)))
    assert r.returncode == 0, r.stderr[-2000:]
    meta = json.loads((d / "ddp" / "checkpoint.json").read_text())
    assert meta["training"]["world_size"] == 2 and meta["step"] == 6


def test_plain_minilm_equals_transformers_bert():
    """The inference encoder (plain PyTorch + tokenizers) against transformers' BertModel."""
    import transformers
    from transformers import AutoTokenizer, BertModel

    from model.network import TextEncoder, minilm_path

    transformers.logging.set_verbosity_error()
    path = minilm_path()
    ref = BertModel.from_pretrained(path, add_pooling_layer=False).eval()
    with torch.no_grad():
        for p in ref.parameters():
            p.copy_(p.half().float())  # the same fp16 rounding the project applies
    ref_tok = AutoTokenizer.from_pretrained(path)
    ours = TextEncoder(ModelConfig())
    texts = ["total sales for East", "x " * 400, "", "highlight rows where stock < 10 | café | [0] 10"]
    a = ref_tok(texts, padding=True, truncation=True, max_length=256, return_tensors="pt")
    b = ours.tokenize(texts, torch.device("cpu"))
    assert torch.equal(a["input_ids"], b["input_ids"]) and torch.equal(a["attention_mask"], b["attention_mask"])
    with torch.no_grad():
        ya = ref(input_ids=a["input_ids"], attention_mask=a["attention_mask"]).last_hidden_state
    yb = ours(b["input_ids"], b["attention_mask"])
    real = b["attention_mask"].bool()
    assert (ya - yb)[real].abs().max() < 1e-4


def test_encoder_bf16_on_cpu_and_sentence_embeddings():
    """The frozen encoder under CPU bf16 autocast (training's speed-up) stays close to fp32 and
    hands back fp32 states; sentence embeddings are unit vectors, equal texts alike."""
    from model.network import TextEncoder

    enc = TextEncoder(ModelConfig())
    texts = ["total sales for East", "highlight rows where stock < 10", "average price"]
    b = enc.tokenize(texts, torch.device("cpu"))
    full = enc(b["input_ids"], b["attention_mask"])
    enc.cpu_bf16 = True
    half = enc(b["input_ids"], b["attention_mask"])
    enc.cpu_bf16 = False
    assert half.dtype == torch.float32 and half.shape == full.shape
    real = b["attention_mask"].bool()
    cos = torch.nn.functional.cosine_similarity(full[real], half[real], dim=-1)
    assert cos.min() > 0.98
    v = enc.sentence_embeddings(texts + [texts[0]], torch.device("cpu"))
    assert torch.allclose(v.norm(dim=-1), torch.ones(4), atol=1e-5)
    sims = v @ v[0]
    assert sims[3] == pytest.approx(1.0, abs=1e-5) and sims[1] < 0.9 and sims[2] < 0.9


def test_training_records_the_encoder_precision(tmp_path):
    from model.train import train

    d = _write_data(tmp_path)
    tc = TrainConfig(data=[str(d / "train.jsonl")], vocab=str(d / "vocab.json"), out=str(d / "run"),
                     steps=2, batch_size=4, warmup=1, eval_every=100, save_every=100, device="cpu",
                     encoder_bf16=True)
    assert train(tc, ModelConfig.tiny(), progress=False)["encoder_bf16"] is True
    tc.encoder_bf16, tc.out = False, str(d / "run2")
    assert train(tc, ModelConfig.tiny(), progress=False)["encoder_bf16"] is False


def test_recipe_runs_all_phases_with_the_real_requests_repeated(tmp_path):
    """``model.recipe`` on ``cfdesk data export``'s file names: phase 1, phase 2 from phase 1's
    weights, the AR baseline; the real CF requests join the fine-tuning data --real-repeat times."""
    import lzma

    from model.recipe import main

    d = _write_data(tmp_path)
    rows = (d / "train.jsonl").read_text()
    for name in ("train", "dev", "pretrain", "real_cf"):
        with lzma.open(d / f"{name}.jsonl.xz", "wt") as f:
            f.write(rows)
    out = tmp_path / "recipe"
    assert main(["--data-dir", str(d), "--out", str(out), "--size", "tiny", "--steps", "4,4,4",
                 "--minutes", "1,1,1", "--batch-size", "4", "--device", "cpu", "--threads", "1",
                 "--real-repeat", "2"]) == 0
    report = json.loads((out / "recipe.json").read_text())
    assert [report["phases"][p]["steps"] for p in ("pretrain", "finetune", "ar")] == [4, 4, 4]
    for sub in ("codefusion", "ar"):
        meta = json.loads((out / sub / "checkpoint.json").read_text())
        data = meta["training"]["train"]["data"]
        assert sum(p.endswith("real_cf.jsonl.xz") for p in data) == 2 and data[0].endswith("train.jsonl.xz")
    ft = json.loads((out / "codefusion" / "checkpoint.json").read_text())["training"]["train"]
    assert ft["init"].endswith("pretrain")


def test_ar_scores_given_sequences_as_beam_search_scores_its_own(tmp_path):
    from model.ar import ARModel, beam_search, score_sequences

    torch.manual_seed(0)
    m = ARModel(ModelConfig.tiny(len(VOCAB)))
    seqs, scores = beam_search(m, "request number 2", k=4, beam=4, eos_id=2)
    again = score_sequences(m, "request number 2", [s + [0, 0] for s in seqs] + [[5, 6]], eos_id=2)
    assert again[:4] == pytest.approx(scores, abs=1e-5)  # padding after <eos> is ignored
    # a sequence without <eos> is scored with one appended, like a beam that ended there
    assert again[4] == pytest.approx(score_sequences(m, "request number 2", [[5, 6, 2]], eos_id=2)[0])
    assert again[4] < 0 and score_sequences(m, "x", []) == []


def test_gradient_accumulation_equals_one_large_batch(tmp_path):
    """Two micro-batches of 3 per step update the weights as one batch of 6 does (the AR loss
    is deterministic in the tiny config: no dropout, no noise)."""
    from model.ar import ARModel
    from model.train import train

    d = _write_data(tmp_path)
    runs = {}
    for name, batch, acc in (("one", 6, 1), ("two", 3, 2)):
        tc = TrainConfig(data=[str(d / "train.jsonl")], vocab=str(d / "vocab.json"), out=str(d / name),
                         steps=1, batch_size=batch, accumulate=acc, lr=1e-3, warmup=1, eval_every=100,
                         save_every=100, device="cpu", encoder_bf16=False)
        train(tc, ModelConfig.tiny(), arch="ar", progress=False, save_optimizer=False)
        runs[name] = checkpoint.load(str(d / name), "cpu", ARModel)[0].state_dict()
    assert json.loads((d / "two" / "checkpoint.json").read_text())["training"]["train"]["accumulate"] == 2
    for k, v in runs["one"].items():
        # within the fp16 checkpoint's rounding, far below the 1e-3 step another batch would make
        assert torch.allclose(v.float(), runs["two"][k].float(), atol=1e-4), k
    init = ARModel(ModelConfig.tiny(len(VOCAB)))
    moved = sum(not torch.equal(v, init.state_dict()[k]) for k, v in runs["one"].items() if k in init.state_dict())
    assert moved > 0
