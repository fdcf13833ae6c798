"""Lab 03's checks: they run in the grading process and decide each test cell.

Inputs are drawn (seeded by each check's name) from everything each question's text
allows: several networks with the head in ``model.fc`` (torchvision's ``resnet18``, a
one-block ResNet, ``squeezenet1_1``, small networks of the checks' own with other widths,
child names out of alphabetical order, more than ten unnamed children, a ``fcx`` layer
whose name starts like the head's), other numbers of classes, parameters frozen and
unfrozen at random before the call, shuffled dictionaries, odd batch counts. Settings are
compared whole with the reference's: every parameter's ``requires_grad``, every
optimizer's and scheduler's setting at every epoch, which object was returned or kept.
Big tensors are compared through SHA-256 digests computed in the kernel.
"""
import torch

from tools.verdict.session import Fn, Lib, check

LIST = Lib("builtins.list")
DICT = Lib("builtins.dict")
ID = Lib("builtins.id")
IS = Lib("operator.is_")
RESNET18_CHILDREN = ["conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4", "avgpool", "fc"]


def M(name, *args, **kwargs):
    """x -> x.name(*args, **kwargs), in the kernel."""
    return Fn("method", (name, args, kwargs))


def A(name):
    """x -> x.name, in the kernel."""
    return Fn("attr", (name,))


def mapped(f):
    """x -> list(map(f, x)), in the kernel."""
    return Fn("compose", (Fn("partial", (Lib("builtins.map"), (f,), {})), LIST))


# tensor -> (sha256 of its bytes, shape, dtype): big tensors are compared through their digests
DIGEST = Fn("fanout", (Fn("compose", (M("detach"), M("contiguous"), M("numpy"), Lib("hashlib.sha256"), M("hexdigest"))),
                       Fn("compose", (M("size"), LIST)), Fn("compose", (A("dtype"), Lib("builtins.str")))))
# module -> {name: digest} of its state_dict
STATE_DIGEST = Fn("compose", (M("state_dict"), M("items"),
                              mapped(Fn("fanout", (Fn("index", (0,)), Fn("compose", (Fn("index", (1,)), DIGEST))))),
                              DICT))


def _state_digest(t, module):
    """{name: [first 16 hex digits of the SHA-256 of the values, shape, dtype]} of module.state_dict()."""
    digests = t.call(STATE_DIGEST, module, what="state_dict")
    t.require(isinstance(digests, dict), "state_dict: o kernel não devolveu um dicionário.")
    return {k: [v[0][:16], v[1], v[2]] if isinstance(v, tuple) and len(v) == 3 and isinstance(v[0], str) else v
            for k, v in digests.items()}


def _list_map(t, f, *iterables, what="map"):
    return t.call(LIST, t.call(Lib("builtins.map"), f, *iterables, keep=True, what=what), what=what)


def _parameters(t, module):
    return t.call(Fn("compose", (M("parameters"), LIST)), module, keep=True, what="parameters")


def _set_flags(t, module, flags):
    """Set the requires_grad of each parameter of ``module``, in order (the state before the student's call)."""
    _list_map(t, Lib("builtins.setattr"), _parameters(t, module), ["requires_grad"] * len(flags), list(flags),
              what="(correção) requires_grad inicial")


def _seed(t):
    return t.rng.randrange(1 << 30)


# -- networks, described here and built in the kernel in one request ----------------------------------------------

def L(path, *args, **kwargs):
    """A module (or any object) ``path(*args, **kwargs)``, built when the network is."""
    return Fn("apply", (Lib(path), args, kwargs))


def SEQ(children):
    """An nn.Sequential of named children ``[(name, spec)]``."""
    names = [name for name, _ in children]
    return Fn("compose", (Fn("fanout", tuple(spec for _, spec in children)), Fn("partial", (Lib("builtins.zip"), (names,), {})),
                          Lib("collections.OrderedDict"), Lib("torch.nn.Sequential")))


def _build(t, spec, what):
    return t.call(spec, None, keep=True, seed=_seed(t), what=what)


def _randn(t, *shape):
    return torch.randn(*shape, generator=torch.Generator().manual_seed(_seed(t)))


RESNET10 = L("torchvision.models.resnet.ResNet", Lib("torchvision.models.resnet.BasicBlock"), [1, 1, 1, 1])


def _resnet10(t):
    """torchvision's ResNet with one BasicBlock per stage."""
    return _build(t, RESNET10, "ResNet([1, 1, 1, 1])")


def _convnet_spec(width, classes, trap=False):
    """A small network with the head in .fc, of width ``width``; ``trap`` adds a ``fcx`` layer before it."""
    children = [("conv", L("torch.nn.Conv2d", 3, width, 3)), ("bn", L("torch.nn.BatchNorm2d", width)),
                ("act", L("torch.nn.ReLU")), ("pool", L("torch.nn.AdaptiveAvgPool2d", 1)), ("flat", L("torch.nn.Flatten"))]
    if trap:
        children += [("fcx", L("torch.nn.Linear", width, width)), ("act2", L("torch.nn.ReLU"))]
    return SEQ(children + [("fc", L("torch.nn.Linear", width, classes))])


def _convnet(t, width, classes, trap=False):
    return _build(t, _convnet_spec(width, classes, trap), f"rede pequena de largura {width}")


def _pretrained(t, spec, image, what):
    """A model of ``spec`` and the "pretrained" state_dict of another one (for the small networks, with
    BatchNorm statistics that moved: a forward in train mode)."""
    model, other = _build(t, spec, what), _build(t, spec, what)
    if image:
        t.forward(other, _randn(t, 4, 3, image, image), what="(correção) forward da rede pré-treinada")
    return model, t.method(other, "state_dict", keep=True, what="state_dict")


def _new_head(t, case, classes):
    """new_head on one network of the family; (model, weights, in_features, image size, returned value)."""
    if case == "resnet18":
        weights = t.call(Lib("course_utils.transfer.resnet18_state_dict"), True, t.rng.randrange(1, 999), keep=True,
                         what="resnet18_state_dict")
        model, width, image = _build(t, L("torchvision.models.resnet18"), "resnet18"), 512, 32
    elif case == "resnet10":
        (model, weights), width, image = _pretrained(t, RESNET10, 0, "ResNet([1, 1, 1, 1])"), 512, 0
    else:
        width = t.rng.choice([5, 13, 24, 40])
        (model, weights), image = _pretrained(t, _convnet_spec(width, 9, trap=True), 12, f"rede de largura {width}"), 12
    out = t.call("new_head", model, weights, classes, keep=True, seed=_seed(t), what=f"new_head({case}, {classes})")
    return model, weights, width, image, out


def _flags(t, model):
    return [[name, rg] for name, _, rg in t.params(model)]


# -- Questão 1 ---------------------------------------------------------------------------------------------------

@check("new_head_t1", states="Troca a última camada, model.fc, por uma nn.Linear nova (com bias)")
def new_head_layer(t):
    for case, classes in (("resnet10", 1), ("conv", 37)):
        model, _, width, image, _ = _new_head(t, case, classes)
        t.expect(t.getattr(model, "fc"), f"model.fc depois de new_head ({case}, {classes} classes)")
        head = [[name, shape] for name, shape, _ in t.params(model) if name.startswith("fc.")]
        t.expect(head, f"parâmetros de model.fc ({case}, {classes} classes)")
        t.require(head == [["fc.weight", [classes, width]], ["fc.bias", [classes]]],
                  f"model.fc deve ser nn.Linear({width}, {classes}) com bias ({case}).")
        if not image:
            continue
        out = t.forward(model, _randn(t, 3, 3, image, image), what=f"forward depois de new_head ({case})")["output"]
        t.require(isinstance(out, torch.Tensor) and tuple(out.shape) == (3, classes),
                  f"a rede depois de new_head deve dar logits (3, {classes}) para 3 imagens ({case}).")


@check("new_head_t1", states="A função deve valer para qualquer rede com a cabeça em `model.fc` (uma `nn.Linear`), "
                             "não só para a `resnet18`")
def new_head_any_width(t):
    for case, classes in (("conv", 2), ("conv", 5)):
        model, _, _, _, _ = _new_head(t, case, classes)
        t.expect(t.params(model), f"parâmetros (nome, forma, requires_grad) depois de new_head ({case}, {classes} classes)")


@check("new_head_t2", states="Todas as outras camadas ficam com os pesos pré-treinados.")
def new_head_body(t):
    for case, classes in (("resnet18", 37), ("conv", 6)):
        model, _, _, _, _ = _new_head(t, case, classes)
        state = {k: v for k, v in _state_digest(t, model).items() if not k.startswith("fc.")}
        t.expect(state, f"pesos e buffers do corpo depois de new_head ({case}): devem ser os pré-treinados, sem exceção")


@check("new_head_t2", states="inclusive os *buffers* da BatchNorm (`running_mean`, `running_var`)")
def new_head_buffers(t):
    model, _, _, _, _ = _new_head(t, "conv", 11)
    state = _state_digest(t, model)
    t.expect({k: v for k, v in state.items() if "running" in k or "num_batches" in k},
             "buffers da BatchNorm depois de new_head (os pré-treinados)")


@check("new_head_t3", states="`new_head` não congela nada: todos os parâmetros, a cabeça nova inclusive, continuam treináveis.")
def new_head_trainable(t):
    for case, classes in (("conv", 10), ("conv", 8)):
        model, _, _, _, _ = _new_head(t, case, classes)
        flags = _flags(t, model)
        t.expect(flags, f"requires_grad de cada parâmetro depois de new_head ({case})")
        t.require(all(rg for _, rg in flags), "new_head não congela nada: todos os parâmetros continuam treináveis.")


@check("new_head_t3", states="com pesos aleatórios (e com bias)")
def new_head_fresh(t):
    for case, classes in (("conv", 9), ("resnet10", 12)):
        model, weights, _, _, out = _new_head(t, case, classes)
        t.expect(t.call(IS, out, model, what="new_head devolve model?"), "new_head devolve o próprio model")
        new = {name: value for name, value, _ in t.params(t.getattr(model, "fc", keep=True), values=True)}
        old = t.call(Lib("operator.getitem"), weights, "fc.weight", what="fc.weight pré-treinado")
        w, b = new.get("weight"), new.get("bias")
        t.require(isinstance(w, torch.Tensor) and w.dim() == 2 and w.shape[1] == old.shape[1] and isinstance(b, torch.Tensor),
                  "model.fc deve ser uma nn.Linear (in_features, num_classes) com bias.")
        t.require(not bool((w[:, None, :] == old[None, :, :]).all(-1).any()),
                  f"a cabeça nova repete linhas da fc pré-treinada ({case}): ela deve ser uma nn.Linear nova, "
                  "com pesos aleatórios.")
        t.require(float(w.std()) > 0 and float(b.abs().max()) > 0,
                  "os pesos da cabeça nova devem ser aleatórios (a inicialização da nn.Linear), não constantes.")


# -- Questão 2 ---------------------------------------------------------------------------------------------------

@check("freeze_head_t1", states="congela todos os parâmetros, inclusive os da BatchNorm,")
def freeze_resnet18(t):
    classes = t.rng.choice([2, 7, 100])
    model = _build(t, L("torchvision.models.resnet18", num_classes=classes), "resnet18")
    t.call("freeze_all_but_head", model, what="freeze_all_but_head(resnet18)")
    t.expect(_flags(t, model), f"requires_grad de cada parâmetro (resnet18 de {classes} classes)")


@check("freeze_head_t1", states="Vale qualquer que seja o estado anterior dos parâmetros.")
def freeze_any_start(t):
    model = _build(t, L("torchvision.models.resnet18", num_classes=t.rng.choice([3, 21])), "resnet18")
    n = len(t.params(model))
    for start in ("aleatório", "tudo congelado", "aleatório"):
        flags = [t.rng.random() < 0.5 for _ in range(n)] if start == "aleatório" else [False] * n
        _set_flags(t, model, flags)
        t.call("freeze_all_but_head", model, what="freeze_all_but_head")
        t.expect(_flags(t, model), f"requires_grad de cada parâmetro (estado anterior: {start})")


def _freeze_nets(t, resnet=True):
    width = t.rng.choice([6, 10, 17])
    norm = SEQ([("features", SEQ([("conv", L("torch.nn.Conv2d", 3, width, 3)), ("bn", L("torch.nn.BatchNorm2d", width))])),
                ("pool", L("torch.nn.AdaptiveAvgPool2d", 1)), ("flat", L("torch.nn.Flatten")),
                ("fc_norm", L("torch.nn.LayerNorm", width)), ("fc", L("torch.nn.Linear", width, 3))])
    # model.fc need not be the last child: a module without parameters may come after it
    soft = SEQ([("conv", L("torch.nn.Conv2d", 3, width, 3)), ("pool", L("torch.nn.AdaptiveAvgPool2d", 1)),
                ("flat", L("torch.nn.Flatten")), ("fc", L("torch.nn.Linear", width, 4)), ("softmax", L("torch.nn.Softmax", dim=1))])
    return [("rede com fcx antes da fc", _convnet(t, width, 4, trap=True)),
            ("rede com fc_norm antes da fc", _build(t, norm, "rede com fc_norm")),
            ("rede com uma Softmax depois da fc", _build(t, soft, "rede com softmax")),
            *([("ResNet de um bloco por estágio", _resnet10(t))] if resnet else [])]


@check("freeze_head_t2", states="Vale para qualquer rede com a cabeça em `model.fc`, não só para a `resnet18`.")
def freeze_other_nets(t):
    for label, model in _freeze_nets(t):
        _set_flags(t, model, [t.rng.random() < 0.5 for _ in t.params(model)])
        t.call("freeze_all_but_head", model, what=f"freeze_all_but_head ({label})")
        t.expect(_flags(t, model), f"requires_grad de cada parâmetro ({label})")


@check("freeze_head_t2", states="A cabeça continua sendo a mesma camada, com os mesmos pesos: não troque nem altere camada nenhuma.")
def freeze_same_layers(t):
    for label, model in _freeze_nets(t, resnet=False):
        head = t.getattr(model, "fc", keep=True)
        t.call("freeze_all_but_head", model, what=f"freeze_all_but_head ({label})")
        t.expect(t.call(IS, t.getattr(model, "fc", keep=True), head, what="model.fc"),
                 f"model.fc continua sendo a mesma camada ({label})")
        t.expect(_state_digest(t, model), f"pesos e buffers depois de freeze_all_but_head ({label}): os mesmos de antes")


# -- Questão 3 ---------------------------------------------------------------------------------------------------

@check("unfreeze_from_t1", states="o filho chamado `stage` e todos os que vêm depois dele")
def unfreeze_resnet18(t):
    model = _build(t, L("torchvision.models.resnet18", num_classes=t.rng.choice([4, 10])), "resnet18")
    stages = t.rng.sample(RESNET18_CHILDREN[1:-1], 3) + [t.rng.choice(["relu", "maxpool", "avgpool"]), "fc", "conv1"]
    for stage in stages:
        t.call("unfreeze_from", model, stage, what=f"unfreeze_from(resnet18, {stage!r})")
        t.expect(_flags(t, model), f"requires_grad de cada parâmetro depois de unfreeze_from(model, {stage!r}) "
                                   "(chamadas em sequência)")


@check("unfreeze_from_t1", states="Vale qualquer que seja o estado anterior dos parâmetros.")
def unfreeze_any_start(t):
    model = _resnet10(t)
    n = len(t.params(model))
    for stage in t.rng.sample(RESNET18_CHILDREN, 4):
        _set_flags(t, model, [t.rng.random() < 0.5 for _ in range(n)])
        t.call("unfreeze_from", model, stage, what=f"unfreeze_from(resnet, {stage!r})")
        t.expect(_flags(t, model), f"requires_grad de cada parâmetro depois de unfreeze_from(model, {stage!r}), "
                                   "partindo de um estado aleatório")


def _named_net(t):
    """Children whose names are out of alphabetical order, a nested one, one without parameters."""
    names = t.rng.sample(["zeta", "stem", "alpha", "mid", "blocks", "omega", "b2"], 5)
    width = t.rng.choice([3, 5])
    kinds = [L("torch.nn.Linear", width, width),
             SEQ([("lin", L("torch.nn.Linear", width, width)), ("norm", L("torch.nn.BatchNorm1d", width))]),
             L("torch.nn.ReLU")]
    children = [(name, kinds[i % 3]) for i, name in enumerate(names)] + [("head", L("torch.nn.Linear", width, 2))]
    return _build(t, SEQ(children), "rede com nomes próprios"), [name for name, _ in children]


@check("unfreeze_from_t2", states="A função deve valer para qualquer rede, com quaisquer nomes e qualquer número de filhos: "
                                  "leia a ordem de `model.named_children()`.")
def unfreeze_other_nets(t):
    named, names = _named_net(t)
    # 12 children named '0', '1', ..., '11', as nn.Sequential(*layers) names them (string order is not their order)
    layers = SEQ([(str(i), L("torch.nn.Linear", 2, 2) if i % 3 != 2 else L("torch.nn.ReLU")) for i in range(12)])
    unnamed = _build(t, layers, "nn.Sequential(12 camadas)")
    squeeze = _build(t, L("torchvision.models.squeezenet1_1", num_classes=3), "squeezenet1_1")
    cases = [("rede com nomes próprios", named, t.rng.sample(names[1:], 3)),
             ("nn.Sequential de 12 camadas", unnamed, [str(t.rng.choice([3, 4, 6, 7])), "10", "1"]),
             ("squeezenet1_1", squeeze, ["classifier", "features"])]
    for label, model, stages in cases:
        n = len(t.params(model))
        for stage in stages:
            _set_flags(t, model, [t.rng.random() < 0.5 for _ in range(n)])
            t.call("unfreeze_from", model, stage, what=f"unfreeze_from({label}, {stage!r})")
            t.expect(_flags(t, model), f"requires_grad de cada parâmetro ({label}, unfreeze_from(model, {stage!r}))")


# -- Questão 4 ---------------------------------------------------------------------------------------------------

SCHEDULER_PRIVATE = ("_is_initial", "_get_lr_called_within_step")
IMPLEMENTATION = ("params", "foreach", "fused", "capturable", "differentiable")


def _tiny_spec(kind, d, h, c):
    if kind == "body":
        body = SEQ([("0", L("torch.nn.Linear", d, h)), ("1", L("torch.nn.ReLU")),
                    ("2", L("torch.nn.Linear", h, h)), ("3", L("torch.nn.ReLU"))])
        return SEQ([("body", body), ("fc", L("torch.nn.Linear", h, c))])
    return SEQ([("fcx", L("torch.nn.Linear", d, h)), ("bn", L("torch.nn.BatchNorm1d", h)),
                ("act", L("torch.nn.ReLU")), ("fc", L("torch.nn.Linear", h, c))])


def _ix(key):
    return Fn("index", (key,))


def _fine_tune(t, kind, head_epochs, epochs, start=None):
    """Run the student's fine_tune with a spy train_epoch (course_utils' own, wrapped by the agent's
    ``tap``, which records the state that each epoch starts from), the model's parameters first set
    to the ``requires_grad`` flags ``start`` (a function of the parameter count). Returns what was seen."""
    rng = t.rng
    d, h, c = rng.randrange(3, 9), rng.randrange(6, 19), rng.randrange(2, 6)
    bs = rng.randrange(4, 11)
    n = bs * rng.randrange(3, 7) + rng.randrange(2, bs)  # a last, smaller batch (of 2 or more: BatchNorm)
    head_lr, lr = 10 ** rng.uniform(-2.5, -1.5), 10 ** rng.uniform(-3.5, -2.6)
    model = _build(t, _tiny_spec(kind, d, h, c), "rede pequena")
    if start is not None:
        _set_flags(t, model, start(len(t.params(model))))
    x = _randn(t, n, d)
    y = torch.randint(0, c, (n,), generator=torch.Generator().manual_seed(_seed(t)))
    batches = t.new(Lib("course_utils.device_data.TensorBatches"), x, y, bs, True, None, _seed(t), what="TensorBatches")
    probe = Fn("fanout", (
        Fn("compose", (_ix("model"), M("named_parameters"), LIST)),
        Fn("compose", (_ix("model"), M("parameters"), mapped(ID))),
        Fn("compose", (_ix("optimizer"), A("param_groups"), mapped(Fn("compose", (_ix("params"), mapped(ID)))))),
        Fn("compose", (_ix("optimizer"), A("param_groups"))),
        _ix("optimizer"), Fn("compose", (_ix("optimizer"), ID)),
        _ix("scheduler"), Fn("compose", (_ix("scheduler"), ID)),
        Fn("compose", (_ix("scheduler"), M("state_dict"))),
        Fn("compose", (_ix("model"), Fn("partial", (IS, (model,), {})))),
        Fn("compose", (_ix("batches"), Fn("partial", (IS, (batches,), {})))),
    ))
    log = t.name
    spy = Fn("tap", (log, probe, Lib("course_utils.training.train_epoch")))
    history = t.call("fine_tune", model, batches, head_epochs, epochs, head_lr, lr, train_epoch=spy, keep=True,
                     what=f"fine_tune(head_epochs={head_epochs}, epochs={epochs})")
    seen = []
    for entry in t.log(log):
        named, model_ids, group_ids, groups, opt, opt_id, sched, sched_id, sched_state, same_model, same_batches = entry
        names = {pid: name for pid, (name, _) in zip(model_ids, named)}
        seen.append({
            "trainable": [[name, bool(getattr(p, "origin_requires_grad", False))] for name, p in named],
            "values": [[name, p] for name, p in named],
            "optimized": sorted(names.get(pid, "(um tensor que não é parâmetro do model)") for g in group_ids for pid in g),
            "groups": [{k: v for k, v in g.items() if k not in IMPLEMENTATION} for g in groups],
            "optimizer": opt, "optimizer_id": opt_id, "scheduler": sched, "scheduler_id": sched_id,
            "scheduler_state": {k: v for k, v in sched_state.items() if k not in SCHEDULER_PRIVATE},
            "same_model": same_model, "same_batches": same_batches,
        })
    return {"epochs": seen, "history": history, "model": model, "batches": -(-n // bs)}


def _pattern(ids):
    """Which epochs share one object: [0, 0, 1] for the same object twice, then a new one."""
    first = []
    for i in ids:
        if i not in first:
            first.append(i)
    return [first.index(i) for i in ids]


@check("fine_tune_t1", states="Fase 1 (head_epochs épocas): só model.fc treina; todo o resto congelado.")
def fine_tune_phases(t):
    seen = _fine_tune(t, "fcx", 2, 1)
    t.expect([e["trainable"] for e in seen["epochs"]],
             "requires_grad de cada parâmetro no início de cada época (head_epochs=2, epochs=1)")


@check("fine_tune_t1", states="A rede pode chegar com qualquer parte congelada, a cabeça inclusive.")
def fine_tune_any_start(t):
    rng = t.rng
    for kind in ("fcx", "body"):  # the head (the last two parameters) frozen, the rest at random
        seen = _fine_tune(t, kind, 1, 1, start=lambda n: [rng.random() < 0.5 for _ in range(n - 2)] + [False, False])
        t.expect([e["trainable"] for e in seen["epochs"]],
                 "requires_grad de cada parâmetro no início de cada época, com a cabeça congelada antes")


@check("fine_tune_t1", states="Cada época é uma chamada train_epoch(model, batches, optimizer, scheduler), que")
def fine_tune_calls(t):
    seen = _fine_tune(t, "body", 1, 2)
    t.expect(len(seen["epochs"]), "chamadas de train_epoch (head_epochs=1, epochs=2)")
    t.expect([[e["same_model"], e["same_batches"]] for e in seen["epochs"]],
             "cada chamada de train_epoch recebe o próprio model e os próprios batches")
    lengths = t.call(Fn("compose", (mapped(Lib("builtins.len")),)), seen["history"], what="as perdas devolvidas")
    t.expect(lengths, "perdas por época na lista devolvida (uma lista por época)")


@check("fine_tune_t2", states="Otimizador AdamW com apenas os parâmetros de model.fc e agenda OneCycleLR")
def fine_tune_optimizers(t):
    seen = _fine_tune(t, "fcx", 2, 2)["epochs"]
    t.expect([e["optimizer"] for e in seen], "o otimizador de cada época (a classe)")
    t.expect([e["optimized"] for e in seen], "parâmetros no otimizador de cada época (head_epochs=2, epochs=2)")
    t.expect(_pattern([e["optimizer_id"] for e in seen]), "que épocas compartilham o otimizador (um por fase: um novo na fase 2)")
    t.expect([e["scheduler"] for e in seen], "a agenda de cada época (a classe)")
    t.expect(_pattern([e["scheduler_id"] for e in seen]), "que épocas compartilham a agenda (uma nova por fase)")


@check("fine_tune_t2", states="parâmetros, e uma OneCycleLR nova, com pico lr e um ciclo de epochs * len(batches) passos.")
def fine_tune_schedules(t):
    seen = _fine_tune(t, "body", 2, 3)
    for i, e in enumerate(seen["epochs"]):
        state = e["scheduler_state"]
        t.expect([state.get("total_steps"), state.get("last_epoch"), state.get("base_lrs"), state.get("_last_lr")],
                 f"época {i + 1}: passos do ciclo, passos já dados, taxa inicial e atual da agenda "
                 f"(head_epochs=2, epochs=3, {seen['batches']} batches)")
        t.expect([[g.get("max_lr"), g.get("lr")] for g in e["groups"]], f"época {i + 1}: pico e taxa atual do otimizador")
    finals = []
    for e in seen["epochs"]:
        if e["scheduler_id"] not in [i for i, _ in finals]:
            finals.append((e["scheduler_id"], t.method(e["scheduler"], "state_dict", what="scheduler.state_dict()")))
    t.expect([[s.get("total_steps"), s.get("last_epoch")] for _, s in finals],
             "cada agenda ao fim do treino: um ciclo inteiro, um passo por batch")


@check("fine_tune_t2", states="Fora o pico e o número de passos, use os valores padrão do `AdamW` e da `OneCycleLR`.")
def fine_tune_defaults(t):
    seen = _fine_tune(t, "fcx", 1, 2)
    for i, e in enumerate(seen["epochs"]):
        t.expect(e["groups"], f"época {i + 1}: as configurações do otimizador (taxa, betas, eps, weight_decay...)")
        t.expect(e["scheduler_state"], f"época {i + 1}: as configurações da agenda (pct_start, anneal, momentos...)")


@check("fine_tune_t3", states="Por fim, o efeito: na fase 1 o corpo não pode mudar; na fase 2, muda.")
def fine_tune_effect(t):
    seen = _fine_tune(t, "body", 2, 2)
    for i, e in enumerate(seen["epochs"]):
        t.expect(e["values"], f"os pesos no início da época {i + 1}", rtol=1e-4)
    t.expect([[name, value] for name, value, _ in t.params(seen["model"], values=True)], "os pesos ao fim do fine_tune",
             rtol=1e-4)


@check("fine_tune_t3", states="devolve a lista das perdas de cada época (uma lista por época)")
def fine_tune_history(t):
    seen = _fine_tune(t, "fcx", 1, 3)
    history = t.call(Fn("compose", (mapped(LIST),)), seen["history"], what="as perdas devolvidas")
    t.expect(history, "as perdas devolvidas por fine_tune (head_epochs=1, epochs=3)", rtol=1e-4)


# -- Questão 5 ---------------------------------------------------------------------------------------------------

def _l2_net(t):
    d, h = t.rng.randrange(3, 8), t.rng.randrange(4, 12)
    body = SEQ([("0", L("torch.nn.Linear", d, h)), ("1", L("torch.nn.BatchNorm1d", h)), ("2", L("torch.nn.Linear", h, h))])
    return _build(t, SEQ([("body", body), ("fcx", L("torch.nn.Linear", h, h)), ("fc", L("torch.nn.Linear", h, 3))]),
                  "rede pequena")


def _start(t, values, names, scale=1.0):
    """A starting point for ``names`` (shuffled order): the current values plus noise, drawn here."""
    names = list(names)
    t.rng.shuffle(names)
    start = {name: values[name] + scale * _randn(t, *values[name].shape) for name in names}
    return start, sum(values[name].numel() for name in names)


def _values(t, model):
    return {name: value for name, value, _ in t.params(model, values=True)}


def _penalty(t, model, start, alpha, keep=False):
    return t.call("l2_sp_penalty", model, start, alpha, keep=keep, what=f"l2_sp_penalty(model, start, {alpha})")


@check("l2_sp_t1", states="Regularizador L2-SP: (alpha / 2) * soma de ||w - w0||²")
def l2_sp_values(t):
    model = _l2_net(t)
    values = _values(t, model)
    names = [name for name in values if not name.startswith("fc.")]
    for alpha, scale in ((0.37, 0.1), (2.5, 1.0), (0.0, 1.0), (1e-3, 3.0)):
        start, terms = _start(t, values, names, scale)
        t.expect(_penalty(t, model, start, alpha), f"penalidade com alpha = {alpha}", terms=terms)
    # a torchvision network, with the starting point of another one (its state_dict, minus the head)
    spec = L("torchvision.models.squeezenet1_1", num_classes=4)
    squeeze, other = _build(t, spec, "squeezenet1_1"), _build(t, spec, "squeezenet1_1")
    start = t.method(other, "state_dict", keep=True, what="state_dict")
    for key in ("classifier.1.weight", "classifier.1.bias"):
        t.method(start, "pop", key, what="(correção) start sem a cabeça")
    terms = sum(int(torch.Size(shape).numel()) for _, shape, _ in t.params(squeeze))
    t.expect(_penalty(t, squeeze, start, 0.05), "penalidade numa squeezenet1_1", terms=terms)


@check("l2_sp_t1", states="`model` cujo nome (de model.named_parameters()) está no dicionário `start`,")
def l2_sp_names(t):
    model = _l2_net(t)
    values = _values(t, model)
    names = list(values)
    _set_flags(t, model, [name != "body.2.weight" for name in names])  # a frozen parameter counts too
    for size in (1, 3, len(names) - 2, len(names)):
        chosen = t.rng.sample(names, size)
        start, terms = _start(t, values, chosen, 0.5)
        t.expect(_penalty(t, model, start, 0.8), f"penalidade sobre {sorted(chosen)}", terms=terms)


def _grads(t, model, start, alpha):
    penalty = _penalty(t, model, start, alpha, keep=True)
    value = t.call(Fn("identity"), penalty, what="a penalidade")
    t.method(penalty, "backward", what="penalty.backward()")
    grads = _list_map(t, A("grad"), _parameters(t, model), what="os gradientes")
    shapes = [shape for _, shape, _ in t.params(model)]
    return value, [torch.zeros(shape) if g is None else g for g, shape in zip(grads, shapes)]


@check("l2_sp_t2", states="Devolve um tensor escalar, diferenciável em relação aos parâmetros.")
def l2_sp_scalar(t):
    model = _l2_net(t)
    values = _values(t, model)
    start, terms = _start(t, values, [name for name in values if not name.startswith("fc")], 1.0)
    value, grads = _grads(t, model, start, 0.6)
    t.expect(value, "a penalidade (um tensor escalar float32)", terms=terms)
    t.require(isinstance(value, torch.Tensor) and value.origin_requires_grad,
              "a penalidade deve ser diferenciável em relação aos parâmetros (requires_grad).")
    t.expect(grads, "os gradientes dos parâmetros depois de penalty.backward()")


@check("l2_sp_t2", states="Com `start` vazio, ou sem nenhum nome do modelo, ela é um tensor 0.")
def l2_sp_nothing_to_regularise(t):
    model = _l2_net(t)
    for label, start in (("start vazio", {}), ("start sem nomes do modelo", {"outra.rede.weight": _randn(t, 3)})):
        value = t.call(Fn("identity"), _penalty(t, model, start, 0.5, keep=True), what=f"a penalidade ({label})")
        t.require(isinstance(value, torch.Tensor) and value.dim() == 0 and float(value) == 0.0,
                  f"com {label}, l2_sp_penalty deve devolver um tensor escalar 0 (torch.zeros(()), por exemplo), "
                  f"não {type(value).__name__}.")


@check("l2_sp_t2", states="O que o otimizador usa é o gradiente")
def l2_sp_gradient(t):
    model = _l2_net(t)
    values = _values(t, model)
    chosen = [name for name in values if t.rng.random() < 0.6] or list(values)[:1]
    start, _ = _start(t, values, chosen, 0.2)
    _, grads = _grads(t, model, start, 1.7)
    t.expect(grads, "os gradientes de cada parâmetro: alpha (w - w0) nos de start, nada nos outros")
