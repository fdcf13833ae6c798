"""Lab 02's checks: they run in the grading process and decide each test cell.

Every module is built in the student's kernel from the libraries (``torch.nn``,
``torchvision``) and given weights, scales and running statistics drawn here (seeded, the
same draws for the reference and every student), so no helper of the notebook decides
anything. Inputs are drawn from the whole of each question: BatchNorm with other channel
counts, ``eps`` and ``momentum``, batches of one image, 1x1 and odd sizes, a channel whose
variance is as small as ``eps``, several steps in a row; blocks of other widths, strides
and downsample modules, in train and eval mode, with the gradients of every parameter;
the student's blocks inside a torchvision ResNet-18 and inside a small net of the check's
own; stages of any width, depth and stride, a ResNet-18 and a ResNet-34 assembled from them.
"""
import torch

from tools.verdict.session import Fn, Lib, Name, check

NN = "torch.nn."
RESNET = "torchvision.models.resnet."

BY_HAND = {"rule": "escreva a BatchNorm com operações elementares, sem bn(x), F.batch_norm ou outra "
                   "normalização pronta.",
           "ops": ["batch_norm", "instance_norm", "group_norm", "layer_norm", "rms_norm"],
           # PyTorch's own implementations of the same job in Python (reference decompositions)
           "modules": ["torch._decomp", "torch._refs"]}
OWN_BLOCK = {"rule": "escreva o forward do bloco você mesmo, sem chamar o BasicBlock do torchvision "
                     "(nem outro código de torchvision.models: os blocos de models.quantization e "
                     "models.video inclusive).",
             # the whole package: a quantizable or video ResNet block does the same job under another class
             "modules": ["torchvision.models"],
             "functions": [RESNET + "BasicBlock.forward", RESNET + "Bottleneck.forward"]}
OWN_STAGE = {"rule": "monte o estágio você mesmo, sem o ResNet._make_layer do torchvision.",
             "functions": [RESNET + "ResNet._make_layer"]}


def _gen(t) -> torch.Generator:
    return torch.Generator().manual_seed(t.rng.randrange(2**31))


# -- Question 1: batchnorm_forward ---------------------------------------------------------------

def _bn(t, channels, eps=1e-5, momentum=0.1, train=True):
    """A BatchNorm2d in the kernel with drawn scale, shift and running statistics (one channel's
    running variance as small as eps, where eps decides)."""
    g = _gen(t)
    bn = t.new(Lib(NN + "BatchNorm2d"), channels, eps=eps, momentum=momentum, what="nn.BatchNorm2d(...)")
    state = {"weight": 0.5 + torch.rand(channels, generator=g), "bias": torch.randn(channels, generator=g),
             "running_mean": torch.randn(channels, generator=g),
             "running_var": 0.5 + 2 * torch.rand(channels, generator=g),
             "num_batches_tracked": torch.tensor(t.rng.randrange(1, 50))}
    state["running_var"][t.rng.randrange(channels)] = eps / 3
    t.method(bn, "load_state_dict", state, what="load_state_dict")
    t.method(bn, "train", train, what="train()" if train else "eval()")
    return bn, state


def _x(t, shape, tiny_channel=False, requires_grad=False):
    """An input with a shift and a scale per channel; optionally one channel of variance about eps."""
    g = _gen(t)
    c = shape[1]
    x = torch.randn(shape, generator=g) * (0.3 + 3 * torch.rand(c, generator=g)).view(1, -1, 1, 1) \
        + torch.randn(c, generator=g).view(1, -1, 1, 1)
    if tiny_channel:
        k = t.rng.randrange(c)
        x[:, k] = 3e-3 * torch.randn(x[:, k].shape, generator=g)
    return x.requires_grad_(requires_grad)


def _per_channel(shape) -> int:
    return shape[0] * shape[2] * shape[3]


def _shape(t, batch=(1, 6), side=(1, 6), channels=(1, 9)):
    return (t.rng.randint(*batch), t.rng.randint(*channels), t.rng.randint(*side), t.rng.randint(*side))


@check("batchnorm_t1", states="Em modo avaliação: normaliza com bn.running_mean e bn.running_var, sem mudá-las.")
def batchnorm_eval(t):
    cases = [(1, 5, 1, 1), (1, 3, 4, 7), (3, 1, 2, 2)] + [_shape(t) for _ in range(3)]
    for shape in cases:
        eps = t.rng.choice([1e-5, 1e-3, 0.1])
        bn, state = _bn(t, shape[1], eps=eps, momentum=t.rng.choice([0.1, 0.3]), train=False)
        x = _x(t, shape)
        out = t.call("batchnorm_forward", x, bn, what=f"batchnorm_forward em eval, x {shape}, eps {eps}",
                     forbid=BY_HAND)
        t.expect(out, f"saída em eval para x de shape {shape} (eps {eps})", terms=8)
        for name in ("running_mean", "running_var"):
            after = t.getattr(bn, name)
            t.require(isinstance(after, torch.Tensor) and after.shape == state[name].shape
                      and torch.equal(after, state[name]), f"{name} mudou em modo eval (x {shape}): em eval, "
                                                           "as médias móveis só são lidas.")


@check("batchnorm_t2", states="Em treino, a saída e os gradientes dela (em relação a `x`, `bn.weight` e "
                              "`bn.bias`) devem ser os de `bn(x)`")
def batchnorm_train(t):
    cases = [(2, 3, 1, 2), (1, 4, 3, 5), (5, 1, 3, 1)] + [_shape(t, side=(2, 7)) for _ in range(3)]
    for i, shape in enumerate(cases):
        eps = t.rng.choice([1e-5, 1e-5, 1e-3])
        bn, _ = _bn(t, shape[1], eps=eps, momentum=t.rng.choice([0.1, 0.7]), train=True)
        x = _x(t, shape, tiny_channel=i % 2 == 1)
        weight = torch.randn(shape, generator=_gen(t))
        n = _per_channel(shape)
        got = t.forward(Name("batchnorm_forward"), x, bn, backward=True, input_grads=True, weight=weight,
                        what=f"batchnorm_forward em treino, x {shape}", forbid=BY_HAND)
        t.expect(got["output"], f"saída em treino para x de shape {shape} (eps {eps})", terms=n)
        t.expect(got["input_grads"][0], f"gradiente da saída em relação a x (treino, x {shape})", terms=4 * n)
        for name in ("weight", "bias"):
            grad = t.getattr(t.getattr(bn, name, keep=True), "grad")
            t.expect(grad, f"gradiente em relação a bn.{name} (treino, x {shape})", terms=4 * n)


@check("batchnorm_t3", states="running = (1 - bn.momentum) * running + bn.momentum * estatística_do_batch,")
def batchnorm_running(t):
    for _ in range(3):
        channels = t.rng.randint(1, 7)
        momentum = t.rng.choice([0.1, 0.05, 0.5, 0.9, 1.0])
        bn, _ = _bn(t, channels, momentum=momentum, train=True)
        for step in range(3):
            shape = (t.rng.randint(1, 4), channels, t.rng.randint(1, 4), t.rng.randint(2, 4))
            x = _x(t, shape) - t.rng.uniform(-2, 2)
            t.call("batchnorm_forward", x, bn, what=f"batchnorm_forward em treino, x {shape}", forbid=BY_HAND)
            n = _per_channel(shape)
            for name in ("running_mean", "running_var"):
                t.expect(t.getattr(bn, name), f"{name} depois de {step + 1} batch(es) de treino "
                                              f"(momentum {momentum}, {n} valores por canal)", terms=n)


@check("batchnorm_t3", states="Atualize `bn.running_mean` e `bn.running_var` no lugar (os mesmos tensores, sem "
                              "histórico de autograd)")
def batchnorm_in_place(t):
    for shape in ((3, 4, 2, 3), (2, 1, 5, 1)):
        bn, _ = _bn(t, shape[1], momentum=0.2, train=True)
        before = {name: t.getattr(bn, name, keep=True) for name in ("running_mean", "running_var")}
        x = _x(t, shape, requires_grad=True)
        t.call("batchnorm_forward", x, bn, what=f"batchnorm_forward em treino, x {shape} que pede gradiente",
               forbid=BY_HAND)
        for name, old in before.items():
            now = t.getattr(bn, name, keep=True)
            t.require(t.call(Lib("operator.is_"), old, now, what="is") is True,
                      f"bn.{name} foi trocado por outro tensor: atualize-o no lugar (mul_, add_, copy_).")
            t.require(t.getattr(now, "requires_grad") is False and t.getattr(now, "grad_fn") is None,
                      f"bn.{name} ficou com histórico de autograd: use .detach() (ou torch.no_grad()) "
                      "ao atualizar os buffers.")
            t.expect(t.getattr(bn, name), f"{name} depois de um batch que pede gradiente", terms=_per_channel(shape))


# -- Question 2: BasicBlock.forward ---------------------------------------------------------------

def _randomize(t, module):
    """Load drawn values into every parameter and buffer of a module in the kernel: convolution
    weights scaled by their fan-in, BatchNorm scales in [0.5, 1.5), positive running variances."""
    g = _gen(t)
    state = {}
    for name, value in t.state(module).items():
        shape = tuple(value.shape)
        if not value.is_floating_point():
            state[name] = value
        elif name.endswith("running_var"):
            state[name] = 0.5 + torch.rand(shape, generator=g)
        elif len(shape) == 4:
            fan_in = shape[1] * shape[2] * shape[3]
            state[name] = torch.randn(shape, generator=g) * (2 / fan_in) ** 0.5
        elif name.endswith("weight"):
            state[name] = 0.5 + torch.rand(shape, generator=g)
        else:
            state[name] = 0.5 * torch.randn(shape, generator=g)
    t.method(module, "load_state_dict", state, what="load_state_dict")
    return module


def _downsample(t, kind, cin, cout, stride):
    if kind is None:
        return None
    if kind == "conv-bn":  # torchvision's
        return t.new(Lib(NN + "Sequential"), t.new(Lib(NN + "Conv2d"), cin, cout, 1, stride, bias=False),
                     t.new(Lib(NN + "BatchNorm2d"), cout))
    # other modules that adapt the shortcut: the block calls whatever module it was given
    if kind == "pool-conv-bn":
        return t.new(Lib(NN + "Sequential"), t.new(Lib(NN + "AvgPool2d"), stride, stride, ceil_mode=True),
                     t.new(Lib(NN + "Conv2d"), cin, cout, 1, bias=False), t.new(Lib(NN + "BatchNorm2d"), cout))
    if kind == "conv":
        return t.new(Lib(NN + "Conv2d"), cin, cout, 1, stride, bias=True)
    raise ValueError(kind)


def _block(t, cin, cout, stride=1, downsample=None, train=False):
    block = t.new("BasicBlock", cin, cout, stride, _downsample(t, downsample, cin, cout, stride),
                  what=f"BasicBlock({cin}, {cout}, {stride}, ...)")
    _randomize(t, block)
    t.method(block, "train", train, what="train()" if train else "eval()")
    return block


def _run_block(t, block, shape, label, train, out_shape=None):
    """Forward (and, in train mode, backward of a drawn weighting of the output) of a block or a
    net of blocks: output, gradients of the input and of every parameter, running statistics."""
    g = _gen(t)
    x = torch.randn(shape, generator=g)
    weight = torch.randn(out_shape, generator=g) if train else None
    got = t.forward(block, x, backward=train, input_grads=train, weight=weight, what=f"forward do bloco ({label})",
                    forbid=OWN_BLOCK)
    terms = 9 * shape[1]
    t.expect(got["output"], f"saída do bloco ({label}), entrada {shape}", terms=terms)
    if train:
        t.expect(got["input_grads"][0], f"gradiente em relação à entrada ({label})", terms=4 * terms)
        for name, grad in got["param_grads"]:
            t.expect(grad, f"gradiente de {name} ({label})", terms=4 * terms * shape[0])
        t.expect([name for name, _ in got["param_grads"]], f"parâmetros do bloco ({label})")
        state = t.state(block)
        t.expect({k: v for k, v in state.items() if "running" in k}, f"médias móveis das BatchNorm depois de um "
                                                                    f"forward em treino ({label})", terms=terms)


@check("block_forward_t1", states="Atalho (shortcut): a própria entrada x ou, se self.downsample não for None,")
def block_shapes(t):
    cases = [(6, 6, 1, None, (1, 6, 1, 1)), (4, 12, 2, "conv-bn", (1, 4, 9, 9)), (5, 5, 2, "conv-bn", (2, 5, 7, 4)),
             (3, 7, 1, "conv", (2, 3, 5, 6)), (4, 6, 2, "pool-conv-bn", (1, 4, 5, 8)),
             # a downsample that keeps the shape: given, it is used all the same
             (5, 5, 1, "conv-bn", (2, 5, 4, 6)), (4, 4, 1, "conv", (1, 4, 3, 3))]
    for _ in range(2):
        c = t.rng.randint(2, 9)
        cases.append((c, c, 1, None, (t.rng.randint(1, 3), c, t.rng.randint(1, 9), t.rng.randint(1, 9))))
    for cin, cout, stride, ds, shape in cases:
        block = _block(t, cin, cout, stride, ds)
        _run_block(t, block, shape, f"{cin} -> {cout}, stride {stride}, downsample {ds}, eval", train=False)


@check("block_forward_t2", states="Caminho principal: conv1 -> bn1 -> ReLU -> conv2 -> bn2.")
def block_main_path(t):
    for c, shape, train in ((5, (3, 5, 4, 7), True), (8, (2, 8, 3, 3), False), (3, (1, 3, 6, 5), True),
                            (t.rng.randint(2, 7), None, True)):
        shape = shape or (2, c, t.rng.randint(2, 7), t.rng.randint(2, 7))
        block = _block(t, c, c, train=train)
        _run_block(t, block, shape, f"{c} canais, sem downsample, {'treino' if train else 'eval'}", train=train,
                   out_shape=shape)


@check("block_forward_t2", states="Some os dois caminhos e só então aplique a ReLU.")
def block_relu_after_sum(t):
    c = t.rng.randint(3, 6)
    block = _block(t, c, c)
    x = torch.randn(2, c, 5, 5, generator=_gen(t)) - 1.5  # a shortcut with negative values
    out = t.forward(block, x, what="forward do bloco", forbid=OWN_BLOCK)["output"]
    t.expect(out, "saída do bloco com entrada negativa em boa parte", terms=9 * c)
    t.require(isinstance(out, torch.Tensor) and bool((out >= 0).all()), "a saída do bloco deve ser >= 0: "
                                                                        "a ReLU vem depois da soma.")


def _swap_blocks(t, model, stages):
    """Put a BasicBlock of the notebook in the place of every block of ``model`` (a torchvision ResNet)."""
    for name, specs in stages.items():
        stage = t.getattr(model, name, keep=True)
        for i, (cin, cout, stride) in enumerate(specs):
            ds = _downsample(t, "conv-bn", cin, cout, stride) if (stride != 1 or cin != cout) else None
            mine = t.new("BasicBlock", cin, cout, stride, ds, what=f"BasicBlock({cin}, {cout}, {stride}, ...)")
            t.call(Lib("operator.setitem"), stage, i, mine, what="stage[i] = bloco")


RESNET18 = {"layer1": [(64, 64, 1)] * 2, "layer2": [(64, 128, 2), (128, 128, 1)],
            "layer3": [(128, 256, 2), (256, 256, 1)], "layer4": [(256, 512, 2), (512, 512, 1)]}
CHILDREN = ["conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4", "avgpool"]


@check("block_forward_t3", states="self.downsample(x), que casa canais e resolução com a saída do caminho principal.")
def block_downsample(t):
    for cin, cout, stride, ds, train in ((8, 16, 2, "conv-bn", True), (6, 9, 1, "conv-bn", True),
                                         (4, 4, 2, "conv", False), (5, 7, 2, "pool-conv-bn", True)):
        shape = (2, cin, t.rng.randint(3, 9), t.rng.randint(3, 9))
        block = _block(t, cin, cout, stride, ds, train=train)
        _run_block(t, block, shape, f"{cin} -> {cout}, stride {stride}, downsample {ds}, "
                                    f"{'treino' if train else 'eval'}", train=train,
                   out_shape=(2, cout, -(-shape[2] // stride), -(-shape[3] // stride)))


@check("block_forward_t3", states="Os testes ocultos também põem os seus blocos no lugar dos blocos de uma ResNet-18 "
                                  "do torchvision e de uma rede menor")
def block_in_networks(t):
    # a torchvision ResNet-18 with drawn weights, every block replaced by one of the notebook's
    tv = t.new(Lib("torchvision.models.resnet18"), what="resnet18()")
    _swap_blocks(t, tv, RESNET18)
    weights = t.call(Lib("course_utils.transfer.resnet18_state_dict"), smoke=True, seed=t.rng.randrange(1000),
                     keep=True, what="pesos da resnet18")
    t.method(tv, "load_state_dict", weights, what="load_state_dict (ResNet-18 com os seus blocos)")
    net = t.new(Lib(NN + "Sequential"), *[t.getattr(tv, n, keep=True) for n in CHILDREN],
                t.new(Lib(NN + "Flatten")), t.getattr(tv, "fc", keep=True))
    t.method(net, "eval", what="eval()")
    for size in ((37, 70), (64, 33)):
        x = torch.randn(2, 3, *size, generator=_gen(t))
        out = t.forward(net, x, what=f"ResNet-18 com os seus blocos, entrada {size}", forbid=OWN_BLOCK)["output"]
        t.expect(out, f"logits da ResNet-18 com os seus blocos, entrada {size}", rtol=1e-4)
    # a small net of blocks of other widths, trained: outputs, every gradient, running statistics
    blocks = [_downsample(t, "conv-bn", 3, 6, 1), None, _downsample(t, "pool-conv-bn", 6, 10, 2)]
    small = t.new(Lib(NN + "Sequential"), t.new("BasicBlock", 3, 6, 1, blocks[0]), t.new("BasicBlock", 6, 6),
                  t.new("BasicBlock", 6, 10, 2, blocks[2]), what="uma rede de três BasicBlock")
    _randomize(t, small)
    t.method(small, "train", what="train()")
    _run_block(t, small, (3, 3, 7, 6), "rede de três blocos 3 -> 6 -> 6 -> 10, treino", train=True,
               out_shape=(3, 10, 4, 3))


# -- Question 3: make_stage ---------------------------------------------------------------------

def _stage(t, block, cin, cout, num_blocks, stride, what):
    return t.call("make_stage", block, cin, cout, num_blocks, stride, keep=True, forbid=OWN_STAGE, what=what)


@check("make_stage_t1", states="Ele precisa de downsample quando stride != 1 ou in_channels != out_channels")
def stage_structure(t):
    cases = [(32, 32, 3, 2), (16, 24, 1, 1), (8, 8, 2, 1), (5, 11, 4, 2)]
    for _ in range(2):
        c = t.rng.randint(2, 12)
        cases.append((c, t.rng.choice([c, c + t.rng.randint(1, 8)]), t.rng.randint(1, 4), t.rng.choice([1, 2])))
    for cin, cout, n, stride in cases:
        label = f"make_stage(block, {cin}, {cout}, {n}, {stride})"
        stage = _stage(t, Lib(RESNET + "BasicBlock"), cin, cout, n, stride, label)
        t.require(t.call(Lib("builtins.isinstance"), stage, Lib(NN + "Sequential"), what="isinstance") is True,
                  f"{label} deve devolver um nn.Sequential.")
        t.expect(t.call(Lib("builtins.len"), stage, what="len"), f"número de blocos de {label}")
        state = t.state(stage)
        t.expect({name: list(v.shape) for name, v in state.items()}, f"nomes e shapes do state_dict de {label}")
        t.expect([[name, rg] for name, _, rg in t.params(stage)], f"parâmetros treináveis de {label}")
        _randomize(t, stage)
        for train in (False, True):
            t.method(stage, "train", train, what="train()")
            x = torch.randn(2, cin, t.rng.randint(3, 11), t.rng.randint(3, 11), generator=_gen(t))
            out = t.forward(stage, x, what=f"forward do estágio de {label}")["output"]
            t.expect(out, f"saída do estágio de {label} em {'treino' if train else 'eval'}, entrada "
                          f"{tuple(x.shape)}", terms=9 * max(cin, cout))


@check("make_stage_t1", states="Passe os argumentos de block na ordem acima (posicionais).")
def stage_calls_block(t):
    for k, (cin, cout, n, stride) in enumerate([(16, 32, 3, 2), (6, 6, 2, 1), (7, 7, 1, 2), (4, 9, 4, 1)]):
        label = f"make_stage(block, {cin}, {cout}, {n}, {stride})"
        log = f"block-{k}"
        _stage(t, Fn("record", (log, Lib(RESNET + "BasicBlock"))), cin, cout, n, stride, label)
        calls = t.log(log)
        t.require(all(isinstance(c, list) and 2 <= len(c) <= 4 and not isinstance(c[0], list) for c in calls),
                  f"{label}: chame block(...) com 2 a 4 argumentos posicionais (sem nomes), na ordem "
                  "(entrada, saída, stride, downsample).")
        full = [list(c) + [1, None][len(c) - 2:] for c in calls]
        t.expect([c[:3] for c in full], f"argumentos (entrada, saída, stride) de cada chamada a block em {label}")
        t.expect([c[3] is not None for c in full], f"quais blocos de {label} recebem downsample")


def _keys(t, module, what):
    return t.call(Lib("builtins.list"), t.method(module, "state_dict", keep=True, what="state_dict"), what=what)


@check("make_stage_t2", states="a `ResNet18` montada com os seus estágios (e blocos de referência) carrega os pesos do "
                               "torchvision e dá os mesmos logits que a `resnet18` deles")
def stage_resnet18(t):
    model = t.call("ResNet18", block=Name("reference_block"), keep=True, forbid=OWN_STAGE,
                   what="ResNet18(block=reference_block)")
    tv_keys = _keys(t, t.new(Lib("torchvision.models.resnet18"), what="resnet18()"), "nomes da resnet18")
    keys = _keys(t, model, "nomes da ResNet18")
    t.require(isinstance(keys, list) and sorted(map(str, keys)) == sorted(tv_keys),
              "nomes que só existem em um dos dois state dicts (ResNet18 montada com make_stage x resnet18 do "
              f"torchvision): {sorted(set(map(str, keys or [])) ^ set(tv_keys))[:6]}")
    weights = t.call(Lib("course_utils.transfer.resnet18_state_dict"), smoke=True, seed=t.rng.randrange(1000),
                     keep=True, what="pesos da resnet18")
    t.method(model, "load_state_dict", weights, what="load_state_dict (strict)")
    t.method(model, "eval", what="eval()")
    for size in ((41, 77), (70, 35)):
        x = torch.randn(1, 3, *size, generator=_gen(t))
        t.expect(t.forward(model, x, what=f"ResNet18, entrada {size}")["output"], f"logits para entrada {size}",
                 rtol=1e-4)


@check("make_stage_t2", states="Os testes ocultos também montam com o seu `make_stage` os estágios de uma ResNet-34 "
                               "do torchvision")
def stage_resnet34(t):
    model = t.new(Lib("torchvision.models.resnet34"), what="resnet34()")
    weights = t.method(model, "state_dict", keep=True, what="state_dict")
    for name, (cin, cout, n, stride) in {"layer1": (64, 64, 3, 1), "layer2": (64, 128, 4, 2),
                                         "layer3": (128, 256, 6, 2), "layer4": (256, 512, 3, 2)}.items():
        stage = _stage(t, Lib(RESNET + "BasicBlock"), cin, cout, n, stride, f"make_stage(block, {cin}, {cout}, {n}, "
                                                                           f"{stride})")
        t.setattr(model, name, stage)
    t.method(model, "load_state_dict", weights, what="load_state_dict da ResNet-34 (strict)")
    t.method(model, "eval", what="eval()")
    x = torch.randn(1, 3, 45, 62, generator=_gen(t))
    t.expect(t.forward(model, x, what="ResNet-34")["output"], "logits da ResNet-34 com os seus estágios", rtol=1e-4)
