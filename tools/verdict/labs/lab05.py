"""Lab 05's checks: they run in the grading process and decide each test cell.

Inputs are drawn (seeded, from each check's ``t.rng``) from everything each question's text
allows: other image, patch, channel and batch sizes (batch 1 included), the ``meta`` device,
attention with any number of leading dimensions, ``N != M`` and ``d != dv``, large scores,
float64 and bfloat16, heads wider and narrower than ``dim / heads``, other depths and class
counts. Every module's weights are drawn here and loaded into the kernel (never the kernel's
own initialisation), and gradients are compared beside the values. The parts that a question
does not grade (the attention of Q3, the attention of Q4, the parts of the ViT in Q5) are small
modules of the check's own, built in the kernel from ``torch.nn``: never the student's answers
to the other questions, never ``timm``, so the "do not use" rules can block ``timm`` and
``torchvision.models`` whole while the answer runs.
"""
import math

import torch

from tools.verdict.session import Fn, Lib, check

LIBRARIES = ["timm", "torchvision.models"]  # the model libraries that could do a question's job
ATTENTION_OPS = ["scaled_dot_product", "multi_head_attention", "_safe_softmax"]  # _safe_softmax: sdpa's math path

RULE_Q1 = {"rule": "Questão 1: escreva o patch embedding você mesmo, sem o PatchEmbed do timm nem outra biblioteca "
                   "de modelos (timm e torchvision.models ficam bloqueados enquanto o seu forward roda).",
           "modules": LIBRARIES}
RULE_Q2 = {"rule": "Questão 2: nada de F.scaled_dot_product_attention (nem das suas versões em torch.ops.aten) nem "
                   "de nn.MultiheadAttention; use @, transpose e torch.softmax.",
           "ops": ATTENTION_OPS, "functions": ["torch.nn.functional.multi_head_attention_forward"]}
RULE_Q3 = {"rule": "Questão 3: chame self.attn_fn; nada de F.scaled_dot_product_attention, nn.MultiheadAttention "
                   "ou da Attention do timm (timm e torchvision.models ficam bloqueados enquanto o seu forward roda).",
           "modules": LIBRARIES, "ops": ATTENTION_OPS,
           "functions": ["torch.nn.functional.multi_head_attention_forward"]}
RULE_Q4 = {"rule": "Questão 4: escreva o forward do bloco; nada de emprestar o Block do timm ou de outra biblioteca "
                   "(timm e torchvision.models ficam bloqueados enquanto o seu forward roda).",
           "modules": LIBRARIES}
RULE_Q5 = {"rule": "Questão 5: escreva o forward do ViT você mesmo; nada de emprestar o do timm ou de outra "
                   "biblioteca (timm e torchvision.models ficam bloqueados enquanto o seu forward roda).",
           "modules": LIBRARIES}
RULE_Q6 = {"rule": "Questão 6: conte os parâmetros sem construir o modelo (nenhum nn.Module, nem no device meta).",
           "modules": ["torch.nn.modules.module", *LIBRARIES, "course_utils.vit"]}

NN = "torch.nn."


# -- inputs drawn here ---------------------------------------------------------------------------
def _gen(t) -> torch.Generator:
    return torch.Generator().manual_seed(t.rng.randrange(2**31))


def _randn(t, *shape, scale=1.0, dtype=torch.float32):
    return (torch.randn(shape, generator=_gen(t), dtype=torch.float64) * scale).to(dtype)


def _randomize(t, module, zero=()):
    """Load weights drawn here into a module of the kernel (every float tensor of its state
    dict): norms' scales in [0.5, 2], biases and embeddings around 0, weight matrices scaled
    by their fan-in. Tensors whose name starts with one of ``zero`` are zeros."""
    state = t.state(module)
    new = {}
    for name, value in state.items():
        shape = tuple(value.shape)
        if not value.is_floating_point():
            new[name] = value
        elif name.startswith(tuple(zero)):
            new[name] = torch.zeros(shape, dtype=value.dtype)
        elif name.endswith("weight") and len(shape) == 1:
            new[name] = (0.5 + 1.5 * torch.rand(shape, generator=_gen(t), dtype=torch.float64)).to(value.dtype)
        elif name.endswith("weight"):
            new[name] = _randn(t, *shape, scale=1 / math.sqrt(math.prod(shape[1:])), dtype=value.dtype)
        else:
            new[name] = _randn(t, *shape, scale=0.5, dtype=value.dtype)
    t.method(module, "load_state_dict", new, what="load_state_dict")
    return new


def _mixer(t, tokens, dim, seed):
    """A module of the check's own, (B, tokens, dim) -> (B, tokens, dim), that mixes tokens and
    features (a stand-in for an attention or a block): Flatten, Linear, Tanh, Unflatten."""
    linear = t.new(Lib(NN + "Linear"), tokens * dim, tokens * dim, seed=seed)
    return t.new(Lib(NN + "Sequential"), t.new(Lib(NN + "Flatten"), 1), linear, t.new(Lib(NN + "Tanh")),
                 t.new(Lib(NN + "Unflatten"), 1, (tokens, dim)))


def _terms(*sizes) -> int:
    return max(1, math.prod(sizes))


# -- Questão 1: patch embedding ------------------------------------------------------------------
def _pe_configs(t, n):
    """(img_size, patch, in_chans, dim, batch): square images cut in 1 to 5 patches a side."""
    out = []
    for _ in range(n):
        patch = t.rng.choice([2, 3, 4, 8])
        side = t.rng.randrange(1, 6)
        out.append((patch * side, patch, t.rng.choice([1, 2, 3, 4]), t.rng.choice([3, 5, 7, 16]),
                    t.rng.choice([1, 2, 3, 5])))
    return out


def _patch_embed(t, img, patch, chans, dim):
    pe = t.new("PatchEmbedding", img_size=img, patch=patch, in_chans=chans, dim=dim,
               what=f"PatchEmbedding(img_size={img}, patch={patch}, in_chans={chans}, dim={dim})")
    _randomize(t, pe)
    return pe


@check("patch_embed_t1", states="x: imagens (B, C, H, W) -> tokens (B, 1 + N, dim), N = (H / patch) * (W / patch).")
def patch_embed_shapes(t):
    for img, patch, chans, dim, batch in _pe_configs(t, 5) + [(24, 8, 1, 5, 1)]:
        pe = _patch_embed(t, img, patch, chans, dim)
        out = t.forward(pe, _randn(t, batch, chans, img, img), forbid=RULE_Q1)["output"]
        t.expect(list(out.shape) if isinstance(out, torch.Tensor) else out,
                 f"forma dos tokens (imagem {img}x{img}, patch {patch}, {chans} canais, dim {dim}, batch {batch})")
        t.expect(str(out.dtype) if isinstance(out, torch.Tensor) else out, "dtype dos tokens")


@check("patch_embed_t2", states="patches em ordem de leitura")
def patch_embed_values(t):
    for img, patch, chans, dim, batch in _pe_configs(t, 5):
        pe = _patch_embed(t, img, patch, chans, dim)
        out = t.forward(pe, _randn(t, batch, chans, img, img), forbid=RULE_Q1)["output"]
        t.expect(out, f"tokens (imagem {img}x{img}, patch {patch}, {chans} canais, dim {dim}, batch {batch}): "
                      "classe na posição 0, patches em ordem de leitura, pos_embed em todos",
                 terms=_terms(chans, patch, patch))


@check("patch_embed_t2", states="os testes ocultos bloqueiam o `timm` e o `torchvision.models` enquanto o seu "
                                "`forward` roda")
def patch_embed_rule(t):
    pe = _patch_embed(t, 12, 4, 3, 6)
    t.expect(t.forward(pe, _randn(t, 2, 3, 12, 12), forbid=RULE_Q1)["output"], "tokens (sem timm)", terms=48)


@check("patch_embed_t3", states="um device diferente da CPU")
def patch_embed_meta(t):
    for img, patch, chans, dim, batch in _pe_configs(t, 3):
        pe = t.new("PatchEmbedding", img_size=img, patch=patch, in_chans=chans, dim=dim, what="PatchEmbedding(...)")
        t.method(pe, "to", torch.device("meta"), what="PatchEmbedding(...).to('meta')")
        out = t.forward(pe, torch.empty(batch, chans, img, img, device="meta"), forbid=RULE_Q1)["output"]
        t.expect(out, f"tokens no device meta (imagem {img}x{img}, patch {patch}, batch {batch})")


@check("patch_embed_t3", states="ambas **parâmetros aprendidos**")
def patch_embed_grads(t):
    for img, patch, chans, dim, batch in _pe_configs(t, 3):
        pe = _patch_embed(t, img, patch, chans, dim)
        tokens = (img // patch) ** 2 + 1
        reply = t.forward(pe, _randn(t, batch, chans, img, img), backward=True, input_grads=True,
                          weight=_randn(t, batch, tokens, dim), forbid=RULE_Q1)
        t.expect(reply.get("param_grads"), f"gradientes de cls_token, pos_embed e proj (batch {batch})",
                 terms=_terms(batch, tokens))
        t.expect(reply.get("input_grads"), "gradiente das imagens", terms=dim)


# -- Questão 2: attention ------------------------------------------------------------------------
def _attention(t, q, k, v, what):
    return t.call("attention", q, k, v, what=what, forbid=RULE_Q2)


@check("attention_t1", states="Cada linha da saída é uma média ponderada das linhas de v")
def attention_means(t):
    for lead in ((), (3,), (2, 2), (1, 2, 3)):
        n, m, d, dv = t.rng.randrange(1, 6), t.rng.randrange(1, 7), t.rng.randrange(1, 9), t.rng.randrange(1, 5)
        v = _randn(t, *lead, m, dv)
        out = _attention(t, torch.zeros(*lead, n, d), torch.zeros(*lead, m, d), v, "attention(0, 0, v)")
        t.expect(out, f"saída com q = k = 0 (formas iniciais {lead}, N={n}, M={m}): a média das linhas de v",
                 terms=m)


@check("attention_t2", states="q: (..., N, d), k: (..., M, d), v: (..., M, dv) -> (..., N, dv).")
def attention_values(t):
    for lead in ((), (4,), (2, 3), (2, 1, 2)):
        n, m, d, dv = t.rng.randrange(1, 8), t.rng.randrange(2, 9), t.rng.choice([3, 8, 16, 64]), t.rng.randrange(1, 6)
        q, k, v = _randn(t, *lead, n, d, scale=2), _randn(t, *lead, m, d, scale=2), _randn(t, *lead, m, dv)
        t.expect(_attention(t, q, k, v, "attention(q, k, v)"),
                 f"attention com formas iniciais {lead}, N={n}, M={m}, d={d}, dv={dv}", terms=_terms(d, m))


@check("attention_t2", states="os testes ocultos fazem as duas falharem enquanto a sua função roda")
def attention_rule(t):
    q, k, v = _randn(t, 2, 3, 5, 8), _randn(t, 2, 3, 5, 8), _randn(t, 2, 3, 5, 8)
    t.expect(_attention(t, q, k, v, "attention(q, k, v)"), "attention (sem as versões fundidas)", terms=40)


@check("attention_t2", states="estável mesmo com escores grandes")
def attention_large_scores(t):
    q, k = _randn(t, 2, 4, 6, dtype=torch.float64, scale=40), _randn(t, 2, 5, 6, dtype=torch.float64, scale=40)
    v = _randn(t, 2, 5, 3, dtype=torch.float64)
    t.expect(_attention(t, q, k, v, "attention com escores grandes"), "attention com escores da ordem de 1000",
             rtol=1e-6)


@check("attention_t3", states="os pesos de cada consulta somam 1 e o dtype é preservado")
def attention_weights_dtype(t):
    for dtype, lead in ((torch.float64, (3,)), (torch.float64, (2, 2)), (torch.bfloat16, (2,))):
        n, m, d = t.rng.randrange(2, 7), t.rng.randrange(2, 6), t.rng.randrange(2, 9)
        q, k = _randn(t, *lead, n, d, scale=3, dtype=dtype), _randn(t, *lead, m, d, scale=3, dtype=dtype)
        eye = torch.eye(m, dtype=dtype).expand(*lead, m, m).contiguous()
        weights = _attention(t, q, k, eye, "attention(q, k, identidade)")
        t.expect(weights, f"pesos da atenção (v = identidade, {dtype}, N={n}, M={m}, d={d})",
                 **({"rtol": 5e-2} if dtype == torch.bfloat16 else {"terms": d}))
        if isinstance(weights, torch.Tensor) and dtype == torch.float64:
            t.require(torch.allclose(weights.sum(-1), torch.ones((), dtype=weights.dtype), atol=1e-9),
                      "os pesos de cada consulta devem somar 1 (softmax sobre as chaves, a última dimensão)")


# -- Questão 3: várias cabeças -------------------------------------------------------------------
# attn_fn of the check's own: a linear attention over the tokens, each head on its own (any
# (B, heads, N, head_dim) -> (B, heads, N, head_dim) will do; the question grades the plumbing).
MIX = Fn("partial", (Lib("torch.einsum"), ("bhnd,bhmd,bhme->bhne",), {}))


def _mhsa_configs(t, n):
    """(dim, heads, head_dim or None, batch, tokens): default, wider and narrower heads."""
    out = [(12, 3, None, 2, 5), (8, 2, 12, 1, 4)]
    for _ in range(n - 2):
        heads = t.rng.choice([1, 2, 3, 5])
        head_dim = t.rng.choice([None, t.rng.randrange(1, 9)])
        out.append((heads * t.rng.randrange(1, 5), heads, head_dim, t.rng.randrange(1, 4), t.rng.randrange(1, 7)))
    return out


def _mhsa(t, dim, heads, head_dim, attn_fn=MIX):
    m = t.new("MultiHeadSelfAttention", dim=dim, heads=heads, head_dim=head_dim, attn_fn=attn_fn,
              what=f"MultiHeadSelfAttention(dim={dim}, heads={heads}, head_dim={head_dim})")
    _randomize(t, m)
    return m


@check("mhsa_t1", states="x: (B, N, dim) -> (B, N, dim).")
def mhsa_shapes(t):
    for dim, heads, head_dim, batch, tokens in _mhsa_configs(t, 5):
        out = t.forward(_mhsa(t, dim, heads, head_dim), _randn(t, batch, tokens, dim), forbid=RULE_Q3)["output"]
        t.expect(list(out.shape) if isinstance(out, torch.Tensor) else out,
                 f"forma da saída (dim {dim}, {heads} cabeças de {head_dim or dim // heads}, batch {batch}, "
                 f"{tokens} tokens)")


@check("mhsa_t2", states="separe q, k e v, cada um com forma (B, heads, N, head_dim)")
def mhsa_spy(t):
    for i, (dim, heads, head_dim, batch, tokens) in enumerate(_mhsa_configs(t, 4)):
        log = f"lab05-attn-fn-{i}"
        m = _mhsa(t, dim, heads, head_dim, attn_fn=Fn("record", (log, MIX)))
        t.forward(m, _randn(t, batch, tokens, dim), forbid=RULE_Q3)
        t.expect(t.log(log), f"(q, k, v) que chegam a attn_fn (dim {dim}, {heads} cabeças de "
                             f"{head_dim or dim // heads}): uma chamada, cada um (B, heads, N, head_dim), "
                             "colunas de qkv em ordem q, k, v e, dentro de cada um, cabeça por cabeça",
                 terms=dim)


@check("mhsa_t3", states="junte as cabeças de volta em (B, N, heads * head_dim) e aplique self.proj")
def mhsa_values(t):
    for dim, heads, head_dim, batch, tokens in _mhsa_configs(t, 5):
        width = heads * (head_dim or dim // heads)
        reply = t.forward(_mhsa(t, dim, heads, head_dim), _randn(t, batch, tokens, dim), backward=True,
                          input_grads=True, weight=_randn(t, batch, tokens, dim), forbid=RULE_Q3)
        what = f"(dim {dim}, {heads} cabeças de {head_dim or dim // heads}, batch {batch}, {tokens} tokens)"
        terms = _terms(tokens, width, dim)
        t.expect(reply.get("output"), f"saída {what}", terms=terms)
        t.expect(reply.get("param_grads"), f"gradientes de qkv e proj {what}", terms=_terms(batch, terms))
        t.expect(reply.get("input_grads"), f"gradiente da entrada {what}", terms=terms)


@check("mhsa_t3", states="os testes ocultos os bloqueiam, e também o `timm` e o `torchvision.models` inteiros")
def mhsa_rule(t):
    reply = t.forward(_mhsa(t, 16, 4, None), _randn(t, 2, 6, 16), forbid=RULE_Q3)
    t.expect(reply.get("output"), "saída (sem atenção fundida nem timm)", terms=6 * 16 * 16)


# -- Questão 4: o bloco --------------------------------------------------------------------------
def _block(t, dim, tokens, mlp_ratio, zero=(), zero_attn=False):
    attn = _mixer(t, tokens, dim, seed=t.rng.randrange(2**31))
    block = t.new("TransformerBlock", dim=dim, heads=t.rng.choice([1, 2]), mlp_ratio=mlp_ratio,
                  attention_cls=Fn("const", (attn,)), what=f"TransformerBlock(dim={dim}, mlp_ratio={mlp_ratio})")
    _randomize(t, block, zero=tuple(zero) + (("attn.",) if zero_attn else ()))
    return block


def _block_configs(t, n):
    return [(t.rng.choice([4, 6, 10, 16]), t.rng.randrange(1, 6), t.rng.choice([1.5, 2.0, 4.0]),
             t.rng.randrange(1, 4)) for _ in range(n)]


@check("block_t1", states="o bloco precisa devolver a entrada **intacta**")
def block_residual(t):
    (dim, tokens, ratio, batch), *others = _block_configs(t, 3)
    block = _block(t, dim, tokens, ratio, zero=("mlp.2.",), zero_attn=True)
    x = _randn(t, batch, tokens, dim, scale=5) + 1
    t.expect(t.forward(block, x, forbid=RULE_Q4)["output"], "saída com os dois ramos nulos: a entrada intacta",
             exact=True)
    for (dim, tokens, ratio, batch), (zero, attn_zero, what) in zip(others, ((("mlp.2.",), False, "só a atenção"),
                                                                            ((), True, "só o MLP"))):
        block = _block(t, dim, tokens, ratio, zero=zero, zero_attn=attn_zero)
        t.expect(t.forward(block, _randn(t, batch, tokens, dim, scale=3), forbid=RULE_Q4)["output"],
                 f"saída com {what} (dim {dim}, mlp_ratio {ratio}): x + ramo(norm(x))", terms=tokens * dim * 4)


@check("block_t2", states="primeiro a atenção (norm1, attn), depois o MLP (norm2, mlp).")
def block_values(t):
    for dim, tokens, ratio, batch in _block_configs(t, 4):
        block = _block(t, dim, tokens, ratio)
        t.expect(t.forward(block, _randn(t, batch, tokens, dim, scale=3), forbid=RULE_Q4)["output"],
                 f"saída do bloco (dim {dim}, {tokens} tokens, mlp_ratio {ratio}, batch {batch})",
                 terms=tokens * dim * 4)


@check("block_t2", states="os gradientes chegam à entrada e a todos os parâmetros dos dois ramos")
def block_grads(t):
    for dim, tokens, ratio, batch in _block_configs(t, 3):
        block = _block(t, dim, tokens, ratio)
        reply = t.forward(block, _randn(t, batch, tokens, dim, scale=2), backward=True, input_grads=True,
                          weight=_randn(t, batch, tokens, dim), forbid=RULE_Q4)
        what = f"(dim {dim}, {tokens} tokens, batch {batch})"
        t.expect(reply.get("output"), f"saída {what}", terms=tokens * dim * 4)
        t.expect(reply.get("param_grads"), f"gradientes dos parâmetros do bloco {what}", terms=batch * tokens * dim * 4)
        t.expect(reply.get("input_grads"), f"gradiente da entrada {what}", terms=tokens * dim * 4)


@check("block_t2", states="O bloco não muda o dtype da entrada (em float64, a saída é float64)")
def block_float64(t):
    dim, tokens, ratio, batch = _block_configs(t, 1)[0]
    block = _block(t, dim, tokens, ratio)
    t.method(block, "double", what="block.double()")
    out = t.forward(block, _randn(t, batch, tokens, dim, scale=2, dtype=torch.float64), forbid=RULE_Q4)["output"]
    t.expect(out, f"saída de um bloco em float64 (dim {dim})", rtol=1e-9)


@check("block_t2", states="os testes ocultos bloqueiam o `timm` e o `torchvision.models` enquanto o seu `forward` roda")
def block_rule(t):
    block = _block(t, 8, 3, 2.0)
    t.expect(t.forward(block, _randn(t, 2, 3, 8), forbid=RULE_Q4)["output"], "saída do bloco (sem timm)", terms=96)


# -- Questão 5: o ViT ----------------------------------------------------------------------------
def _vit(t, depth, classes, chans=3, img=8, tokens=5, dim=6):
    """The student's VisionTransformer with parts of the check's own: tokens from a Linear of the
    whole image, blocks that mix tokens (each with its own weights), a LayerNorm and a head."""
    model = t.new("VisionTransformer", img_size=img, patch=img // 2, in_chans=chans, num_classes=classes, dim=dim,
                  depth=0, heads=1, what=f"VisionTransformer(depth=0, num_classes={classes})")
    embed = t.new(Lib(NN + "Sequential"), t.new(Lib(NN + "Flatten"), 1),
                  t.new(Lib(NN + "Linear"), chans * img * img, tokens * dim, seed=t.rng.randrange(2**31)),
                  t.new(Lib(NN + "Unflatten"), 1, (tokens, dim)))
    blocks = t.new(Lib(NN + "ModuleList"), [_mixer(t, tokens, dim, seed=t.rng.randrange(2**31)) for _ in range(depth)])
    t.setattr(model, "patch_embed", embed)
    t.setattr(model, "blocks", blocks)
    t.setattr(model, "norm", t.new(Lib(NN + "LayerNorm"), dim))
    t.setattr(model, "head", t.new(Lib(NN + "Linear"), dim, classes))
    _randomize(t, model)
    return model


@check("vit_forward_t1", states="x: imagens (B, C, H, W) -> logits (B, num_classes).")
def vit_shapes(t):
    for depth, classes, batch in ((1, 4, 1), (3, 1, 2), (2, 7, 1), (4, 3, 5)):
        logits = t.forward(_vit(t, depth, classes), _randn(t, batch, 3, 8, 8), forbid=RULE_Q5)["output"]
        t.expect(list(logits.shape) if isinstance(logits, torch.Tensor) else logits,
                 f"forma dos logits (batch {batch}, {classes} classes, {depth} blocos)")


@check("vit_forward_t2", states="o classificador aplicado SÓ ao token de classe (posição 0).")
def vit_values(t):
    for depth, classes, batch in ((1, 3, 2), (2, 5, 3), (3, 2, 1), (5, 4, 2)):
        logits = t.forward(_vit(t, depth, classes), _randn(t, batch, 3, 8, 8), forbid=RULE_Q5)["output"]
        t.expect(logits, f"logits ({depth} blocos, {classes} classes, batch {batch}): todos os blocos em ordem, "
                         "a LayerNorm final e o head no token 0", terms=200)


@check("vit_forward_t2", states="é o `forward` do treino (nada de `torch.no_grad()` nem `.detach()`)")
def vit_grads(t):
    for depth, classes, batch in ((2, 3, 2), (3, 4, 1)):
        reply = t.forward(_vit(t, depth, classes), _randn(t, batch, 3, 8, 8), backward=True,
                          weight=_randn(t, batch, classes), forbid=RULE_Q5)
        t.expect(reply.get("param_grads"), f"gradientes de todas as peças ({depth} blocos, batch {batch})",
                 terms=1000)


@check("vit_forward_t2", states="os testes ocultos bloqueiam o `timm` e o `torchvision.models` enquanto o seu "
                                "`forward` roda")
def vit_rule(t):
    t.expect(t.forward(_vit(t, 2, 3), _randn(t, 2, 3, 8, 8), forbid=RULE_Q5)["output"], "logits (sem timm)",
             terms=200)


# -- Questão 6: contar os parâmetros -------------------------------------------------------------
def _count(t, *args, **kwargs):
    n = t.call("vit_num_params", *args, what="vit_num_params", forbid=RULE_Q6, **kwargs)
    t.require(type(n) is int, f"vit_num_params deve devolver um int (o número de parâmetros); devolveu {n!r}")
    return n


def _vit_configs(t, n):
    out = []
    for _ in range(n):
        patch = t.rng.choice([2, 4, 7, 8])
        heads = t.rng.choice([1, 3, 4, 6])
        cfg = dict(img_size=patch * t.rng.randrange(1, 9), patch=patch, dim=heads * t.rng.randrange(2, 40),
                   depth=t.rng.randrange(1, 13), heads=heads, head_dim=t.rng.choice([None, t.rng.randrange(1, 100)]),
                   mlp_ratio=t.rng.choice([4.0, 4, 2.5, 3.3, 1.7, 0.5]), num_classes=t.rng.randrange(1, 1001),
                   in_chans=t.rng.choice([1, 3, 4]))
        out.append(cfg)
    return out


@check("param_count_t1", states="some, camada por camada, pesos e vieses (bias)")
def count_small(t):
    for cfg in [dict(img_size=8, patch=4, dim=8, depth=1, heads=2, mlp_ratio=4.0, num_classes=3, in_chans=3),
                dict(img_size=32, patch=4, dim=192, depth=6, heads=3, head_dim=None, mlp_ratio=4.0, num_classes=10)]:
        t.expect(_count(t, **cfg), f"parâmetros com {cfg}")
    t.expect(_count(t, 32, 4, 192, 6, 3, None, 4.0, 10), "parâmetros com os argumentos na ordem posicional")
    for cfg in _vit_configs(t, 4):
        cfg.update(head_dim=None, mlp_ratio=4.0, in_chans=3)
        t.expect(_count(t, **cfg), f"parâmetros com {cfg}")


@check("param_count_t2", states="é heads * head_dim (head_dim = dim // heads quando não for dado)")
def count_wide_heads(t):
    readme = dict(img_size=32, patch=4, dim=384, depth=8, heads=12, head_dim=192, mlp_ratio=4, num_classes=100)
    t.expect(_count(t, **readme), "parâmetros do modelo do README (head_dim 192)")
    for cfg in _vit_configs(t, 4):
        cfg.update(mlp_ratio=4.0, in_chans=3, head_dim=cfg["head_dim"] or cfg["dim"] // cfg["heads"] + 5)
        t.expect(_count(t, **cfg), f"parâmetros com {cfg}")


@check("param_count_t2", states="o número de parâmetros do `VisionTransformer` acima")
def count_any_arguments(t):
    for cfg in _vit_configs(t, 8) + [dict(img_size=16, patch=2, dim=30, depth=2, heads=5, head_dim=None,
                                          mlp_ratio=3.3, num_classes=100, in_chans=1)]:
        t.expect(_count(t, **cfg), f"parâmetros com {cfg}")


@check("param_count_t2", states="criação de qualquer `nn.Module` (também no device `meta`) enquanto a sua função roda")
def count_rule(t):
    t.expect(_count(t, img_size=24, patch=6, dim=20, depth=3, heads=4, head_dim=9, mlp_ratio=2.5, num_classes=7,
                    in_chans=2), "parâmetros (sem construir módulos)")
