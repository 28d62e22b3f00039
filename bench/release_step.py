"""The released SAFR model and training step (chili-lab/SAFR@71bf7eb: model/model.py, regularization.py,
analyzer.py) in plain PyTorch, for checking against the float64 fixtures and timing against Safr.Kit.

  release_step.py check FIXTURES_DIR          compare with fixtures/official; exit 1 above 1e-9, 2 if a file is missing
  release_step.py bench THREADS ROUNDS [DIR]  paper config, train mode; one JSON line (DIR: run check first)
"""
import itertools, json, math, os, statistics, struct, sys, time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class VMASK(nn.Module):
    def __init__(self, d, hidden):
        super().__init__()
        self.linear_layer, self.hidden2p = nn.Linear(d, hidden), nn.Linear(hidden, 2)

    def forward(self, x):
        p = self.hidden2p(torch.tanh(self.linear_layer(x)))
        if self.training:  # hard straight-through sample of "keep" (class 1)
            keep = F.gumbel_softmax(p, tau=1, hard=True, dim=2)[:, :, 1:2]
        else:
            keep = F.softmax(p, dim=2)[:, :, 1:2]
        return x * keep, p


class PositionalEncoding(nn.Module):
    def __init__(self, d, max_len):
        super().__init__()
        pos = torch.arange(max_len, dtype=torch.float).unsqueeze(1)
        div = torch.exp(torch.arange(0, d, 2).float() * (-math.log(10000.0) / d))
        pe = torch.zeros(max_len, d)
        pe[:, 0::2], pe[:, 1::2] = torch.sin(pos * div), torch.cos(pos * div)
        self.register_buffer('pe', pe.unsqueeze(0))  # state_dict name pos_encoder.pe, 1 x L x d


class MultiHeadAttention(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads, self.d_k = heads, d // heads
        self.query, self.key, self.value, self.out = (nn.Linear(d, d) for _ in range(4))

    def forward(self, x, key_ok):
        B, L, _ = x.shape
        q, k, v = (m(x).view(B, L, self.heads, self.d_k).transpose(1, 2) for m in (self.query, self.key, self.value))
        scores = q @ k.transpose(-2, -1) / math.sqrt(self.d_k)
        scores = scores.masked_fill(~key_ok, -1e9)  # padded keys only; padded queries still attend
        attn = torch.softmax(scores, dim=-1)
        return self.out((attn @ v).transpose(1, 2).reshape(B, L, -1)), attn


class FeedForward(nn.Module):
    def __init__(self, d, d_ff):
        super().__init__()
        self.linear1, self.linear2 = nn.Linear(d, d_ff), nn.Linear(d_ff, d)

    def forward(self, x):
        return self.linear2(torch.relu(self.linear1(x)))


class TransformerBlock(nn.Module):  # post-LN; dropout on each sublayer output before the residual add
    def __init__(self, d, heads, d_ff, dropout):
        super().__init__()
        self.attention, self.norm1, self.dropout1 = MultiHeadAttention(d, heads), nn.LayerNorm(d), nn.Dropout(dropout)
        self.ff, self.norm2, self.dropout2 = FeedForward(d, d_ff), nn.LayerNorm(d), nn.Dropout(dropout)

    def forward(self, x, key_ok):
        a, attn = self.attention(x, key_ok)
        x = self.norm1(x + self.dropout1(a))
        return self.norm2(x + self.dropout2(self.ff(x))), attn


class CustomTransformer(nn.Module):
    def __init__(self, vocab_size, d_model, num_heads, num_layers, d_ff, max_seq_length, num_classes,
                 dropout, mask_hidden_dim):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, d_model)  # no padding_idx: PAD's row trains too
        self.vmask = VMASK(d_model, mask_hidden_dim)
        self.pos_encoder = PositionalEncoding(d_model, max_seq_length)
        self.layers = nn.ModuleList(TransformerBlock(d_model, num_heads, d_ff, dropout) for _ in range(num_layers))
        self.fc = nn.Linear(d_model, num_classes)
        self.dropout = nn.Dropout(dropout)

    def forward(self, ids):
        key_ok = (ids != 0)[:, None, None, :]  # B x 1 x 1 x L
        x = self.embedding(ids) * math.sqrt(self.embedding.embedding_dim)
        x_vmask, p = self.vmask(x)
        x = self.dropout(x_vmask + self.pos_encoder.pe[:, :ids.size(1)])  # positions after the mask
        attns = []
        for layer in self.layers:
            x, attn = layer(x, key_ok)
            attns.append(attn)
        # mean over ALL positions, padding included. Regularizers take the last layer's attention
        # (the release stacks all layers' and so only runs with one)
        return self.fc(x.mean(dim=1)), dict(vmask_logits=p, x_vmask=x_vmask, attn=attns[-1], block_out=x)


def polysemanticity_loss(x):  # L_imp, on x_vmask (B x L x E)
    B, L, E = x.shape
    x_norm = x / (1e-5 + torch.linalg.norm(x, dim=-1, keepdim=True))
    inter = torch.einsum('ble,bme->blm', x_norm, x).masked_fill(torch.eye(L, dtype=torch.bool), 0)
    return (torch.linalg.norm(inter, dim=-1) / math.sqrt(E)).mean()


def correlation_interference_loss(attn):  # L_inter, on attention (B x H x L x L)
    corr = attn / attn.sum(-1, keepdim=True)
    inter = torch.einsum('bhij,bhkj->bhik', attn, attn).masked_fill(torch.eye(attn.size(-1), dtype=torch.bool), 0)
    return (corr * (1 - inter)).mean()


def losses(model, ids, labels, lambda_imp=1.0, lambda_inter=1.0):
    logits, acts = model(ids)
    ce, imp, inter = F.cross_entropy(logits, labels), polysemanticity_loss(acts['x_vmask']), correlation_interference_loss(acts['attn'])
    return ce + lambda_imp * imp + lambda_inter * inter, dict(ce=ce, imp=imp, inter=inter, logits=logits, **acts)


# ---- check: the float64 fixtures --------------------------------------------------------------------------------

def need(path):
    if not os.path.isfile(path):
        print(f'release_step: fixture file missing: {path}', file=sys.stderr); sys.exit(2)
    return path


def load(path):
    """A .safetensors file: 8-byte little-endian header length, JSON header, raw little-endian tensors."""
    buf = open(need(path), 'rb').read()
    n = struct.unpack('<Q', buf[:8])[0]
    dtypes = {'F64': np.float64, 'F32': np.float32, 'I64': np.int64, 'I32': np.int32}
    return {k: torch.from_numpy(np.frombuffer(buf[8 + n + h['data_offsets'][0]:8 + n + h['data_offsets'][1]],
                                              dtype=dtypes[h['dtype']]).reshape(h['shape']).copy())
            for k, h in json.loads(buf[8:8 + n]).items() if k != '__metadata__'}


def check(fixtures, out=sys.stdout):
    f = lambda name: os.path.join(fixtures, name)
    # every file first, so a missing one exits 2 before any output
    mj, rj, aj = (json.load(open(need(f(n + '.json')))) for n in ('model', 'regularizers', 'adam'))
    mt, rt, at = (load(f(n + '.safetensors')) for n in ('model', 'regularizers', 'adam'))
    results = []

    def cmp(name, ours, ref, scale=None, note=''):
        ours, ref = torch.as_tensor(ours, dtype=torch.float64).detach(), torch.as_tensor(ref, dtype=torch.float64)
        den = scale if scale is not None else ref.norm().item()
        err = (ours - ref).norm().item() / (den if den > 0 else 1.0)  # absolute when the reference is zero
        results.append(err)
        print(f'{name:45s} rel_err {err:.3e}{note}', file=out)

    # regularizers alone
    x = rt['x'].clone().requires_grad_()
    imp = polysemanticity_loss(x); imp.backward()
    cmp('regularizers.polysemanticity_loss', imp, rj['polysemanticity_loss']); cmp('regularizers.x_grad', x.grad, rt['x_grad'])
    s = rt['attn_scores'].clone().requires_grad_()
    attn = torch.softmax(s, dim=-1)
    inter = correlation_interference_loss(attn); inter.backward()
    cmp('regularizers.attn', attn, rt['attn'])
    cmp('regularizers.interference_loss', inter, rj['interference_loss']); cmp('regularizers.attn_scores_grad', s.grad, rt['attn_scores_grad'])

    # the whole model, eval mode, float64
    model = CustomTransformer(**mj['config']).double().eval()
    model.load_state_dict({k[6:]: v for k, v in mt.items() if k.startswith('param.')}, strict=True)
    ids, labels = mt['input_ids'], mt['labels']
    total, r = losses(model, ids, labels, mj['lambda_imp'], mj['lambda_inter'])
    total.backward()
    for k in ('logits', 'vmask_logits', 'x_vmask', 'attn', 'block_out'):
        cmp(f'model.{k}', r[k], mt[k])
    for k, ref in (('ce', 'ce_loss'), ('imp', 'polysemanticity_loss'), ('inter', 'interference_loss')):
        cmp(f'model.{ref}', r[k], mj[ref])
    cmp('model.total_loss', total, mj['total_loss'])
    for name, p in model.named_parameters():
        if name.endswith('attention.key.bias'):  # zero in exact arithmetic (q.b_k shifts a whole softmax row):
            w = mt[f'grad.{name[:-4]}weight'].norm().item()  # both sides are roundoff, so scale by key.weight's grad
            cmp(f'model.grad.{name}', p.grad, mt[f'grad.{name}'], w, f'  (/||grad key.weight||; ||ref|| {mt[f"grad.{name}"].norm():.1e})')
        else:
            cmp(f'model.grad.{name}', p.grad, mt[f'grad.{name}'])
    n_grads = sum(k.startswith('grad.') for k in mt)
    if n_grads != len(list(model.parameters())):
        print(f'release_step: fixture has {n_grads} grads, model {len(list(model.parameters()))} parameters', file=out); results.append(float('inf'))

    # two Adam steps from those grads, the loss recomputed in eval mode between them
    opt = torch.optim.Adam(model.parameters(), lr=aj['lr'], betas=tuple(aj['betas']), eps=aj['eps'])
    opt.step(); opt.zero_grad()
    total1, _ = losses(model, ids, labels, mj['lambda_imp'], mj['lambda_inter'])
    total1.backward(); opt.step()
    cmp('adam.total_loss_after_step1', total1, aj['total_loss_after_step1'])
    state = model.state_dict()
    for k, ref in at.items():
        cmp(f'adam.{k}', state[k[6:]], ref)

    worst = max(results, default=float('inf'), key=lambda e: math.inf if math.isnan(e) else e)
    ok = len(results) > 0 and all(e <= 1e-9 for e in results)  # a NaN fails too
    print(f'compared {len(results)} quantities, worst rel_err {worst:.3e}: {"passed" if ok else "FAILED"}', file=out)
    return ok


# ---- bench: the paper configuration, train mode -----------------------------------------------------------------

def bench(threads, rounds):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    cfg = dict(vocab_size=16384, d_model=256, num_heads=8, num_layers=1, d_ff=1024, max_seq_length=128,
               num_classes=2, dropout=0.1, mask_hidden_dim=1024)
    batch = 32
    model = CustomTransformer(**cfg).train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    g = torch.Generator().manual_seed(1)
    batches = []
    for _ in range(16):  # fixed padding to 128: 5..60 real tokens (ids >= 2, no PAD/UNK), the rest PAD = 0
        ids = torch.randint(2, cfg['vocab_size'], (batch, cfg['max_seq_length']), generator=g)
        lens = torch.randint(5, 61, (batch, 1), generator=g)
        ids[torch.arange(cfg['max_seq_length'])[None, :] >= lens] = 0
        batches.append((ids, torch.randint(0, cfg['num_classes'], (batch,), generator=g)))

    it = itertools.cycle(batches)

    def step():  # as analyzer.train_model does it, minus the .item() bookkeeping
        loss, _ = losses(model, *next(it), 1.0, 1.0)
        loss.backward()
        opt.step()
        opt.zero_grad()

    load_before = os.getloadavg()[0]  # this VM is shared: a load above THREADS means the times are inflated
    for _ in range(2):
        step()
    per_round = []
    for _ in range(rounds):  # 3 steps a round, as bench/Safr.Kit.Bench times its step
        t = time.perf_counter()
        for _ in range(3):
            step()
        per_round.append((time.perf_counter() - t) * 1000 / 3)
    step_ms = statistics.median(per_round)
    # the BLAS actually mapped: Debian's torch uses the system libblas.so.3, and netlib's reference one is ~10x slower
    blas = sorted({l.split()[-1] for l in open('/proc/self/maps') if any(w in l for w in ('blas', 'mkl', 'blis'))})
    return dict(torch=torch.__version__, threads=threads, blas=blas, step_ms=round(step_ms, 3),
                step_ms_rounds=[round(v, 3) for v in per_round],
                epoch_217_s=round(step_ms * 217 / 1000, 3),
                loadavg_1m=[round(load_before, 2), round(os.getloadavg()[0], 2)],
                epoch_note='extrapolated: step_ms * 217 (SST-2 train, 6920 sentences / batch 32)',
                config=dict(cfg, batch=batch, lambda_imp=1.0, lambda_inter=1.0, lr=1e-4, mode='train',
                            lengths='5..60 real tokens, padded to 128', dtype='float32'))


if __name__ == '__main__':
    if len(sys.argv) >= 3 and sys.argv[1] == 'check':
        sys.exit(0 if check(sys.argv[2]) else 1)
    if len(sys.argv) in (4, 5) and sys.argv[1] == 'bench':
        passed = len(sys.argv) == 5 and check(sys.argv[4], out=sys.stderr)
        if len(sys.argv) == 5 and not passed:
            sys.exit(1)
        r = bench(int(sys.argv[2]), int(sys.argv[3]))
        print(json.dumps(dict(r, check='passed') if passed else r))
        sys.exit(0)
    print(__doc__.strip(), file=sys.stderr); sys.exit(2)
